/** Concurrency on a real Redis: several Gate instances, each with its own connection, sharing one prefix. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/store/create-store.js';
import { createStores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { alice, auditTypes, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

async function replicas(count: number, policy?: unknown): Promise<GateFixture[]> {
  const prefix = uniquePrefix('replicas');
  const clock = new ManualClock();
  const out: GateFixture[] = [];
  for (let i = 0; i < count; i++) {
    const stores = createStores({ redisUrl: testRedisUrl(), prefix, keepFinishedMs: 3_600_000, clock });
    await stores.redis?.connect();
    out.push(
      await gateFixture('redis', {
        stores: { ...(stores as Stores), prefix },
        clock,
        ...(policy ? { policy } : {}),
      }),
    );
  }
  return out;
}

describe('gate concurrency on Redis', () => {
  let gates: GateFixture[] = [];
  afterEach(async () => {
    await Promise.all(gates.map((g) => g.close()));
    gates = [];
  });

  it('50 concurrent approves of one version over 5 connections: one publishing transition, one approved event', async () => {
    gates = await replicas(5);
    const [first] = gates;
    if (!first) throw new Error('no gate');
    const created = await first.gate.request({
      target,
      requester: alice,
      question: 'How do I read the logs?',
      source: 'slash',
    });
    if (!created.ok) throw new Error(created.message);
    const draft = created.draft;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gates[i % 5]?.gate.approve({
          draftId: draft.id,
          version: draft.version,
          actor: alice,
          confirmed: false,
        }),
      ),
    );
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    const posts = gates.reduce((n, g) => n + g.chat.posts.length, 0);
    expect(posts).toBe(1);
    const types = await auditTypes(first.stores, draft.id);
    expect(types.filter((t) => t === 'approved')).toHaveLength(1);
    expect(types.filter((t) => t === 'published')).toHaveLength(1);
    expect(types.filter((t) => t === 'stale_click')).toHaveLength(49);
  });

  it('an expired draft is never published, and 3 sweeping instances write exactly one expired event', async () => {
    gates = await replicas(3);
    const [first] = gates;
    if (!first) throw new Error('no gate');
    const created = await first.gate.request({ target, requester: alice, question: 'q', source: 'slash' });
    if (!created.ok) throw new Error(created.message);
    first.clock.advance(24 * 3_600_000 + 1);
    const reports = await Promise.all(gates.map((g) => g.gate.sweep()));
    expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(1);
    const types = await auditTypes(first.stores, created.draft.id);
    expect(types.filter((t) => t === 'expired')).toHaveLength(1);
    // Whichever replica expired it updated the card through its own chat: look at every replica's updates.
    const updates = gates.flatMap((g) => g.chat.updates.filter((u) => u.card.draft.id === created.draft.id));
    expect(updates.map((u) => u.card.headline)).toEqual(['Expired: never published']);
    const late = await first.gate.approve({
      draftId: created.draft.id,
      version: created.draft.version,
      actor: alice,
      confirmed: true,
    });
    expect(late).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(gates.reduce((n, g) => n + g.chat.posts.length, 0)).toBe(0);
  });

  it('a draft left in publishing past its lease becomes publish_unknown and is not re-posted without reconciliation', async () => {
    gates = await replicas(3);
    const [first] = gates;
    if (!first) throw new Error('no gate');
    const created = await first.gate.request({ target, requester: alice, question: 'q', source: 'slash' });
    if (!created.ok) throw new Error(created.message);
    const d = created.draft;
    // A process that died mid-publish: the approve transition happened, the publish never reported back.
    const stuck = await first.stores.drafts.transition({
      id: d.id,
      expectStates: ['pending'],
      expectVersion: d.version,
      set: { state: 'publishing', approvedBy: alice.id },
      lease: first.clock.now() + 60_000,
      expiry: null,
      event: {
        type: 'approved',
        draft_id: d.id,
        version: d.version,
        actor: alice.id,
        platform: 'slack',
        workspace: 'T1',
        channel: target.channel,
        at: new Date().toISOString(),
        text_sha256: '',
        detail: {},
      },
    });
    expect(stuck.ok).toBe(true);
    first.clock.advance(61_000);
    for (const g of gates) g.chat.findMode = 'error';
    const reports = await Promise.all(gates.map((g) => g.gate.sweep()));
    expect(reports.reduce((n, r) => n + r.publishUnknown, 0)).toBe(1);
    expect((await first.gate.get(d.id))?.state).toBe('publish_unknown');
    // Another approve click cannot re-post it.
    expect(
      await first.gate.approve({ draftId: d.id, version: d.version, actor: alice, confirmed: true }),
    ).toMatchObject({ ok: false });
    first.clock.advance(5_000);
    await Promise.all(gates.map((g) => g.gate.sweep()));
    expect((await first.gate.get(d.id))?.state).toBe('publish_unknown');
    expect(gates.reduce((n, g) => n + g.chat.posts.length, 0)).toBe(0);
    // Reconciliation that can see the channel finds no message: publish_failed, for a human to Retry, never re-posted.
    for (const g of gates) g.chat.findMode = 'search';
    await Promise.all(gates.map((g) => g.gate.sweep()));
    expect((await first.gate.get(d.id))?.state).toBe('publish_failed');
    expect(gates.reduce((n, g) => n + g.chat.posts.length, 0)).toBe(0);
    const types = await auditTypes(first.stores, d.id);
    expect(types.filter((t) => t === 'publish_unknown')).toHaveLength(1);
    expect(types.filter((t) => t === 'publish_failed')).toHaveLength(1);
  });
});
