/**
 * Replays: a validly signed request sent again, byte for byte, within the 5-minute signature window (5 times one
 * after another, then 15 at once; on Slack half of them carry X-Slack-Retry-Num as Slack's own retries do) changes
 * the state at most once. Approve: exactly one post, one `approved` and one `published` event; every other copy is
 * refused and recorded as a `stale_click`. Requests (slash command, app mention, Discord command) carry an
 * idempotency key (trigger_id, event_id, interaction id): one draft, one agent call. Modal edits: one new version.
 * Once the window has passed, the same bytes are refused with 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import type { AuditEntry } from '../../src/core/audit-event.js';
import {
  appMention,
  blockAction,
  type Delivery,
  type SendOptions,
  slashCommand,
  viewSubmission,
} from '../../testkit/slack-requests.js';
import { ManualClock } from '../support/clock.js';
import { buttonId } from '../support/discord-harness.js';
import {
  buttonClick,
  CHANNEL_ID,
  slashCommand as discordSlash,
  modalSubmit,
  type TestUser,
} from '../support/discord-payloads.js';
import { type ClockedDiscordHarness, startClockedDiscordHarness } from '../support/fuzz/discord-harness.js';
import { RecordingAgent } from '../support/recording-agent.js';
import {
  auditOf,
  button,
  draftIdOf,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const SEQUENTIAL = 5;
const CONCURRENT = 15;
const FIVE_MINUTES_AND_A_SECOND = 301_000;

const count = (entries: AuditEntry[], type: string) => entries.filter((e) => e.type === type).length;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Slack replays within the signature window change the state at most once', () => {
  const ALICE = 'U0ALICE';
  const CHANNEL = 'C0GENERAL';
  const clock = ManualClock.offset();
  const agent = new RecordingAgent((request) => ({ ok: true, text: `Answer to: ${request.question}` }));
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ store: 'redis', agent, clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends the same bytes 20 times: 5 one after another, then 15 at once; odd copies look like Slack's retries. */
  async function replay(delivery: Delivery, timestamp: number): Promise<number[]> {
    const options = (i: number): SendOptions =>
      i % 2 === 1 ? { timestamp, retryNum: 1 + (i % 3), retryReason: 'http_timeout' } : { timestamp };
    const statuses: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      statuses.push((await h.sender.send(delivery, options(i))).status);
      await h.slack.idle();
    }
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => h.sender.send(delivery, options(SEQUENTIAL + i))),
    );
    statuses.push(...replies.map((reply) => reply.status));
    await h.slack.idle();
    return statuses;
  }

  async function pendingDraft(question: string) {
    const before = h.fake.messages.length;
    expect(
      (await h.sender.send(slashCommand({ fake: h.fake, text: question, user: ALICE, channel: CHANNEL })))
        .status,
    ).toBe(200);
    await h.slack.idle();
    const card = h.fake.messages.slice(before).find((m) => m.channel === `D${ALICE}`);
    if (!card) throw new Error('no review card reached the DM');
    return { card, draftId: draftIdOf(card) };
  }

  it('an Approve click replayed 20 times publishes once; after 5 minutes the same bytes get 401', async () => {
    const { card, draftId } = await pendingDraft('replayed approve');
    const click = blockAction({
      fake: h.fake,
      actionId: ACTION.approve,
      value: button(card, ACTION.approve).value,
      user: ALICE,
      channel: card.channel,
      messageTs: card.ts,
    });
    const timestamp = Math.floor(clock.now() / 1000);
    const statuses = await replay(click, timestamp);
    expect(statuses).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));

    const posts = h.fake
      .publicPosts()
      .filter((call) => JSON.stringify(call.params.metadata ?? {}).includes(draftId));
    expect(posts).toHaveLength(1);
    const audit = await auditOf(h, draftId);
    expect(count(audit, 'approved')).toBe(1);
    expect(count(audit, 'published')).toBe(1);
    // Every other copy reached the Gate and was refused (and recorded), none silently.
    expect(count(audit, 'stale_click')).toBe(SEQUENTIAL + CONCURRENT - 1);
    expect((await h.app.gate.get(draftId))?.state).toBe('published');

    clock.advance(FIVE_MINUTES_AND_A_SECOND);
    const late = await h.sender.send(click, { timestamp });
    expect(late.status).toBe(401);
    await h.slack.idle();
    expect(await auditOf(h, draftId)).toHaveLength(audit.length);
  });

  it('a slash command replayed 20 times (with and without X-Slack-Retry-Num) makes one draft', async () => {
    const question = 'replayed slash command';
    const delivery = slashCommand({ fake: h.fake, text: question, user: ALICE, channel: CHANNEL });
    const agentBefore = agent.requests.length;
    const statuses = await replay(delivery, Math.floor(clock.now() / 1000));
    // Every copy is acked (Slack would show an error otherwise); only the first one drafts.
    expect(statuses).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    expect(agent.requests.slice(agentBefore).map((r) => r.question)).toEqual([question]);
    const requested = (await auditOf(h)).filter((e) => e.type === 'requested' && e.detail.includes(question));
    expect(requested).toHaveLength(1);
    const cards = h.fake.messages.filter(
      (m) => m.channel === `D${ALICE}` && JSON.stringify(m.blocks).includes(question),
    );
    expect(cards).toHaveLength(1);
  });

  it('an app_mention event replayed 20 times makes one draft', async () => {
    const question = 'replayed mention';
    const delivery = appMention({
      user: ALICE,
      channel: CHANNEL,
      text: `<@U0BOT> ${question}`,
      ts: '1700000100.000100',
    });
    const agentBefore = agent.requests.length;
    const statuses = await replay(delivery, Math.floor(clock.now() / 1000));
    expect(statuses).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    expect(agent.requests.slice(agentBefore).map((r) => r.question)).toEqual([question]);
    const requested = (await auditOf(h)).filter((e) => e.type === 'requested' && e.detail.includes(question));
    expect(requested).toHaveLength(1);
  });

  it('an edit submission replayed 20 times makes one new version', async () => {
    const { draftId } = await pendingDraft('replayed edit');
    const submission = viewSubmission({
      callbackId: VIEW.edit,
      privateMetadata: `${draftId}:1`,
      user: ALICE,
      values: { [BLOCK.editText]: { [INPUT.editText]: 'Edited once, whatever the replays.' } },
    });
    const statuses = await replay(submission, Math.floor(clock.now() / 1000));
    expect(statuses).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    const audit = await auditOf(h, draftId);
    expect(count(audit, 'edited')).toBe(1);
    const draft = await h.app.gate.get(draftId);
    expect(draft?.version).toBe(2);
    expect(draft?.text).toBe('Edited once, whatever the replays.');
  });
});

describe('Discord replays within the signature window change the state at most once', () => {
  const alice: TestUser = { id: '600000000000000001', username: 'alice' };
  const clock = ManualClock.offset();
  let h: ClockedDiscordHarness;

  beforeAll(async () => {
    h = await startClockedDiscordHarness({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends the same bytes (body and signature headers) 20 times: 5 one after another, then 15 at once. */
  async function replay(body: string, headers: Record<string, string>): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) statuses.push((await h.send(body, headers)).status);
    const replies = await Promise.all(Array.from({ length: CONCURRENT }, () => h.send(body, headers)));
    return [...statuses, ...replies.map((reply) => reply.status)];
  }

  const calls = (method: string, path: RegExp) => () => h.fake.callsTo(method, path).length;

  async function pendingDraft(question: string) {
    const dm = h.fake.dmChannelOf(alice.id);
    const cardsBefore = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`)).length;
    expect((await h.post(discordSlash(alice, question))).status).toBe(200);
    const card = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[cardsBefore],
      5_000,
      'the review card',
    );
    const message = h.fake.messages.get(dm)?.at(-1);
    if (!message) throw new Error('no card in the DM channel');
    const approve = buttonId(card.body, 'approve');
    return {
      dm,
      approve,
      draftId: approve.split(':')[2] ?? '',
      ref: { id: message.id, channel_id: dm, components: message.components },
    };
  }

  it('an Approve click replayed 20 times publishes once; after 5 minutes the same bytes get 401', async () => {
    const { approve, draftId, ref } = await pendingDraft('replayed approve');
    const click = buttonClick(alice, ref, approve);
    const body = JSON.stringify(click);
    const headers = h.sign(body);
    const targetPosts = () => h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    const postsBefore = targetPosts().length;
    expect(await replay(body, headers)).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    // The 19 refused copies each get a private follow-up on the interaction token.
    await h.fake.waitFor(
      () => calls('POST', new RegExp(`^/webhooks/\\d+/${click.token}$`))() === SEQUENTIAL + CONCURRENT - 1,
      10_000,
      '19 refusals',
    );
    const audit = await eventually(
      () => h.app.stores.audit.range({ draftId }),
      (entries) => count(entries, 'published') > 0,
      'the published event',
    );
    expect(targetPosts().length - postsBefore).toBe(1);
    expect(count(audit, 'approved')).toBe(1);
    expect(count(audit, 'published')).toBe(1);
    expect(count(audit, 'stale_click')).toBe(SEQUENTIAL + CONCURRENT - 1);

    clock.advance(FIVE_MINUTES_AND_A_SECOND);
    expect((await h.send(body, headers)).status).toBe(401);
    expect(targetPosts().length - postsBefore).toBe(1);
    expect(await h.app.stores.audit.range({ draftId })).toHaveLength(audit.length);
  });

  it('a slash command replayed 20 times makes one draft', async () => {
    const question = 'replayed discord command';
    const command = discordSlash(alice, question);
    const body = JSON.stringify(command);
    const agentBefore = h.agentCalls.length;
    expect(await replay(body, h.sign(body))).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    // Every copy ends with an edit of the deferred reply: the first says where the draft is, the rest refuse.
    await h.fake.waitFor(
      () =>
        calls('PATCH', new RegExp(`^/webhooks/\\d+/${command.token}/messages/@original$`))() ===
        SEQUENTIAL + CONCURRENT,
      10_000,
      '20 answers',
    );
    expect(h.agentCalls.slice(agentBefore).map((r) => r.question)).toEqual([question]);
    const requested = (await h.app.stores.audit.range({})).filter(
      (e) => e.type === 'requested' && e.detail.includes(question),
    );
    expect(requested).toHaveLength(1);
  });

  it('an edit modal submission replayed 20 times makes one new version', async () => {
    const { dm, draftId } = await pendingDraft('replayed modal');
    const submit = modalSubmit(alice, dm, `draftgate:edit-modal:${draftId}:1`, {
      text: 'Edited once on Discord.',
    });
    const body = JSON.stringify(submit);
    expect(await replay(body, h.sign(body))).toEqual(Array(SEQUENTIAL + CONCURRENT).fill(200));
    await h.fake.waitFor(
      () =>
        calls('PATCH', new RegExp(`^/webhooks/\\d+/${submit.token}/messages/@original$`))() ===
        SEQUENTIAL + CONCURRENT,
      10_000,
      '20 answers',
    );
    const audit = await h.app.stores.audit.range({ draftId });
    expect(count(audit, 'edited')).toBe(1);
    const draft = await h.app.gate.get(draftId);
    expect(draft?.version).toBe(2);
    expect(draft?.text).toBe('Edited once on Discord.');
  });
});
