/**
 * Chain v2 links computed in Node (chain-predictor.ts) on the real Redis store: one writer's predictions hold and
 * the chain verifies; two writers on one chain miss some predictions and the chain still verifies; a hint is used only
 * when its link_prev is the real head, and `audit verify` is what catches a wrong link.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkHash } from '../../src/core/audit-hash.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import { appendArgs, eventToScript } from '../../src/store/event-wire.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { ManualClock } from '../support/clock.js';
import { draft } from '../support/drafts.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const clock = new ManualClock();

async function storesOn(prefix: string): Promise<Stores> {
  const stores = createStores({ redisUrl: testRedisUrl(), prefix, keepFinishedMs: 3_600_000, clock });
  await stores.redis?.connect();
  return stores;
}

function stats(stores: Stores): { hits: number; misses: number } {
  if (!stores.chain) throw new Error('a Redis store has a chain predictor');
  return stores.chain.stats();
}

const event = (n: number) =>
  auditEvent({
    type: 'stale_click',
    draft_id: `d${n}`,
    version: n,
    at: new Date(Date.UTC(2026, 11, 2, 12, 0, n)).toISOString(),
  });

describe('audit chain links predicted in Node', () => {
  const opened: Stores[] = [];
  let raw: Redis;
  beforeAll(() => {
    raw = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    raw.disconnect();
    await Promise.all(opened.map((stores) => stores.drafts.close()));
  });
  const open = async (prefix: string) => {
    const stores = await storesOn(prefix);
    opened.push(stores);
    return stores;
  };

  it('one writer: after the first reply every append and transition in flight is predicted, and the chain verifies', async () => {
    const stores = await open(uniquePrefix('chain'));
    await stores.audit.append(event(0));
    expect(stats(stores)).toEqual({ hits: 0, misses: 1 });
    const now = clock.now();
    await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => stores.audit.append(event(n + 1))),
      ...Array.from({ length: 10 }, (_, n) =>
        stores.drafts.transition({
          id: `draft${n}`,
          create: draft({ id: `draft${n}`, createdAt: now, updatedAt: now, expiresAt: now + 60_000 }),
          event: auditEvent({ type: 'requested', draft_id: `draft${n}` }),
          also: [auditEvent({ type: 'drafted', draft_id: `draft${n}` })],
        }),
      ),
    ]);
    expect(stats(stores)).toEqual({ hits: 50, misses: 1 });
    const verdict = await verifyChain(stores.audit.walk(), await stores.audit.head());
    expect(verdict).toMatchObject({ ok: true, entries: 61, v2: 61 });
  });

  it('a refused transition leaves the head alone, and the predictions after it recover', async () => {
    const stores = await open(uniquePrefix('chain'));
    await stores.audit.append(event(0));
    const [refused] = await Promise.all([
      stores.drafts.transition({
        id: 'missing',
        expectStates: ['pending'],
        set: { state: 'publishing' },
        event: auditEvent({ type: 'approved', draft_id: 'missing' }),
      }),
      stores.audit.append(event(1)),
    ]);
    expect(refused).toMatchObject({ ok: false, reason: 'not_found' });
    await stores.audit.append(event(2));
    // The refused script missed (it appended nothing), the append behind it was linked by Lua, then all hold again.
    expect(stats(stores)).toEqual({ hits: 1, misses: 3 });
    expect(await verifyChain(stores.audit.walk(), await stores.audit.head())).toMatchObject({
      ok: true,
      entries: 3,
    });
  });

  it('two writers on one chain: interleaved appends miss some predictions, and the chain still verifies', async () => {
    const prefix = uniquePrefix('chain');
    const [a, b] = [await open(prefix), await open(prefix)];
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.audit.append(event(round)), b.audit.append(event(100 + round))]);
    }
    expect(stats(a).misses + stats(b).misses).toBeGreaterThan(2);
    const verdict = await verifyChain(a.audit.walk(), await a.audit.head());
    expect(verdict).toMatchObject({ ok: true, entries: 40 });
  });

  it('a hint is taken only when its link_prev is the real head; verify catches a wrong link that was taken', async () => {
    const prefix = uniquePrefix('chain');
    const stores = await open(prefix);
    const keys = redisKeys(prefix);
    await stores.audit.append(event(0));
    const head = await stores.audit.head();
    const bogus = 'e'.repeat(64);
    const send = (hint: { link_prev: string; link: string }, n: number) =>
      stores.redis?.dgAppend(
        keys.audit,
        keys.head,
        randomUUID(),
        ...appendArgs({ ...eventToScript(event(n)), ...hint }),
      );
    // A stale link_prev: the script ignores the hint and links in Lua.
    const staleDigest = eventToScript(event(1)).entry_digest;
    await send({ link_prev: 'f'.repeat(64), link: bogus }, 1);
    expect(await stores.audit.head()).toBe(linkHash(head, staleDigest));
    expect(await verifyChain(stores.audit.walk(), await stores.audit.head())).toMatchObject({ ok: true });
    // The right link_prev with a wrong link: the script takes it (it trusts the writer, as it does for entry_digest),
    // and the verifier, which recomputes every link, names the entry.
    await send({ link_prev: await stores.audit.head(), link: bogus }, 2);
    const last = (await stores.audit.range({})).at(-1);
    expect(last?.hash).toBe(bogus);
    expect(await verifyChain(stores.audit.walk(), await stores.audit.head())).toMatchObject({
      ok: false,
      badEntry: last?.id,
    });
  });
});
