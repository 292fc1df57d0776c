/**
 * The inbox (Gate.pending, Gate.reopen) and roles from the platform, decided by the Gate and Policy on both stores:
 * everyone sees only the drafts they may act on, and a failed role lookup refuses with its own audited reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/draft.js';
import { alice, bob, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';

const secondApproval = { second_approval: { mode: 'always', approvers: { roles: ['S_SECURITY'] } } };
const carol: Actor = { id: 'U_CAROL', platform: 'slack', workspace: 'T2' };

describe.each(['redis', 'memory'] as const)('the inbox and platform roles, on %s', (kind) => {
  let f: GateFixture;
  afterEach(async () => {
    await f.close();
  });

  async function requested(question = 'How do I read the api logs?') {
    const result = await f.gate.request({ target, requester: alice, question, source: 'slash' });
    if (!result.ok) throw new Error(`request failed: ${result.message}`);
    return result.draft;
  }
  const ids = async (actor: Actor) => (await f.gate.pending(actor)).map((item) => [item.draft.id, item.role]);
  const lastDenied = async () => {
    const entry = (await f.stores.audit.range({})).filter((e) => e.type === 'denied').at(-1);
    return entry && { actor: entry.actor, detail: JSON.parse(entry.detail) as unknown };
  };

  it('lists my own pending drafts, soonest expiry first, and nobody else’s; a finished draft leaves', async () => {
    f = await gateFixture(kind);
    const first = await requested('first question');
    f.clock.advance(1000);
    const second = await requested('second question');
    expect(await ids(alice)).toEqual([
      [first.id, 'requester'],
      [second.id, 'requester'],
    ]);
    expect(await ids(bob)).toEqual([]);
    expect(await ids({ ...alice, platform: 'discord' })).toEqual([]);
    // The card the inbox shows is the one the person would get: summary and actions included.
    const [item] = await f.gate.pending(alice);
    expect(item?.actions.discard).toBe(true);
    expect(item?.draft.question).toBe('first question');
    expect(f.chat.inboxChanges).toContainEqual({ workspace: 'T1', users: ['U_ALICE'] });
    f.chat.inboxChanges.length = 0;
    await f.gate.discard({ draftId: first.id, version: first.version, actor: alice });
    expect(f.chat.inboxChanges).toContainEqual({ workspace: 'T1', users: ['U_ALICE'] });
    expect(await ids(alice)).toEqual([[second.id, 'requester']]);
    await f.gate.approve({ draftId: second.id, version: second.version, actor: alice, confirmed: false });
    expect(await ids(alice)).toEqual([]);
  });

  it('lists a draft awaiting a second approval for those policy lets give it, until it is given', async () => {
    f = await gateFixture(kind, { policy: secondApproval });
    const draft = await requested();
    await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: false });
    const security = { ...bob, roles: ['S_SECURITY'] };
    expect(await ids(security)).toEqual([[draft.id, 'second_approver']]);
    expect(await ids({ ...bob, roles: [] })).toEqual([]);
    expect(await ids(bob)).toEqual([]);
    expect(await ids({ ...carol, roles: ['S_SECURITY'] })).toEqual([]);
    // The requester still sees their own draft, waiting for someone else.
    const [mine] = await f.gate.pending(alice);
    expect([mine?.role, mine?.actions.approve, mine?.actions.approveUnavailable]).toEqual([
      'requester',
      undefined,
      'Waiting for a second approver.',
    ]);
    const approved = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: security,
      confirmed: false,
    });
    expect(approved.ok).toBe(true);
    expect(await ids(security)).toEqual([]);
    expect(await ids(alice)).toEqual([]);
  });

  it('Open re-sends the card to the person’s DM; someone who may not act is refused and audited', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    const before = f.chat.cards.length;
    const opened = await f.gate.reopen({ draftId: draft.id, actor: alice });
    expect(opened).toMatchObject({ ok: true, message: 'The draft was sent to your direct messages.' });
    expect(f.chat.cards.slice(before).map((c) => [c.card.recipient, c.card.draft.id])).toEqual([
      ['U_ALICE', draft.id],
    ]);
    const refused = await f.gate.reopen({ draftId: draft.id, actor: bob });
    expect(refused).toMatchObject({ ok: false, code: 'denied' });
    expect(f.chat.cards).toHaveLength(before + 1);
    expect(await lastDenied()).toEqual({
      actor: 'U_BOB',
      detail: { action: 'open', reason: 'not_an_approver' },
    });
  });

  it('an expired draft leaves the inbox', async () => {
    f = await gateFixture(kind);
    await requested();
    f.clock.advance(2 * 24 * 3_600_000);
    await f.gate.sweep();
    expect(await ids(alice)).toEqual([]);
  });

  it('a failed role lookup refuses with role_lookup_failed, audited; roles that were looked up decide', async () => {
    f = await gateFixture(kind, { policy: { approvers: { requester: false, roles: ['S_APPROVERS'] } } });
    const draft = await requested();
    const refused = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: { ...bob, roleLookupFailed: true },
      confirmed: false,
    });
    expect(refused).toMatchObject({ ok: false, code: 'denied' });
    expect(!refused.ok && refused.message).toContain(
      'looking up your user groups or roles on the platform failed',
    );
    expect(await lastDenied()).toEqual({
      actor: 'U_BOB',
      detail: { action: 'approve', reason: 'role_lookup_failed' },
    });
    expect(f.chat.posts).toEqual([]);
    const approved = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: { ...bob, roles: ['S_APPROVERS'] },
      confirmed: false,
    });
    expect(approved.ok).toBe(true);
    expect(f.chat.posts).toHaveLength(1);
  });
});
