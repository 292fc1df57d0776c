/** Requests by people are rate limited per requester (rate-limiter-flexible, in Redis when there is Redis). */
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/store/create-limiter.js';
import { createStores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { alice, auditTypes, bob, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

describe('request rate limit', () => {
  it('refuses a requester over the limit with retry-after and a denied event, and leaves others alone', async () => {
    const clock = new ManualClock();
    const prefix = uniquePrefix('limit');
    const stores = createStores({ redisUrl: testRedisUrl(), prefix, keepFinishedMs: 60_000, clock });
    await stores.redis?.connect();
    const limiter = createLimiter({
      points: 2,
      durationMs: 60_000,
      keyPrefix: `${prefix}:rl`,
      redis: stores.redis,
    });
    const f = await gateFixture('redis', { stores: { ...stores, prefix }, clock, requestLimiter: limiter });
    try {
      const ask = (actor: typeof alice) =>
        f.gate.request({ target, requester: actor, question: 'q', source: 'slash' });
      expect((await ask(alice)).ok).toBe(true);
      expect((await ask(alice)).ok).toBe(true);
      const third = await ask(alice);
      expect(third).toMatchObject({ ok: false, code: 'rate_limited' });
      expect(third.ok ? 0 : (third.retryAfterMs ?? 0)).toBeGreaterThan(0);
      expect((await ask(bob)).ok).toBe(true);
      const denied = (await f.stores.audit.range({})).filter((e) => e.type === 'denied');
      expect(denied.map((e) => [e.actor, JSON.parse(e.detail).reason])).toEqual([[alice.id, 'rate_limited']]);
      expect((await auditTypes(f.stores)).filter((t) => t === 'requested')).toHaveLength(3);
    } finally {
      await f.close();
    }
  });
});
