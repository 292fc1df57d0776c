/** The Gate's state machine and policy, end to end through a real store (both kinds). */
import { afterEach, describe, expect, it } from 'vitest';
import { freshGithubToken } from '../support/fresh-secrets.js';
import { alice, auditTypes, bob, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { answers, RecordingAgent } from '../support/recording-agent.js';

describe.each(['redis', 'memory'] as const)('gate flow on %s', (kind) => {
  let f: GateFixture;
  afterEach(async () => {
    await f.close();
  });

  async function requested(question = 'How do I read the api logs?') {
    const result = await f.gate.request({ target, requester: alice, question, source: 'slash' });
    if (!result.ok) throw new Error(`request failed: ${result.message}`);
    return result.draft;
  }

  it('request → pending card in the DM → approve → exactly one post, attributed, then published', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    expect(draft.state).toBe('pending');
    expect(f.chat.posts).toHaveLength(0);
    expect(f.chat.cards.map((c) => c.ref.user)).toEqual([alice.id]);
    const result = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(result.ok).toBe(true);
    expect(f.chat.posts).toEqual([
      {
        draftId: draft.id,
        text: draft.text,
        approver: alice.id,
        channel: target.channel,
        attribution: `AI-drafted · approved by <@${alice.id}>`,
      },
    ]);
    expect((await f.gate.get(draft.id))?.state).toBe('published');
    expect(f.chat.lastCard(draft.id)?.headline).toBe('Published');
    expect(await auditTypes(f.stores, draft.id)).toEqual(['requested', 'drafted', 'approved', 'published']);
  });

  it('hands the platform the question with its secrets redacted, for the "asked:" line', async () => {
    f = await gateFixture(kind, { agent: answers('Rotate it in the settings page.') });
    const secret = freshGithubToken();
    const draft = await requested(`why does ${secret} stop working?`);
    const result = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(result.ok).toBe(true);
    expect(f.chat.questions).toHaveLength(1);
    expect(f.chat.questions[0]).not.toContain(secret);
    expect(f.chat.questions[0]).toMatch(/^why does \[REDACTED:secret\.[^\]]+\] stop working\?$/);
  });

  it('refuses someone who may not decide: a denied event, and nothing changes', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    const result = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: bob,
      confirmed: true,
    });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(f.chat.posts).toHaveLength(0);
    expect((await f.gate.get(draft.id))?.state).toBe('pending');
    const denied = (await f.stores.audit.range({ draftId: draft.id })).filter((e) => e.type === 'denied');
    expect(denied.map((e) => [e.actor, JSON.parse(e.detail).reason])).toEqual([[bob.id, 'not_an_approver']]);
  });

  it('refuses another workspace, and requests in a denied channel', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    const draft = await requested();
    const other = { ...alice, workspace: 'T_OTHER' };
    expect(await f.gate.discard({ draftId: draft.id, version: draft.version, actor: other })).toMatchObject({
      code: 'denied',
    });
    const denied = await f.gate.request({
      target: { ...target, channel: 'C9', channelName: 'secops-private' },
      requester: alice,
      question: 'x',
      source: 'slash',
    });
    expect(denied).toMatchObject({ ok: false, code: 'denied' });
    expect(
      (await f.stores.audit.range({}))
        .filter((e) => e.type === 'denied')
        .map((e) => JSON.parse(e.detail).reason),
    ).toEqual(['wrong_workspace', 'channel_denied']);
  });

  it('an edit keeps the replaced version, its secrets redacted, for the card’s "what changed"', async () => {
    const secret = freshGithubToken();
    f = await gateFixture(kind, { agent: answers(`Use the token ${secret} for now.`) });
    const draft = await requested();
    const edited = await f.gate.edit({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      text: 'Ask the platform team for a scoped token.',
    });
    expect(edited.ok).toBe(true);
    const stored = await f.gate.get(draft.id);
    expect(stored?.previous?.version).toBe(1);
    expect(stored?.previous?.text).not.toContain(secret);
    expect(stored?.previous?.text).toMatch(/^Use the token \[REDACTED:secret\.[^\]]+\] for now\.$/);
    const changes = f.chat.lastCard(draft.id)?.changes;
    expect(changes?.added).toBe(1);
    expect(changes?.removed).toBe(1);
    expect(JSON.stringify(changes)).not.toContain(secret);
  });

  it('refuses an approve of an old version as stale, with a stale_click event', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    const edited = await f.gate.edit({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      text: 'Edited answer.',
    });
    expect(edited.ok && edited.draft.version).toBe(draft.version + 1);
    const stale = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: true,
    });
    expect(stale).toMatchObject({ ok: false, code: 'stale' });
    expect(f.chat.posts).toHaveLength(0);
    expect(await auditTypes(f.stores, draft.id)).toEqual(['requested', 'drafted', 'edited', 'stale_click']);
    expect(f.chat.lastCard(draft.id)?.displayText).toBe('Edited answer.');
  });

  it('a secret blocks approval even when approve is called directly, until an edit removes it', async () => {
    f = await gateFixture(kind, {
      agent: new RecordingAgent(() => ({
        ok: true,
        text: 'Use token xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx to call the API.',
      })),
    });
    const draft = await requested();
    expect(draft.findings.some((x) => x.severity === 'block')).toBe(true);
    expect(f.chat.lastCard(draft.id)?.actions.approve).toBeUndefined();
    expect(f.chat.lastCard(draft.id)?.displayText).not.toContain('xoxb-123456789012');
    const result = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: true,
    });
    expect(result).toMatchObject({ ok: false, code: 'blocked' });
    expect((await f.gate.get(draft.id))?.state).toBe('pending');
    const entries = await f.stores.audit.range({ draftId: draft.id });
    expect(entries.map((e) => e.detail).join('\n')).not.toContain('xoxb-123456789012');
    const fixed = await f.gate.edit({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      text: 'Use the token from the vault.',
    });
    expect(fixed.ok && fixed.draft.findings).toEqual([]);
    expect(
      (
        await f.gate.approve({
          draftId: draft.id,
          version: draft.version + 1,
          actor: alice,
          confirmed: false,
        })
      ).ok,
    ).toBe(true);
    expect(f.chat.posts).toHaveLength(1);
  });

  it('confirm-severity findings need the explicit confirmation', async () => {
    f = await gateFixture(kind, {
      agent: new RecordingAgent(() => ({
        ok: true,
        text: 'Run `GRANT ALL ON users_pii TO analytics;` and it works.',
      })),
    });
    const draft = await requested();
    expect(f.chat.lastCard(draft.id)?.actions.approve?.confirm?.findings.length).toBeGreaterThan(0);
    expect(
      await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: false }),
    ).toMatchObject({ code: 'needs_confirmation' });
    expect(f.chat.posts).toHaveLength(0);
    expect(
      (await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: true })).ok,
    ).toBe(true);
    expect(f.chat.posts).toHaveLength(1);
  });

  it('second approval: the first approval asks a different person, and only their approval publishes', async () => {
    f = await gateFixture(kind, {
      policy: { second_approval: { mode: 'always', approvers: { users: [bob.id] } } },
    });
    const draft = await requested();
    const first = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(first.ok && first.draft.state).toBe('awaiting_second_approval');
    expect(f.chat.posts).toHaveLength(0);
    expect(f.chat.cards.map((c) => c.ref.user)).toEqual([alice.id, bob.id]);
    expect(
      await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: true }),
    ).toMatchObject({ code: 'denied' });
    expect(f.chat.posts).toHaveLength(0);
    const second = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: bob,
      confirmed: false,
    });
    expect(second.ok && second.draft.state).toBe('published');
    expect(f.chat.posts).toHaveLength(1);
    expect(await auditTypes(f.stores, draft.id)).toEqual([
      'requested',
      'drafted',
      'approved',
      'second_approval_requested',
      'denied',
      'approved',
      'published',
    ]);
  });

  it('a draft past its TTL is never approved, even before a sweep has expired it', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    f.clock.advance(24 * 3_600_000);
    const late = await f.gate.approve({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      confirmed: true,
    });
    expect(late).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(f.chat.posts).toHaveLength(0);
    expect((await f.gate.get(draft.id))?.state).toBe('expired');
    expect(f.chat.lastCard(draft.id)?.headline).toBe('Expired: never published');
    expect((await f.gate.sweep()).expired).toBe(0);
    expect((await auditTypes(f.stores, draft.id)).filter((t) => t === 'expired')).toHaveLength(1);
  });

  it('opens the editor only for the draft’s reviewers, on its current version', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    expect(await f.gate.editorFor(draft.id, draft.version, alice.id)).toMatchObject({
      ok: true,
      text: draft.text,
    });
    expect(await f.gate.editorFor(draft.id, draft.version, bob.id)).toMatchObject({ ok: false });
    expect(await f.gate.editorFor(draft.id, draft.version - 1, alice.id)).toMatchObject({ ok: false });
    expect(await f.gate.editorFor('0000000000', 1, alice.id)).toMatchObject({ ok: false });
  });

  it('discard: nothing is posted, the card says so and loses its buttons', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    expect((await f.gate.discard({ draftId: draft.id, version: draft.version, actor: alice })).ok).toBe(true);
    const card = f.chat.lastCard(draft.id);
    expect(card?.headline).toBe('Discarded');
    expect(card?.actions).toEqual({ edit: false, regenerate: false, discard: false });
    expect(
      await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: true }),
    ).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(f.chat.posts).toHaveLength(0);
  });

  it('retract within the window deletes the post; after it, refuses', async () => {
    f = await gateFixture(kind);
    const a = await requested();
    await f.gate.approve({ draftId: a.id, version: a.version, actor: alice, confirmed: false });
    expect((await f.gate.retract({ draftId: a.id, actor: alice })).ok).toBe(true);
    expect(f.chat.retracted).toEqual([a.id]);
    const b = await requested('another');
    await f.gate.approve({ draftId: b.id, version: b.version, actor: alice, confirmed: false });
    f.clock.advance(16 * 60_000);
    const report = await f.gate.sweep();
    expect(report.retractClosed).toBe(1);
    expect(f.chat.lastCard(b.id)?.actions.retractUntil).toBeUndefined();
    expect(await f.gate.retract({ draftId: b.id, actor: alice })).toMatchObject({
      code: 'retract_window_closed',
    });
    expect(f.chat.retracted).toEqual([a.id]);
  });

  it('regenerate asks the agent again with the feedback and makes a new version', async () => {
    const agent = new RecordingAgent((req) => ({
      ok: true,
      text: req.previous ? `Safer: ${req.previous.feedback}` : 'First answer',
    }));
    f = await gateFixture(kind, { agent });
    const draft = await requested();
    const result = await f.gate.regenerate({
      draftId: draft.id,
      version: draft.version,
      actor: alice,
      feedback: 'wrong: that table holds PII',
    });
    expect(result.ok && [result.draft.state, result.draft.version, result.draft.text]).toEqual([
      'pending',
      2,
      'Safer: wrong: that table holds PII',
    ]);
    expect(agent.requests[1]?.previous).toEqual({
      text: 'First answer',
      feedback: 'wrong: that table holds PII',
    });
    // The store keeps the replaced version, and the card shows what changed.
    expect(result.ok && result.draft.previous).toEqual({ version: 1, text: 'First answer' });
    expect(f.chat.lastCard(draft.id)?.changes).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      lines: [
        { kind: 'removed', text: 'First answer' },
        { kind: 'added', text: 'Safer: wrong: that table holds PII' },
      ],
    });
    expect(await auditTypes(f.stores, draft.id)).toEqual([
      'requested',
      'drafted',
      'regenerated',
      'regenerated',
    ]);
    expect(
      await f.gate.approve({ draftId: draft.id, version: 1, actor: alice, confirmed: false }),
    ).toMatchObject({ code: 'stale' });
  });

  it('a failed agent moves the draft to failed, tells the requester privately, posts nothing', async () => {
    f = await gateFixture(kind, {
      agent: new RecordingAgent(() => ({ ok: false, code: 'timeout', reason: 'no answer in 60 s' })),
    });
    const result = await f.gate.request({ target, requester: alice, question: 'q', source: 'slash' });
    expect(result).toMatchObject({ ok: false, code: 'agent_failed' });
    expect(result.ok ? undefined : result.draft?.state).toBe('failed');
    expect(f.chat.notes.map((n) => n.user)).toEqual([alice.id]);
    expect(f.chat.posts).toHaveLength(0);
  });

  it('a DM that cannot be opened: the requester is told privately and the draft is discarded', async () => {
    f = await gateFixture(kind);
    f.chat.dmClosed.add(alice.id);
    const told: string[] = [];
    const result = await f.gate.request({
      target,
      requester: alice,
      question: 'q',
      source: 'slash',
      fallback: { tell: async (text) => void told.push(text) },
    });
    expect(result).toMatchObject({ ok: false, code: 'dm_unavailable' });
    expect(told).toHaveLength(1);
    expect(f.chat.posts).toHaveLength(0);
    expect(result.ok ? undefined : result.draft?.state).toBe('discarded');
  });

  it('a retried delivery with the same idempotency key makes no second draft', async () => {
    f = await gateFixture(kind);
    const first = await f.gate.request({
      target,
      requester: alice,
      question: 'q',
      source: 'slash',
      idempotencyKey: 'trigger-1',
    });
    const again = await f.gate.request({
      target,
      requester: alice,
      question: 'q',
      source: 'slash',
      idempotencyKey: 'trigger-1',
    });
    expect(first.ok).toBe(true);
    expect(again).toMatchObject({ ok: false, code: 'duplicate' });
    expect((await auditTypes(f.stores)).filter((t) => t === 'requested')).toHaveLength(1);
  });

  it('a definite publish failure leaves the draft in publish_failed (Retry approves again); an ambiguous one becomes publish_unknown and is reconciled without a second post', async () => {
    f = await gateFixture(kind);
    const draft = await requested();
    f.chat.publishMode = 'error';
    expect(
      await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: false }),
    ).toMatchObject({ code: 'publish_failed' });
    expect((await f.gate.get(draft.id))?.state).toBe('publish_failed');
    f.chat.publishMode = 'unknown_after_post';
    expect(
      await f.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: false }),
    ).toMatchObject({ code: 'publish_unknown' });
    expect((await f.gate.get(draft.id))?.state).toBe('publish_unknown');
    f.clock.advance(2_000);
    const report = await f.gate.sweep();
    expect(report.reconciled).toBe(1);
    expect((await f.gate.get(draft.id))?.state).toBe('published');
    expect(f.chat.posts).toHaveLength(1);
    expect(await auditTypes(f.stores, draft.id)).toEqual([
      'requested',
      'drafted',
      'approved',
      'publish_failed',
      'approved',
      'publish_unknown',
      'published',
    ]);
  });
});
