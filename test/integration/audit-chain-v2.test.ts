/**
 * Chain v2 (hv=2: Node digests the entry, Lua links the digests) on the real Redis store: the Lua link matches
 * node:crypto, a stream that already holds v1 entries upgrades in place and verifies across the boundary, and the
 * sweep (which builds its events inside Lua) writes the same v2 hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import { chainHashV1, linkHash } from '../../src/core/audit-hash.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { eventToWire } from '../../src/store/event-wire.js';
import { chainLinkLua } from '../../src/store/redis/chain-link-lua.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { ManualClock } from '../support/clock.js';
import { testRedisUrl } from '../support/redis.js';
import { testStores } from '../support/stores.js';

function event(type: AuditEventInput['type'], n: number): AuditEventInput {
  return auditEvent({
    type,
    draft_id: `d${n}`,
    version: n,
    at: new Date(Date.UTC(2026, 10, 29, 12, 0, n)).toISOString(),
    detail: { reason: `näive ✓ ${n}`, n },
  });
}

describe('chain v2 link in Redis Lua', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('equals SHA-256(prev_hash ‖ entry_digest) from node:crypto', async () => {
    const script = `${chainLinkLua()}\nreturn chain_link(ARGV[1], ARGV[2])`;
    const pairs = [
      ['0'.repeat(64), 'f'.repeat(64)],
      ['f'.repeat(64), '0'.repeat(64)],
      ...Array.from({ length: 12 }, () => [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')]),
    ];
    for (const [prev = '', digest = ''] of pairs) {
      const expected = createHash('sha256')
        .update(Buffer.concat([Buffer.from(prev, 'hex'), Buffer.from(digest, 'hex')]))
        .digest('hex');
      expect(await redis.eval(script, 0, prev, digest)).toBe(expected);
      expect(linkHash(prev, digest)).toBe(expected);
    }
  });
});

describe('chain v1 → v2 upgrade on Redis', () => {
  const clock = new ManualClock();
  let stores: Awaited<ReturnType<typeof testStores>>;
  let raw: Redis;
  beforeAll(async () => {
    stores = await testStores('redis', clock);
    raw = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    raw.disconnect();
    await stores.drafts.close();
  });

  it('appends v2 entries after the v1 entries already in the stream, and verify passes across the boundary', async () => {
    const keys = redisKeys(stores.prefix);
    // What a v1 deployment left: entries without hv, hashed over every field and prev_hash, and the head.
    let head = '0'.repeat(64);
    for (let n = 1; n <= 3; n++) {
      const wire = eventToWire(event('denied', n));
      const hash = chainHashV1({ ...wire, prev_hash: head });
      await raw.xadd(keys.audit, '*', ...Object.entries(wire).flat(), 'prev_hash', head, 'hash', hash);
      head = hash;
    }
    await raw.set(keys.head, head);

    await stores.audit.append(event('stale_click', 4));
    await stores.audit.append(event('denied', 5));
    const entries = await stores.audit.range({});
    expect(entries.map((e) => e.hv)).toEqual(['', '', '', '2', '2']);
    expect(entries[3]?.prev_hash).toBe(entries[2]?.hash);

    const verdict = await verifyChain(stores.audit.walk(), await stores.audit.head());
    expect(verdict).toMatchObject({ ok: true, entries: 5, v1: 3, v2: 2, upgradedAt: entries[3]?.id });

    // Both sides of the boundary are still checked: altering a v1 or a v2 entry is caught.
    for (const index of [1, 4]) {
      const altered = entries.map((e, i) => (i === index ? { ...e, actor: 'U2' } : e));
      const broken = await verifyChain(
        (async function* () {
          yield* altered;
        })(),
        await stores.audit.head(),
      );
      expect(broken).toMatchObject({ ok: false, badEntry: entries[index]?.id });
    }
  });

  it('the sweep, which builds its events inside Lua, writes the same v2 hashes', async () => {
    const now = clock.now();
    const created = await stores.drafts.transition({
      id: 'sweepme',
      create: {
        id: 'sweepme',
        target: { platform: 'slack', workspace: 'T1', channel: 'C1' },
        requester: 'U1',
        question: 'q',
        agent: 'a',
        source: 'slash',
        state: 'pending',
        version: 1,
        text: 'hello',
        originalText: 'hello',
        findings: [],
        reviews: [],
        createdAt: now,
        updatedAt: now,
        expiresAt: now + 10,
      },
      expiry: now + 10,
      event: { ...event('drafted', 6), draft_id: 'sweepme', version: 1 },
    });
    expect(created.ok).toBe(true);
    clock.advance(100);
    const expired = await stores.drafts.expireDue({
      now: clock.now(),
      limit: 10,
      at: new Date(clock.now()).toISOString(),
    });
    expect(expired.map((d) => d.id)).toEqual(['sweepme']);
    const last = (await stores.audit.range({})).at(-1);
    expect(last).toMatchObject({ type: 'expired', hv: '2' });
    expect(await verifyChain(stores.audit.walk(), await stores.audit.head())).toMatchObject({ ok: true });
  });
});
