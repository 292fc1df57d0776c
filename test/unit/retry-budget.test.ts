/** The retry budget: failover errors are retried after a topology refresh until the budget is spent; others not. */
import { describe, expect, it } from 'vitest';
import { ReplicationTimeoutError } from '../../src/store/redis/resilient-redis.js';
import {
  isTransientRedisError,
  RetryBudget,
  StoreUnavailableError,
} from '../../src/store/redis/retry-budget.js';

/** A budget on a fake clock: sleeping advances time, so nothing here waits for real. */
function fakeBudget(budgetMs: number) {
  let now = 0;
  const refreshed: string[] = [];
  const budget = new RetryBudget({
    budgetMs,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    refresh: (error) => {
      refreshed.push(error.message);
    },
  });
  return { budget, refreshed, elapsed: () => now };
}

describe('retry budget', () => {
  it('classifies failover replies and lost connections as transient, and script or WAIT failures as not', () => {
    for (const message of [
      'MOVED 3999 127.0.0.1:6381',
      'ASK 3999 127.0.0.1:6381',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'CLUSTERDOWN The cluster is down',
      "READONLY You can't write against a read only replica.",
      "ERR Error running script (call to f_1): @user_script:9: -READONLY You can't write against a read only replica.",
      'LOADING Redis is loading the dataset in memory',
      'Connection is closed.',
      "Stream isn't writeable and enableOfflineQueue options is false",
      'connect ECONNREFUSED 127.0.0.1:6379',
      'All sentinels are unreachable. Retrying from scratch after 100ms.',
    ]) {
      expect(isTransientRedisError(new Error(message)), message).toBe(true);
    }
    expect(isTransientRedisError(new Error('ERR Error running script: attempt to index a nil value'))).toBe(
      false,
    );
    expect(isTransientRedisError(new Error('WRONGTYPE Operation against a key holding the wrong kind'))).toBe(
      false,
    );
    expect(isTransientRedisError(new ReplicationTimeoutError(0, 1, 500))).toBe(false);
    expect(isTransientRedisError('MOVED')).toBe(false);
  });

  it('retries through MOVED and a lost connection, refreshing the topology each time, and returns the answer', async () => {
    const { budget, refreshed } = fakeBudget(5_000);
    const errors = [new Error('MOVED 1 127.0.0.1:7001'), new Error('Connection is closed.')];
    let calls = 0;
    const answer = await budget.run(async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return 'done';
    });
    expect(answer).toBe('done');
    expect(calls).toBe(3);
    expect(refreshed).toEqual(['MOVED 1 127.0.0.1:7001', 'Connection is closed.']);
  });

  it('fails closed with StoreUnavailableError once the budget is spent, naming the last error', async () => {
    const { budget, elapsed } = fakeBudget(5_000);
    const attempt = budget.run(async () => {
      throw new Error('CLUSTERDOWN The cluster is down');
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(/retry budget of 5000 ms \(last error: CLUSTERDOWN/);
    expect(elapsed()).toBeGreaterThanOrEqual(5_000);
  });

  it('does not retry an error that a retry cannot fix', async () => {
    const { budget } = fakeBudget(5_000);
    let calls = 0;
    const attempt = budget.run(async () => {
      calls++;
      throw new ReplicationTimeoutError(0, 1, 500);
    });
    await expect(attempt).rejects.toBeInstanceOf(ReplicationTimeoutError);
    expect(calls).toBe(1);
  });
});
