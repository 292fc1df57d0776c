/**
 * Slack refusing a publish, for every error code a reviewer can fix: nothing is posted, the draft goes to the
 * `publish_failed` state with a `publish_failed` event, the reviewer is told privately what to do, the card offers
 * Retry and Discard, and Retry after the cause is fixed posts exactly once. Real Bolt, a fake Slack Web API, real
 * Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import { viewSubmission } from '../../testkit/slack-requests.js';
import {
  auditOf,
  button,
  buttons,
  cardText,
  clickCard,
  draftIdOf,
  requestBySlash,
  type SlackHarness,
  startSlackHarness,
  TEST_CHANNEL,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ store: 'redis' });
});
afterAll(async () => {
  await h?.close();
});

const CODES: [string, RegExp][] = [
  ['is_archived', /archived: unarchive it/],
  ['not_in_channel', /invite the draftgate app/],
  ['channel_not_found', /channel is gone/],
  ['thread_not_found', /thread it answers was deleted/],
  ['restricted_action', /ask an admin to allow/],
  ['msg_too_long', /shorten it with Edit/],
];

describe('Slack publish failures', () => {
  it.each(CODES)(
    '%s: nothing posted, publish_failed with a plain private message, and Retry posts once',
    async (code, hint) => {
      const { card } = await requestBySlash(h, ALICE, `question for ${code}`);
      if (!card) throw new Error('no review card');
      const draftId = draftIdOf(card);
      const posted = () => h.fake.messages.filter((m) => m.channel === TEST_CHANNEL && !m.deleted).length;
      const postsBefore = posted();

      h.fake.fail('chat.postMessage', { error: code });
      const { responseId } = await clickCard(
        h,
        ALICE,
        ACTION.approve,
        button(card, ACTION.approve).value,
        card,
      );
      const told = await h.fake.waitFor(
        () => h.fake.responsesTo(responseId)[0],
        5_000,
        'the private message',
      );
      expect(told.body).toMatchObject({ response_type: 'ephemeral' });
      expect(String(told.body.text)).toMatch(hint);
      expect(String(told.body.text)).toMatch(/Nothing was posted/);
      expect((await h.app.gate.get(draftId))?.state).toBe('publish_failed');
      expect(posted()).toBe(postsBefore);
      // The card says why, in the same words, and offers Retry (an approval again) and Discard, not Approve.
      const failedCard = await h.fake.waitFor(
        () => {
          const m = h.fake.message(card.channel, card.ts);
          return m && cardText(m).includes('Publish failed') ? m : undefined;
        },
        5_000,
        'the publish_failed card',
      );
      expect(cardText(failedCard)).toMatch(hint);
      const labels = buttons(failedCard).map((b) => b.text?.text);
      expect(labels).toContain('Retry');
      expect(labels).toContain('Discard');
      expect(labels).not.toContain('Approve');
      const failed = (await auditOf(h, draftId)).filter((e) => e.type === 'publish_failed');
      expect(failed).toHaveLength(1);
      expect(JSON.parse(failed[0]?.detail ?? '{}').error).toContain(code);

      // The cause is fixed (the fake stops failing): Retry on the card publishes, once.
      await clickCard(h, ALICE, ACTION.approve, button(failedCard, ACTION.approve).value, card);
      expect((await h.app.gate.get(draftId))?.state).toBe('published');
      // One refused attempt, one accepted: exactly one message in the channel.
      expect(posted()).toBe(postsBefore + 1);
    },
  );

  it('msg_too_long after an edit made the draft too long: publish_failed with the hint, Retry posts once', async () => {
    const { card } = await requestBySlash(h, ALICE, 'question whose edit grows too long');
    if (!card) throw new Error('no review card');
    const draftId = draftIdOf(card);
    const posted = () => h.fake.messages.filter((m) => m.channel === TEST_CHANNEL && !m.deleted).length;
    const postsBefore = posted();
    h.fake.publicTextLimit = 1_000;
    const long = 'The export job times out because the planner picks a sequential scan. '.repeat(20);
    const submit = await h.sender.send(
      viewSubmission({
        callbackId: VIEW.edit,
        privateMetadata: `${draftId}:1`,
        user: ALICE,
        values: { [BLOCK.editText]: { [INPUT.editText]: long } },
      }),
    );
    expect(submit.status).toBe(200);
    await h.slack.idle();
    const edited = h.fake.message(card.channel, card.ts);
    if (!edited) throw new Error('card vanished');
    expect((await h.app.gate.get(draftId))?.version).toBe(2);

    const { responseId } = await clickCard(
      h,
      ALICE,
      ACTION.approve,
      button(edited, ACTION.approve).value,
      card,
    );
    const told = await h.fake.waitFor(() => h.fake.responsesTo(responseId)[0], 5_000, 'the private message');
    expect(String(told.body.text)).toMatch(/\(msg_too_long\): .*shorten it with Edit/);
    expect((await h.app.gate.get(draftId))?.state).toBe('publish_failed');
    expect(posted()).toBe(postsBefore);

    // Slack would take it now (the limit is lifted): Retry publishes, once.
    h.fake.publicTextLimit = undefined;
    const failedCard = h.fake.message(card.channel, card.ts);
    if (!failedCard) throw new Error('card vanished');
    await clickCard(h, ALICE, ACTION.approve, button(failedCard, ACTION.approve).value, card);
    expect((await h.app.gate.get(draftId))?.state).toBe('published');
    expect(posted()).toBe(postsBefore + 1);
  });
});
