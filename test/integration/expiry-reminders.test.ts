/**
 * Expiry reminders and Extend, on both stores: one reminder `policy.expiry_warning` before expiry (claimed with its
 * `expiry_warned` event in one atomic step), exactly one even when three Gates on one Redis sweep at once, and
 * Extend working `policy.max_extensions` times, then refused with a `denied` event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/core/draft.js';
import type { Stores } from '../../src/store/create-store.js';
import { createStores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { alice, auditTypes, bob, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const HOUR = 3_600_000;
const POLICY = { draft_ttl: '4h', expiry_warning: '1h', max_extensions: 1 };

async function requested(f: GateFixture, question = 'How do I read the logs?'): Promise<Draft> {
  const result = await f.gate.request({ target, requester: alice, question, source: 'slash' });
  if (!result.ok) throw new Error(result.message);
  return result.draft;
}

describe.each(['redis', 'memory'] as const)('expiry reminders and Extend (%s store)', (kind) => {
  let f: GateFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('sends one reminder with Extend when the warning time comes, and never a second one', async () => {
    f = await gateFixture(kind, { policy: POLICY });
    const draft = await requested(f);
    f.clock.advance(3 * HOUR - 60_000);
    expect((await f.gate.sweep()).warned).toBe(0);
    f.clock.advance(120_000);
    expect((await f.gate.sweep()).warned).toBe(1);
    expect(f.chat.reminders).toHaveLength(1);
    const [reminder] = f.chat.reminders;
    expect(reminder?.recipient).toBe(alice.id);
    expect(reminder?.draft.id).toBe(draft.id);
    expect(reminder?.text).toMatch(/expires in about 59 min .*never be posted.*Extend/);
    expect(reminder?.extend).toEqual({ byMs: 4 * HOUR, remainingAfter: 0 });
    f.clock.advance(60_000);
    expect((await f.gate.sweep()).warned).toBe(0);
    expect(f.chat.reminders).toHaveLength(1);
    expect((await auditTypes(f.stores, draft.id)).filter((t) => t === 'expiry_warned')).toHaveLength(1);
  });

  it('sends no reminder when expiry_warning is 0, nor for a draft decided before the warning time', async () => {
    f = await gateFixture(kind, { policy: { ...POLICY, expiry_warning: 0 } });
    await requested(f);
    f.clock.advance(3.5 * HOUR);
    expect((await f.gate.sweep()).warned).toBe(0);
    await f.close();
    f = await gateFixture(kind, { policy: POLICY });
    const discarded = await requested(f);
    await f.gate.discard({ draftId: discarded.id, version: discarded.version, actor: alice });
    f.clock.advance(3.5 * HOUR);
    expect((await f.gate.sweep()).warned).toBe(0);
    expect(f.chat.reminders).toHaveLength(0);
  });

  it('Extend works once (by draft_ttl, audited), and is refused the second time with max_extensions: 1', async () => {
    f = await gateFixture(kind, { policy: POLICY });
    const draft = await requested(f);
    f.clock.advance(3.5 * HOUR);
    await f.gate.sweep();
    const first = await f.gate.extend({ draftId: draft.id, version: draft.version, actor: alice });
    expect(first.ok).toBe(true);
    const extended = await f.gate.get(draft.id);
    expect(extended?.state).toBe('pending');
    expect(extended?.expiresAt).toBe(draft.expiresAt + 4 * HOUR);
    expect(extended?.extensions).toBe(1);
    // The old expiry passes: nothing expires.
    f.clock.advance(HOUR);
    expect((await f.gate.sweep()).expired).toBe(0);

    const second = await f.gate.extend({ draftId: draft.id, version: draft.version, actor: alice });
    expect(second).toMatchObject({ ok: false, code: 'denied' });
    expect(second.ok ? '' : second.message).toMatch(/already extended once, the most policy allows/);
    expect((await f.gate.get(draft.id))?.expiresAt).toBe(draft.expiresAt + 4 * HOUR);
    const entries = await f.stores.audit.range({ draftId: draft.id });
    expect(entries.filter((e) => e.type === 'extended')).toHaveLength(1);
    const refusals = entries.filter((e) => e.type === 'denied').map((e) => JSON.parse(e.detail));
    expect(refusals).toEqual([{ action: 'extend', reason: 'max_extensions' }]);

    // A new reminder comes before the new expiry, and it no longer offers Extend.
    f.clock.advance(2.5 * HOUR);
    expect((await f.gate.sweep()).warned).toBe(1);
    expect(f.chat.reminders.at(-1)?.extend).toBeUndefined();
    expect(f.chat.reminders.at(-1)?.text).toMatch(/cannot be extended again/);
    f.clock.advance(HOUR);
    expect((await f.gate.sweep()).expired).toBe(1);
  });

  it('refuses Extend from someone who may not decide, on a stale card, and after a decision', async () => {
    f = await gateFixture(kind, { policy: POLICY });
    const draft = await requested(f);
    expect(await f.gate.extend({ draftId: draft.id, version: draft.version, actor: bob })).toMatchObject({
      ok: false,
      code: 'denied',
    });
    await f.gate.edit({ draftId: draft.id, version: draft.version, actor: alice, text: 'Shorter.' });
    expect(await f.gate.extend({ draftId: draft.id, version: draft.version, actor: alice })).toMatchObject({
      ok: false,
      code: 'stale',
    });
    await f.gate.approve({ draftId: draft.id, version: draft.version + 1, actor: alice, confirmed: false });
    expect(
      await f.gate.extend({ draftId: draft.id, version: draft.version + 1, actor: alice }),
    ).toMatchObject({ ok: false, code: 'invalid_state' });
    const types = await auditTypes(f.stores, draft.id);
    expect(types).not.toContain('extended');
    expect(types.filter((t) => t === 'denied' || t === 'stale_click')).toHaveLength(3);
  });
});

describe('expiry reminders with three Gates on one Redis', () => {
  let gates: GateFixture[] = [];
  afterEach(async () => {
    await Promise.all(gates.map((g) => g.close()));
    gates = [];
  });

  it('three Gates sweeping at once send exactly one reminder per draft', async () => {
    const prefix = uniquePrefix('reminders');
    const clock = new ManualClock();
    for (let i = 0; i < 3; i++) {
      const stores = createStores({ redisUrl: testRedisUrl(), prefix, keepFinishedMs: HOUR, clock });
      await stores.redis?.connect();
      gates.push(
        await gateFixture('redis', { stores: { ...(stores as Stores), prefix }, clock, policy: POLICY }),
      );
    }
    const [first] = gates;
    if (!first) throw new Error('no gate');
    const drafts = await Promise.all(Array.from({ length: 20 }, (_, i) => requested(first, `question ${i}`)));
    clock.advance(3.5 * HOUR);
    // Each Gate sweeps twice, all at once.
    const reports = await Promise.all([...gates, ...gates].map((g) => g.gate.sweep(5)));
    await Promise.all(gates.map((g) => g.gate.sweep()));
    expect(reports.reduce((n, r) => n + r.warned, 0)).toBe(20);
    const reminders = gates.flatMap((g) => g.chat.reminders.map((r) => r.draft.id));
    expect(reminders.sort()).toEqual(drafts.map((d) => d.id).sort());
    for (const draft of drafts) {
      const types = await auditTypes(first.stores, draft.id);
      expect(types.filter((t) => t === 'expiry_warned')).toHaveLength(1);
    }
  });
});
