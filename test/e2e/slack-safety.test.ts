/**
 * The Slack adapter's safety properties end to end: refused signatures, concurrent approvals, closed DMs,
 * rate-limited card updates, ambiguous publishes, expiry and the end of the retract window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { blockAction, sign, slashCommand } from '../../testkit/slack-requests.js';
import { ManualClock } from '../support/clock.js';
import {
  auditOf,
  button,
  buttons,
  cardText,
  clickCard,
  draftIdOf,
  headline,
  requestBySlash,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const CHANNEL = 'C0GENERAL';

async function cardFor(h: SlackHarness, user: string, text: string) {
  const { card } = await requestBySlash(h, user, text);
  if (!card) throw new Error('no review card reached the DM');
  return card;
}

const click = async (...args: Parameters<typeof clickCard>) => (await clickCard(...args)).responseId;

describe('Slack safety (Redis store)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ store: 'redis' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 401 to a bad signature and to a timestamp 6 minutes old, with no side effect', async () => {
    const callsBefore = h.fake.calls.length;
    const auditBefore = (await auditOf(h)).length;
    const delivery = slashCommand({ fake: h.fake, text: 'sneaky', user: ALICE, channel: CHANNEL });
    const now = Math.floor(Date.now() / 1000);

    const forged = await h.sender.send(delivery, { signature: sign('not-the-secret', now, delivery.body) });
    expect(forged.status).toBe(401);
    const old = await h.sender.send(delivery, { timestamp: now - 6 * 60 });
    expect(old.status).toBe(401);
    const future = await h.sender.send(delivery, { timestamp: now + 6 * 60 });
    expect(future.status).toBe(401);
    const missing = await h.sender.send(delivery, { signature: '' });
    expect(missing.status).toBe(401);

    await h.slack.idle();
    expect(h.fake.calls.length).toBe(callsBefore);
    expect(h.fake.responsesTo(delivery.responseId)).toEqual([]);
    expect((await auditOf(h)).length).toBe(auditBefore);
  });

  it('answers url_verification with the challenge and ssl_check with 200, doing nothing else', async () => {
    const callsBefore = h.fake.calls.length;
    const challenge = await h.sender.send({
      contentType: 'application/json',
      body: JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }),
    });
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({ challenge: 'c-123' });
    const ssl = await h.sender.send(
      { contentType: 'application/x-www-form-urlencoded', body: 'ssl_check=1&token=x' },
      { signature: '' },
    );
    expect(ssl.status).toBe(200);
    expect(h.fake.calls.length).toBe(callsBefore);
  });

  it('turns 20 concurrent Approve clicks into exactly one post', async () => {
    const card = await cardFor(h, ALICE, 'race me');
    const draftId = draftIdOf(card);
    const value = button(card, ACTION.approve).value;
    const deliveries = Array.from({ length: 20 }, () =>
      blockAction({
        fake: h.fake,
        actionId: ACTION.approve,
        value,
        user: ALICE,
        channel: card.channel,
        messageTs: card.ts,
      }),
    );
    const replies = await Promise.all(deliveries.map((d) => h.sender.send(d)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    await h.slack.idle();

    const posts = h.fake
      .publicPosts()
      .filter((c) => JSON.stringify(c.params.metadata ?? {}).includes(draftId));
    expect(posts).toHaveLength(1);
    const refusals = deliveries.flatMap((d) => h.fake.responsesTo(d.responseId));
    expect(refusals).toHaveLength(19);
    for (const refusal of refusals) expect(refusal.body.response_type).toBe('ephemeral');
    const types = (await auditOf(h, draftId)).map((e) => e.type);
    expect(types.filter((t) => t === 'approved')).toHaveLength(1);
    expect(types.filter((t) => t === 'published')).toHaveLength(1);
  });

  it('tells the requester privately when the DM cannot be opened, and posts nothing anywhere', async () => {
    const BOB = 'U0NODMS';
    h.fake.refuseDm(BOB, 'cannot_dm_bot');
    const postsBefore = h.fake.callsTo('chat.postMessage').length;
    const { card, responseId } = await requestBySlash(h, BOB, 'can you reach me?');
    expect(card).toBeUndefined();
    expect(h.fake.callsTo('chat.postMessage').length).toBe(postsBefore);
    const told = h.fake.responsesTo(responseId).map((r) => r.body);
    expect(told.length).toBeGreaterThanOrEqual(1);
    for (const body of told) expect(body.response_type).toBe('ephemeral');
    expect(told.map((b) => String(b.text)).join('\n')).toMatch(/could not send you a direct message/);
    expect(told.filter((b) => /could not send you a direct message/.test(String(b.text)))).toHaveLength(1);
  });

  it('honours Retry-After when a card update is rate-limited', async () => {
    const card = await cardFor(h, ALICE, 'rate limit me');
    const updatesBefore = h.fake.callsTo('chat.update').length;
    h.fake.fail('chat.update', { status: 429, retryAfterSec: 1 });
    await click(h, ALICE, ACTION.discard, button(card, ACTION.discard).value, card);

    const updates = h.fake.callsTo('chat.update').slice(updatesBefore);
    expect(updates).toHaveLength(2);
    const [limited, retried] = updates;
    expect(retried && limited && retried.at - limited.at).toBeGreaterThanOrEqual(1000);
    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && headline(updated)).toBe('Discarded');
  });

  it('never re-posts when Slack does not confirm the post: publish_unknown, one attempt', async () => {
    const card = await cardFor(h, ALICE, 'server error on publish');
    const draftId = draftIdOf(card);
    const postsBefore = h.fake.publicPosts().length;
    h.fake.fail('chat.postMessage', { status: 503 });
    await click(h, ALICE, ACTION.approve, button(card, ACTION.approve).value, card);

    expect(h.fake.publicPosts().length).toBe(postsBefore + 1);
    expect((await h.app.gate.get(draftId))?.state).toBe('publish_unknown');
    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && cardText(updated)).toMatch(/will not post twice/);
    expect(updated && buttons(updated)).toEqual([]);
  });

  it('reports a definite refusal (not_in_channel) on the card, the draft waits in publish_failed, and Retry publishes it', async () => {
    const card = await cardFor(h, ALICE, 'not invited');
    const draftId = draftIdOf(card);
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    await click(h, ALICE, ACTION.approve, button(card, ACTION.approve).value, card);

    expect((await h.app.gate.get(draftId))?.state).toBe('publish_failed');
    const updated = h.fake.message(card.channel, card.ts);
    if (!updated) throw new Error('card vanished');
    expect(cardText(updated)).toContain('not_in_channel');
    expect(cardText(updated)).toContain('/invite @draftgate');
    await click(h, ALICE, ACTION.approve, button(updated, ACTION.approve).value, card);
    expect((await h.app.gate.get(draftId))?.state).toBe('published');
  });
});

describe('Slack expiry and the retract window (manual clock)', () => {
  const clock = new ManualClock(Date.now());
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({
      store: 'redis',
      clock,
      policy: { draft_ttl: '1h', retract_window: '15m' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('updates the card to "Expired: never published" and removes its buttons', async () => {
    const card = await cardFor(h, ALICE, 'let me expire');
    const publicBefore = h.fake.publicPosts().length;
    clock.advance(61 * 60_000);
    await h.app.gate.sweep();
    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && headline(updated)).toBe('Expired: never published');
    expect(updated && buttons(updated)).toEqual([]);
    expect(h.fake.publicPosts().length).toBe(publicBefore);
  });

  it('removes the Retract button when the retract window ends', async () => {
    const card = await cardFor(h, ALICE, 'retract window');
    await click(h, ALICE, ACTION.approve, button(card, ACTION.approve).value, card);
    const published = h.fake.message(card.channel, card.ts);
    expect(published && buttons(published).map((b) => b.action_id)).toEqual([ACTION.retract]);
    clock.advance(16 * 60_000);
    await h.app.gate.sweep();
    const closed = h.fake.message(card.channel, card.ts);
    expect(closed && headline(closed)).toBe('Published');
    expect(closed && buttons(closed)).toEqual([]);
  });
});
