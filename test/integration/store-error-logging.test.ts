/**
 * A failed Redis write does not copy the draft into the logs. ioredis attaches the failed command, arguments
 * included, to its errors; a draft's question is an argument of the script that creates it. Here the store
 * connects as a Redis user that may not write (as against a read-only replica), and the Gate logs the failure.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { createLogger } from '../../src/server/create-logger.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { freshGithubToken } from '../support/fresh-secrets.js';
import { alice, target } from '../support/gate-fixture.js';
import { answers } from '../support/recording-agent.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';

describe('store errors in the logs', () => {
  const user = `readonly-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = connectTestRedis();
  let stores: Stores;

  beforeAll(async () => {
    // Reads only: every write, and every script (they write), is refused with NOPERM.
    await admin.call(
      'ACL',
      'SETUSER',
      user,
      'on',
      `>${password}`,
      '~*',
      '&*',
      '+@all',
      '-@write',
      '-@scripting',
    );
    const url = new URL(testRedisUrl());
    url.username = user;
    url.password = password;
    stores = createStores({
      redisUrl: url.toString(),
      prefix: uniquePrefix('ro'),
      keepFinishedMs: 60_000,
      clock: new ManualClock(),
    });
    await stores.redis?.connect();
  });

  afterAll(async () => {
    await stores?.drafts.close();
    await admin.call('ACL', 'DELUSER', user);
    admin.disconnect();
  });

  it('logs the failed command by name, without its arguments', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const gate = new Gate({
      store: stores.drafts,
      audit: stores.audit,
      policy: new Policy(policySchema.parse({})),
      agent: answers('a reply'),
      risk: createRiskReviewer(riskSchema.parse({})),
      logger: createLogger({ level: 'info', pretty: false, destination }),
      keepFinishedMs: 60_000,
      agentTimeoutMs: 5_000,
    });
    const secret = freshGithubToken();
    const result = await gate.request({
      target,
      requester: alice,
      question: `Why is ${secret} refused?`,
      source: 'slash',
    });
    expect(result).toMatchObject({ ok: false, code: 'unavailable' });
    const output = lines.join('');
    expect(output).toMatch(/NOPERM/);
    expect(output).toMatch(/"command":\{"name":"eval(?:sha)?"\}/);
    expect(output).not.toContain(secret);
    expect(output).not.toContain('Why is');
  });
});
