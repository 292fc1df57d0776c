/**
 * The store contract: the same suite against the Redis store and the in-memory store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import type { Draft } from '../../src/core/draft.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import type { Stores } from '../../src/store/create-store.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { ManualClock } from '../support/clock.js';
import { draft } from '../support/drafts.js';
import { testStores } from '../support/stores.js';

function draftFixture(id: string, now: number, overrides: Partial<Draft> = {}): Draft {
  return draft({
    id,
    target: { platform: 'slack', workspace: 'T1', channel: 'C1', thread: '111.222' },
    requester: 'U1',
    question: 'How do I grant access?',
    agent: 'demo',
    state: 'drafting',
    version: 0,
    text: '',
    originalText: '',
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 1000,
    ...overrides,
  });
}

function event(
  type: AuditEventInput['type'],
  draft: Pick<Draft, 'id' | 'version'>,
  at: number,
): AuditEventInput {
  return auditEvent({
    type,
    draft_id: draft.id,
    version: draft.version,
    at: new Date(at).toISOString(),
    detail: { note: 'x' },
  });
}

describe.each(['redis', 'memory'] as const)('store contract: %s', (kind) => {
  let clock: ManualClock;
  let stores: Stores & { prefix: string };

  beforeEach(async () => {
    clock = new ManualClock();
    stores = await testStores(kind, clock);
  });
  afterEach(async () => {
    await stores.drafts.close();
  });

  async function create(id: string, overrides: Partial<Draft> = {}) {
    const draft = draftFixture(id, clock.now(), overrides);
    const result = await stores.drafts.transition({
      id,
      create: draft,
      expiry: draft.expiresAt,
      event: event('requested', draft, clock.now()),
    });
    expect(result.ok).toBe(true);
    return draft;
  }

  it('creates a draft once and reads back every field', async () => {
    const draft = await create('d0000001', { context: 'thread ctx', findings: [] });
    const again = await stores.drafts.transition({
      id: draft.id,
      create: draft,
      event: event('requested', draft, clock.now()),
    });
    expect(again).toMatchObject({ ok: false, reason: 'exists' });
    const read = await stores.drafts.get(draft.id);
    expect(read).toEqual(draft);
  });

  it('checks state and version, and writes the event only when the transition happens', async () => {
    const draft = await create('d0000002');
    const ok = await stores.drafts.transition({
      id: draft.id,
      expectStates: ['drafting'],
      expectVersion: 0,
      set: { state: 'pending', version: 1, text: 'hello', originalText: 'hello' },
      event: event('drafted', { id: draft.id, version: 1 }, clock.now()),
    });
    expect(ok.ok && ok.draft.state).toBe('pending');
    expect(ok.ok && ok.draft.text).toBe('hello');
    const wrongState = await stores.drafts.transition({
      id: draft.id,
      expectStates: ['drafting'],
      set: { state: 'failed' },
      event: event('agent_failed', draft, clock.now()),
    });
    expect(wrongState).toMatchObject({ ok: false, reason: 'state' });
    const wrongVersion = await stores.drafts.transition({
      id: draft.id,
      expectStates: ['pending'],
      expectVersion: 0,
      set: { state: 'discarded' },
      event: event('discarded', draft, clock.now()),
    });
    expect(wrongVersion).toMatchObject({ ok: false, reason: 'version' });
    const missing = await stores.drafts.transition({
      id: 'nope0000',
      expectStates: ['pending'],
      event: event('discarded', draft, clock.now()),
    });
    expect(missing).toMatchObject({ ok: false, reason: 'not_found' });
    const types = (await stores.audit.range({})).map((e) => e.type);
    expect(types).toEqual(['requested', 'drafted']);
  });

  it('keeps the agent original apart from edits', async () => {
    const draft = await create('d0000003');
    await stores.drafts.transition({
      id: draft.id,
      expectStates: ['drafting'],
      set: { state: 'pending', version: 1, text: 'orig', originalText: 'orig' },
      event: event('drafted', draft, clock.now()),
    });
    const edited = await stores.drafts.transition({
      id: draft.id,
      expectStates: ['pending'],
      set: { version: 2, text: 'edited', originalText: 'orig' },
      event: event('edited', draft, clock.now()),
    });
    expect(edited.ok && [edited.draft.text, edited.draft.originalText]).toEqual(['edited', 'orig']);
  });

  it('attaches review cards without a state change', async () => {
    const draft = await create('d0000004');
    expect(await stores.drafts.attachReview(draft.id, { user: 'U1', channel: 'D1', message: '1.2' })).toBe(
      true,
    );
    expect(await stores.drafts.attachReview('missing0', { user: 'U1', channel: 'D1', message: '1.2' })).toBe(
      false,
    );
    expect((await stores.drafts.get(draft.id))?.reviews).toEqual([
      { user: 'U1', channel: 'D1', message: '1.2' },
    ]);
    expect(await stores.drafts.get('missing0')).toBeUndefined();
  });

  it('expires due open drafts once, with one expired event each, and leaves decided drafts alone', async () => {
    const a = await create('d000000a');
    const b = await create('d000000b');
    await stores.drafts.transition({
      id: b.id,
      expectStates: ['drafting'],
      set: { state: 'discarded' },
      event: event('discarded', b, clock.now()),
    });
    await create('d000000c', { expiresAt: clock.now() + 10_000 });
    clock.advance(2000);
    const spec = { now: clock.now(), limit: 10, at: new Date(clock.now()).toISOString() };
    const [first, second] = await Promise.all([stores.drafts.expireDue(spec), stores.drafts.expireDue(spec)]);
    const expired = [...(first ?? []), ...(second ?? [])];
    expect(expired.map((d) => d.id)).toEqual([a.id]);
    expect(expired[0]?.state).toBe('expired');
    const events = (await stores.audit.range({})).filter((e) => e.type === 'expired');
    expect(events.map((e) => [e.draft_id, e.actor])).toEqual([[a.id, 'system']]);
  });

  it('turns a publish past its lease into publish_unknown and lists it for reconciliation', async () => {
    const draft = await create('d0000005');
    await stores.drafts.transition({
      id: draft.id,
      expectStates: ['drafting'],
      set: { state: 'publishing' },
      lease: clock.now() + 500,
      expiry: null,
      event: event('approved', draft, clock.now()),
    });
    clock.advance(1000);
    const spec = { now: clock.now(), limit: 10, at: new Date(clock.now()).toISOString() };
    const reclaimed = await stores.drafts.reclaimLeases(spec);
    expect(reclaimed.map((d) => d.state)).toEqual(['publish_unknown']);
    expect(await stores.drafts.reclaimLeases(spec)).toEqual([]);
    expect((await stores.drafts.listPublishUnknown(10)).map((d) => d.id)).toEqual([draft.id]);
    const types = (await stores.audit.range({})).map((e) => e.type);
    expect(types).toEqual(['requested', 'approved', 'publish_unknown']);
  });

  it('claims an ended retract window once', async () => {
    const draft = await create('d0000006');
    await stores.drafts.transition({
      id: draft.id,
      expectStates: ['drafting'],
      set: { state: 'published' },
      retractDeadline: clock.now() + 100,
      event: event('published', draft, clock.now()),
    });
    clock.advance(200);
    const spec = { now: clock.now(), limit: 10, at: '' };
    expect((await stores.drafts.claimRetractEnded(spec)).map((d) => d.id)).toEqual([draft.id]);
    expect(await stores.drafts.claimRetractEnded(spec)).toEqual([]);
  });

  it('indexes open drafts by requester, by intake agent and awaiting a second approval, and drops them when they leave', async () => {
    const move = (id: string, from: Draft['state'], to: Draft['state']) =>
      stores.drafts.transition({
        id,
        expectStates: [from],
        set: { state: to },
        event: event('drafted', { id, version: 1 }, clock.now()),
      });
    const ids = (drafts: Draft[]) => drafts.map((d) => d.id);
    const mine = { by: 'requester', platform: 'slack', user: 'U1' } as const;
    const agent = { by: 'agent', agent: 'bot' } as const;
    const second = { by: 'second_approval', platform: 'slack', workspace: 'T1' } as const;
    await create('d00000i1', { expiresAt: clock.now() + 3000 });
    await create('d00000i2', { expiresAt: clock.now() + 1000, source: 'intake', agent: 'bot' });
    await create('d00000i3', { requester: 'U2', expiresAt: clock.now() + 10_000 });
    await create('d00000i4', { target: { platform: 'discord', workspace: 'G1', channel: 'C1' } });
    // Drafting is the agent's turn, not a person's: not in the inbox yet.
    expect(await stores.drafts.listOpen(mine, 10)).toEqual([]);
    for (const id of ['d00000i1', 'd00000i2', 'd00000i3', 'd00000i4']) await move(id, 'drafting', 'pending');
    // Soonest expiry first; another requester's and another platform's drafts are not mine.
    expect(ids(await stores.drafts.listOpen(mine, 10))).toEqual(['d00000i2', 'd00000i1']);
    expect(ids(await stores.drafts.listOpen(mine, 1))).toEqual(['d00000i2']);
    expect(ids(await stores.drafts.listOpen(agent, 10))).toEqual(['d00000i2']);
    expect(await stores.drafts.listOpen(second, 10)).toEqual([]);
    await move('d00000i1', 'pending', 'awaiting_second_approval');
    expect(ids(await stores.drafts.listOpen(second, 10))).toEqual(['d00000i1']);
    expect(await stores.drafts.listOpen({ ...second, workspace: 'T2' }, 10)).toEqual([]);
    expect(ids(await stores.drafts.listOpen(mine, 10))).toEqual(['d00000i2', 'd00000i1']);
    await move('d00000i1', 'awaiting_second_approval', 'publishing');
    expect(await stores.drafts.listOpen(second, 10)).toEqual([]);
    expect(ids(await stores.drafts.listOpen(mine, 10))).toEqual(['d00000i2']);
    // The expiry sweep drops a draft from every index it was in.
    clock.advance(2000);
    await stores.drafts.expireDue({ now: clock.now(), limit: 10, at: new Date(clock.now()).toISOString() });
    expect(await stores.drafts.listOpen(mine, 10)).toEqual([]);
    expect(await stores.drafts.listOpen(agent, 10)).toEqual([]);
    expect(ids(await stores.drafts.listOpen({ by: 'requester', platform: 'slack', user: 'U2' }, 10))).toEqual(
      ['d00000i3'],
    );
  });

  it.runIf(kind === 'redis')(
    'reindexOpen puts open drafts that predate the indexes into them, and nothing else',
    async () => {
      const mine = { by: 'requester', platform: 'slack', user: 'U1' } as const;
      await create('d00000r1', { state: 'pending', expiresAt: clock.now() + 5000 });
      await create('d00000r2', { state: 'pending', expiresAt: clock.now() + 3000 });
      await create('d00000r3');
      const keys = await stores.redis?.keys(`${stores.prefix}:*:open:*`);
      // As if written by a version without the indexes.
      if (keys && keys.length > 0) await stores.redis?.del(...keys);
      expect(await stores.drafts.listOpen(mine, 10)).toEqual([]);
      expect(await stores.drafts.reindexOpen?.()).toBe(3);
      expect((await stores.drafts.listOpen(mine, 10)).map((d) => d.id)).toEqual(['d00000r2', 'd00000r1']);
      // Idempotent.
      await stores.drafts.reindexOpen?.();
      expect((await stores.drafts.listOpen(mine, 10)).map((d) => d.id)).toEqual(['d00000r2', 'd00000r1']);
    },
  );

  it('claimOnce is true for the first caller only', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => stores.drafts.claimOnce('k1', 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('chains every event and the chain verifies; a modified or missing entry is detected', async () => {
    const draft = await create('d0000007');
    await stores.audit.append(event('denied', draft, clock.now()));
    await stores.audit.append(event('stale_click', draft, clock.now()));
    const entries = await stores.audit.range({});
    expect(entries).toHaveLength(3);
    expect(entries[0]?.prev_hash).toBe('0'.repeat(64));
    expect(entries[1]?.prev_hash).toBe(entries[0]?.hash);
    const head = await stores.audit.head();
    expect(await verifyChain(toIterable(entries), head)).toMatchObject({ ok: true, entries: 3 });
    const modified = entries.map((e, i) => (i === 1 ? { ...e, actor: 'U2' } : e));
    expect(await verifyChain(toIterable(modified), head)).toMatchObject({
      ok: false,
      badEntry: entries[1]?.id,
    });
    const removed = entries.filter((_, i) => i !== 1);
    expect(await verifyChain(toIterable(removed), head)).toMatchObject({
      ok: false,
      badEntry: entries[2]?.id,
    });
    expect(await verifyChain(toIterable(entries.slice(0, 2)), head)).toMatchObject({ ok: false });
  });
});

async function* toIterable<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}
