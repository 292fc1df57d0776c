/** Rate limits (rate-limiter-flexible) in Redis when there is Redis, so that every replica counts together. */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestLimiter } from '../core/ports.js';
import type { RetryBudget } from './redis/retry-budget.js';
import type { ScriptedRedis } from './redis/scripts.js';

export interface LimitOptions {
  points: number;
  durationMs: number;
  keyPrefix: string;
  redis?: ScriptedRedis | undefined;
  /** The store's retry budget: a limit check rides through a failover like every other Redis operation. */
  retry?: RetryBudget | undefined;
}

/** A limiter that resolves 0 when allowed and the wait in ms when not. A store outage rejects (fail closed). */
export function createLimiter(options: LimitOptions): RequestLimiter {
  const duration = Math.max(1, Math.ceil(options.durationMs / 1000));
  const limiter = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: options.keyPrefix,
        points: options.points,
        duration,
      })
    : new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration });
  return {
    async consume(key: string): Promise<number> {
      try {
        const consume = () => limiter.consume(key, 1);
        await (options.retry ? options.retry.run(consume) : consume());
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
        throw rejection;
      }
    },
  };
}
