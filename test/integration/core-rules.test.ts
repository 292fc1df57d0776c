/**
 * The rules that used to live in the adapters (issue 11), each decided by the Gate or Policy and audited, on
 * both stores. The adapters now only pass facts (a bot author, a DM click, the replied-to author) and render.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/draft.js';
import { findingsToConfirm } from '../../src/core/draft.js';
import { alice, bob, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { RecordingAgent } from '../support/recording-agent.js';

describe.each(['redis', 'memory'] as const)('rules decided in the core, on %s', (kind) => {
  let f: GateFixture;
  afterEach(async () => {
    await f.close();
  });

  async function requested(question = 'How do I read the api logs?') {
    const result = await f.gate.request({ target, requester: alice, question, source: 'slash' });
    if (!result.ok) throw new Error(`request failed: ${result.message}`);
    return result.draft;
  }

  const events = async (draftId?: string) =>
    (await f.stores.audit.range(draftId ? { draftId } : {})).map((e) => ({
      type: e.type,
      actor: e.actor,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
    }));

  it('1. a regenerate from an old card is refused by the Gate as stale, with a stale_click event', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    await f.gate.edit({ draftId: draft.id, version: draft.version, actor: alice, text: 'Shorter.' });
    const result = await f.gate.regenerate({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      feedback: 'more detail',
    });
    expect(result).toMatchObject({ ok: false, code: 'stale' });
    expect((await events(draft.id)).at(-1)).toMatchObject({
      type: 'stale_click',
      detail: { action: 'regenerate', clicked_version: draft.version },
    });
  });

  it('2. a bot may not request: Policy.mayRequest refuses it with a denied event, and no agent runs', async () => {
    const agent = new RecordingAgent(() => ({ ok: true, text: 'never' }));
    f = await gateFixture(kind, { agent });
    const bot: Actor = { id: 'U_BOT', platform: 'slack', workspace: 'T1', bot: true };
    const result = await f.gate.request({ target, requester: bot, question: 'hi', source: 'mention' });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(agent.requests).toHaveLength(0);
    expect(await events()).toEqual([
      { type: 'denied', actor: 'U_BOT', detail: { action: 'request', reason: 'bot_requester' } },
    ]);
  });

  it('3. the Gate picks who reviews a quarantined post: the human replied to, else the owner, else nobody', async () => {
    f = await gateFixture(kind);
    const base = { agent: 'discord-bot:B1', bot: 'B1', message: 'M1', removed: true, target, question: 'q' };
    const toHuman = await f.gate.quarantine({
      ...base,
      text: 'Run the migration.',
      repliedTo: { user: 'U_ASKER', bot: false },
      owner: 'U_OWNER',
    });
    const toOwner = await f.gate.quarantine({
      ...base,
      text: 'Run it again.',
      repliedTo: { user: 'B2', bot: true },
      owner: 'U_OWNER',
    });
    const toNobody = await f.gate.quarantine({
      ...base,
      text: 'And again.',
      repliedTo: { user: 'B2', bot: true },
    });
    expect(toHuman.ok && toHuman.draft.requester).toBe('U_ASKER');
    expect(toOwner.ok && toOwner.draft.requester).toBe('U_OWNER');
    expect(toNobody).toMatchObject({ ok: false, code: 'denied' });
    const denials = (await events()).filter((e) => e.type === 'denied').map((e) => e.detail);
    expect(denials.map((d) => [d.reason, d.reviewer, d.reviewer_is])).toEqual([
      ['direct_post', 'U_ASKER', 'replied_to'],
      ['direct_post', 'U_OWNER', 'owner'],
      ['direct_post', null, 'nobody'],
    ]);
  });

  it('4. a click from a DM is accepted only from someone the Gate sent the card to (denied: not_a_reviewer)', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    // The adapter cannot prove a workspace for a DM click: it says so, and Policy decides.
    const stranger: Actor = { id: bob.id, platform: 'slack', workspace: 'T1', inDm: true };
    const refused = await f.gate.discard({ draftId: draft.id, version: draft.version, actor: stranger });
    expect(refused).toMatchObject({ ok: false, code: 'denied' });
    expect((await events(draft.id)).at(-1)).toMatchObject({
      type: 'denied',
      actor: bob.id,
      detail: { action: 'discard', reason: 'not_a_reviewer' },
    });
    const reviewer: Actor = { id: alice.id, platform: 'slack', workspace: 'T1', inDm: true };
    const approved = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: reviewer,
      confirmed: false,
    });
    expect(approved).toMatchObject({ ok: true });
    expect(f.chat.posts).toHaveLength(1);
  });

  it('5. only confirm-severity findings need a confirmation; notes never do', async () => {
    const text = 'Run `GRANT ALL ON users TO analytics;` and tell @here and @channel.';
    f = await gateFixture(kind, { agent: new RecordingAgent(() => ({ ok: true, text })) });
    const draft = await requested();
    expect(draft.findings.map((x) => x.severity)).toEqual(expect.arrayContaining(['confirm', 'note']));
    const refused = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(refused).toMatchObject({ ok: false, code: 'needs_confirmation' });
    expect((await events(draft.id)).at(-1)).toMatchObject({
      type: 'denied',
      detail: { action: 'approve', reason: 'unconfirmed_risk' },
    });
    const confirm = f.gate.cardFor(draft, alice.id).actions.approve?.confirm;
    expect(confirm?.findings).toEqual(findingsToConfirm(draft));
    expect(confirm?.findings.every((x) => x.severity === 'confirm')).toBe(true);
  });

  it('6. the published attribution credits every approver, from the one core rule', async () => {
    f = await gateFixture(kind, { policy: { second_approval: { mode: 'always' } } });
    const draft = await requested();
    const first = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(first).toMatchObject({ ok: true, draft: { state: 'awaiting_second_approval' } });
    const second = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: bob,
      confirmed: false,
    });
    expect(second).toMatchObject({ ok: true, draft: { state: 'published' } });
    expect(f.chat.posts).toHaveLength(1);
    expect(f.chat.posts[0]?.attribution).toBe(`AI-drafted · approved by <@${alice.id}> and <@${bob.id}>`);
    const approvals = (await events(draft.id)).filter((e) => e.type === 'approved').map((e) => e.actor);
    expect(approvals).toEqual([alice.id, bob.id]);
    expect((await events(draft.id)).filter((e) => e.type === 'published')).toHaveLength(1);
  });

  it('7. the Gate says when it already told the requester (told), so no adapter tells twice', async () => {
    f = await gateFixture(kind, {
      agent: new RecordingAgent(() => ({ ok: false, code: 'timeout', reason: 'too slow' })),
    });
    const told = await f.gate.request({ target, requester: alice, question: 'q', source: 'slash' });
    expect(told).toMatchObject({ ok: false, code: 'agent_failed', told: true });
    expect(f.chat.notes.map((n) => n.user)).toEqual([alice.id]);
    f.chat.dmClosed.add(alice.id);
    const untold = await f.gate.request({ target, requester: alice, question: 'q2', source: 'slash' });
    expect(untold).toMatchObject({ ok: false, code: 'agent_failed' });
    expect(untold.ok === false && untold.told).toBeUndefined();
    const fallbackTold: string[] = [];
    const viaFallback = await f.gate.request({
      target,
      requester: alice,
      question: 'q3',
      source: 'slash',
      fallback: { tell: async (text) => void fallbackTold.push(text) },
    });
    expect(viaFallback).toMatchObject({ ok: false, code: 'agent_failed', told: true });
    expect(fallbackTold).toHaveLength(1);
  });

  it('8. empty question, text and feedback are refused by the Gate, each with a denied event', async () => {
    f = await gateFixture(kind);
    const empty = await f.gate.request({ target, requester: alice, question: '  ', source: 'slash' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(empty.ok ? '' : empty.message).toMatch(/^Ask a question/);
    const shortcut = await f.gate.request({ target, requester: alice, question: '', source: 'shortcut' });
    expect(shortcut.ok ? '' : shortcut.message).toBe(
      'That message has no text to answer. Nothing was drafted.',
    );
    const draft = await requested();
    const edit = await f.gate.edit({ draftId: draft.id, version: draft.version, actor: alice, text: ' ' });
    expect(edit).toMatchObject({ ok: false, code: 'invalid_state' });
    const regen = await f.gate.regenerate({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      feedback: '',
    });
    expect(regen).toMatchObject({ ok: false, code: 'invalid_state' });
    const reasons = (await events()).filter((e) => e.type === 'denied').map((e) => e.detail.reason);
    expect(reasons).toEqual(['empty_question', 'empty_question', 'empty_text', 'empty_feedback']);
    expect((await f.gate.get(draft.id))?.version).toBe(draft.version);
  });
});
