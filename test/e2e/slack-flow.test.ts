/**
 * The Slack adapter end to end: real Bolt behind draftgate's HTTP server, HMAC-signed deliveries in Slack's
 * documented formats, a fake Slack Web API that records every call, and the Gate on a real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import { appMention, messageShortcut, viewSubmission } from '../../testkit/slack-requests.js';
import {
  auditOf,
  button,
  buttons,
  cardText,
  clickCard,
  draftIdOf,
  FAKE_LEAKED_TOKEN,
  headline,
  requestBySlash as requestCard,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const MALLORY = 'U0MALLORY';
const CHANNEL = 'C0GENERAL';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ store: 'redis' });
});

afterAll(async () => {
  await h?.close();
});

/** Sends a slash command as `user` and returns the review card that reached their DM. */
async function requestBySlash(user: string, text: string) {
  const sent = await requestCard(h, user, text);
  if (!sent.card) throw new Error('no review card reached the DM');
  return { ...sent, card: sent.card };
}

const click = (user: string, actionId: string, value: string, card: { channel: string; ts: string }) =>
  clickCard(h, user, actionId, value, card);

describe('Slack: request, review, publish, retract', () => {
  it('acks the slash command at once, DMs the card, and posts nothing before approval', async () => {
    const publicBefore = h.fake.publicPosts().length;
    const { reply, card } = await requestBySlash(ALICE, 'how do I rotate the staging cert?');
    expect(reply.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.json?.text)).toMatch(/Drafting privately/);
    expect(headline(card)).toBe('Draft for review');
    expect(cardText(card)).toContain('Answer to: how do I rotate the staging cert?');
    expect(buttons(card).map((b) => b.action_id)).toEqual([
      ACTION.approve,
      ACTION.edit,
      ACTION.regenerate,
      ACTION.discard,
    ]);
    expect(h.fake.publicPosts().length).toBe(publicBefore);
  });

  it('publishes exactly once on approval, with every mention and link token escaped, and updates the card', async () => {
    const { card } = await requestBySlash(ALICE, 'who is on call?');
    const draftId = draftIdOf(card);
    const publicBefore = h.fake.publicPosts().length;

    await click(ALICE, ACTION.approve, button(card, ACTION.approve).value, card);

    const posts = h.fake.publicPosts().slice(publicBefore);
    expect(posts).toHaveLength(1);
    const post = posts[0]?.params ?? {};
    expect(post.channel).toBe(CHANNEL);
    expect(post.thread_ts).toBeUndefined();
    expect(post.unfurl_links).toBe(false);
    expect(post.unfurl_media).toBe(false);
    const text = String(post.text);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('&lt;@U0SOMEONE&gt;');
    expect(text).toContain('&lt;!subteam^S0GROUP|@oncall&gt;');
    expect(text).toContain('&lt;https://evil.example/x|the docs&gt;');
    expect(text).toContain('&amp; more');
    const everything = JSON.stringify(post.blocks) + text;
    for (const token of ['<!channel>', '<!here>', '<@U0SOMEONE>', '<!subteam^', '<https://evil']) {
      expect(everything).not.toContain(token);
    }
    expect(JSON.stringify(post.blocks)).toContain(`AI-drafted · approved by <@${ALICE}>`);
    // At the channel's top level the reply carries its question, above the text.
    expect((post.blocks as { type: string; elements?: { text: string }[] }[])[0]).toMatchObject({
      type: 'context',
      elements: [{ text: `<@${ALICE}> asked: who is on call?` }],
    });
    expect(text.startsWith(`<@${ALICE}> asked: who is on call?`)).toBe(true);
    expect(post.metadata).toEqual({
      event_type: 'draftgate_published',
      event_payload: { draft_id: draftId },
    });

    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && headline(updated)).toBe('Published');
    expect(updated && buttons(updated).map((b) => b.action_id)).toEqual([ACTION.retract]);
    expect(updated && cardText(updated)).toContain('https://fake.slack.test/archives/C0GENERAL/p');
    const types = (await auditOf(h, draftId)).map((e) => e.type);
    expect(types).toEqual(['requested', 'drafted', 'risk_flagged', 'approved', 'published']);
  });

  it('retracts the published reply with chat.delete and updates the card', async () => {
    const { card } = await requestBySlash(ALICE, 'retract me');
    const draftId = draftIdOf(card);
    await click(ALICE, ACTION.approve, button(card, ACTION.approve).value, card);
    const published = h.fake.publicPosts().at(-1);
    const published_ts = h.fake.messages.find((m) => m.metadata?.event_payload?.draft_id === draftId)?.ts;
    expect(published?.params.channel).toBe(CHANNEL);

    const afterPublish = h.fake.message(card.channel, card.ts);
    if (!afterPublish) throw new Error('card vanished');
    await click(ALICE, ACTION.retract, button(afterPublish, ACTION.retract).value, card);

    const deletes = h.fake.callsTo('chat.delete').filter((c) => c.params.ts === published_ts);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.params.channel).toBe(CHANNEL);
    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && headline(updated)).toBe('Retracted');
    expect(updated && buttons(updated)).toEqual([]);
    expect((await auditOf(h, draftId)).map((e) => e.type)).toContain('retracted');
  });

  it('refuses a click by someone else: an ephemeral denial, a denied event, and nothing changes', async () => {
    const { card } = await requestBySlash(ALICE, 'deny the stranger');
    const draftId = draftIdOf(card);
    const publicBefore = h.fake.publicPosts().length;
    const updatesBefore = h.fake.callsTo('chat.update').length;

    const { responseId } = await click(MALLORY, ACTION.approve, button(card, ACTION.approve).value, card);

    const replies = h.fake.responsesTo(responseId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(replies[0]?.body.text)).toMatch(/can't approve this/);
    expect(h.fake.publicPosts().length).toBe(publicBefore);
    expect(h.fake.callsTo('chat.update').length).toBe(updatesBefore);
    const denied = (await auditOf(h, draftId)).filter((e) => e.type === 'denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]?.actor).toBe(MALLORY);
    expect((await h.app.gate.get(draftId))?.state).toBe('pending');
  });

  it('edits through the modal, updates the card in place, and refuses a stale edit with a visible error', async () => {
    const { card } = await requestBySlash(ALICE, 'edit me');
    const draftId = draftIdOf(card);
    const editValue = button(card, ACTION.edit).value;

    await click(ALICE, ACTION.edit, editValue, card);
    const open = h.fake.callsTo('views.open').at(-1);
    const view = open?.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(VIEW.edit);
    expect(view.private_metadata).toBe(`${draftId}:1`);
    expect(JSON.stringify(view.blocks)).toContain('Answer to: edit me');

    const submit = await h.sender.send(
      viewSubmission({
        callbackId: VIEW.edit,
        privateMetadata: view.private_metadata,
        user: ALICE,
        values: { [BLOCK.editText]: { [INPUT.editText]: 'A careful, human-edited answer.' } },
      }),
    );
    expect(submit.status).toBe(200);
    expect(submit.text).toBe('');
    await h.slack.idle();
    const edited = h.fake.message(card.channel, card.ts);
    if (!edited) throw new Error('card vanished');
    expect(cardText(edited)).toContain('A careful, human-edited answer.');
    expect(cardText(edited)).toContain('*Version:* 2');
    // The edited card shows what changed since the version it replaced.
    expect(cardText(edited)).toContain('*What changed since v1:*');
    expect(cardText(edited)).toContain('+ A careful, human-edited answer.');
    expect(button(edited, ACTION.approve).value).toBe(`${draftId}:2`);

    const stale = await h.sender.send(
      viewSubmission({
        callbackId: VIEW.edit,
        privateMetadata: view.private_metadata,
        user: ALICE,
        values: { [BLOCK.editText]: { [INPUT.editText]: 'An edit from an old window.' } },
      }),
    );
    expect(stale.status).toBe(200);
    expect(stale.json).toMatchObject({ response_action: 'errors' });
    const errors = stale.json?.errors as Record<string, string>;
    expect(errors[BLOCK.editText]).toMatch(/version 1.*version 2/);
    await h.slack.idle();
    const draft = await h.app.gate.get(draftId);
    expect(draft?.version).toBe(2);
    expect(draft?.text).toBe('A careful, human-edited answer.');
    expect((await auditOf(h, draftId)).map((e) => e.type)).toContain('stale_click');
  });

  it('refuses an Approve click from an outdated card after an edit', async () => {
    const { card } = await requestBySlash(ALICE, 'stale approve');
    const draftId = draftIdOf(card);
    const oldApprove = button(card, ACTION.approve).value;
    await h.sender.send(
      viewSubmission({
        callbackId: VIEW.edit,
        privateMetadata: `${draftId}:1`,
        user: ALICE,
        values: { [BLOCK.editText]: { [INPUT.editText]: 'Version two.' } },
      }),
    );
    await h.slack.idle();
    const publicBefore = h.fake.publicPosts().length;
    const { responseId } = await click(ALICE, ACTION.approve, oldApprove, card);
    expect(String(h.fake.responsesTo(responseId)[0]?.body.text)).toMatch(
      /version 1, but the draft is at version 2/,
    );
    expect(h.fake.publicPosts().length).toBe(publicBefore);
  });

  it('regenerates through the modal and updates the card with the new version', async () => {
    const { card } = await requestBySlash(ALICE, 'regenerate me');
    const draftId = draftIdOf(card);
    await click(ALICE, ACTION.regenerate, button(card, ACTION.regenerate).value, card);
    const view = h.fake.callsTo('views.open').at(-1)?.params.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(view.callback_id).toBe(VIEW.regenerate);

    const submit = await h.sender.send(
      viewSubmission({
        callbackId: VIEW.regenerate,
        privateMetadata: view.private_metadata,
        user: ALICE,
        values: { [BLOCK.feedback]: { [INPUT.feedback]: 'shorter please' } },
      }),
    );
    expect(submit.status).toBe(200);
    expect(submit.text).toBe('');
    await h.slack.idle();
    const updated = h.fake.message(card.channel, card.ts);
    if (!updated) throw new Error('card vanished');
    expect(cardText(updated)).toContain('Regenerated (shorter please)');
    expect(button(updated, ACTION.approve).value).toBe(`${draftId}:2`);

    const stale = await h.sender.send(
      viewSubmission({
        callbackId: VIEW.regenerate,
        privateMetadata: view.private_metadata,
        user: ALICE,
        values: { [BLOCK.feedback]: { [INPUT.feedback]: 'again' } },
      }),
    );
    expect(stale.json).toMatchObject({ response_action: 'errors' });
  });

  it('discards: the card says so and loses its buttons, and nothing is posted', async () => {
    const { card } = await requestBySlash(ALICE, 'discard me');
    const publicBefore = h.fake.publicPosts().length;
    const discard = button(card, ACTION.discard);
    expect(discard.confirm).toBeDefined();
    await click(ALICE, ACTION.discard, discard.value, card);
    const updated = h.fake.message(card.channel, card.ts);
    expect(updated && headline(updated)).toBe('Discarded');
    expect(updated && buttons(updated)).toEqual([]);
    expect(h.fake.publicPosts().length).toBe(publicBefore);
  });
});

describe('Slack: risk findings on the card', () => {
  it('asks for an explicit confirmation listing confirm-severity findings before publishing', async () => {
    const { card } = await requestBySlash(ALICE, 'how do I fix the bucket acl?');
    const draftId = draftIdOf(card);
    const approve = button(card, ACTION.approve);
    const confirm = approve.confirm as { title: { text: string }; text: { text: string } };
    // Plain titles, not rule ids; the risky Approve reads "Review & approve…" in Block Kit's warning style.
    expect(confirm.text.text).toContain('Public bucket');
    expect(confirm.text.text).not.toContain('permission.public-acl');
    const look = buttons(card).find((b) => b.action_id === ACTION.approve) as {
      text?: { text: string };
      style?: string;
    };
    expect(look.text?.text).toBe('Review & approve…');
    expect(look.style).toBe('danger');
    expect(approve.value).toBe(`${draftId}:1:confirmed`);
    const publicBefore = h.fake.publicPosts().length;

    const unconfirmed = await click(ALICE, ACTION.approve, `${draftId}:1`, card);
    expect(String(h.fake.responsesTo(unconfirmed.responseId)[0]?.body.text)).toMatch(
      /confirm them explicitly/,
    );
    expect(h.fake.publicPosts().length).toBe(publicBefore);

    await click(ALICE, ACTION.approve, approve.value, card);
    expect(h.fake.publicPosts().length).toBe(publicBefore + 1);
    const approved = (await auditOf(h, draftId)).find((e) => e.type === 'approved');
    expect(JSON.parse(approved?.detail ?? '{}')).toMatchObject({ confirmed: true });
  });

  it('shows no Approve, with the reason, while a block-severity finding stands, and masks the secret', async () => {
    const { card } = await requestBySlash(ALICE, 'which token do I use?');
    expect(buttons(card).map((b) => b.action_id)).not.toContain(ACTION.approve);
    expect(cardText(card)).toContain('Approve unavailable');
    expect(cardText(card)).toContain('secret.slack-token');
    expect(cardText(card)).not.toContain(FAKE_LEAKED_TOKEN);
  });
});

describe('Slack: the other ways to ask', () => {
  it("a message shortcut drafts a reply in that message's thread", async () => {
    const delivery = messageShortcut({
      fake: h.fake,
      user: ALICE,
      channel: CHANNEL,
      message: { ts: '1699999999.000200', thread_ts: '1699999990.000100', text: 'Why is the build red?' },
    });
    const before = h.fake.messages.length;
    const reply = await h.sender.send(delivery);
    expect(reply.status).toBe(200);
    await h.slack.idle();
    expect(String(h.fake.responsesTo(delivery.responseId)[0]?.body.text)).toMatch(/Drafting privately/);
    const card = h.fake.messages.slice(before).find((m) => m.channel === `D${ALICE}`);
    if (!card) throw new Error('no card');
    expect(cardText(card)).toContain('Answer to: Why is the build red?');
    expect(cardText(card)).toContain('open thread');

    await click(ALICE, ACTION.approve, button(card, ACTION.approve).value, card);
    const post = h.fake.publicPosts().at(-1);
    expect(post?.params.channel).toBe(CHANNEL);
    expect(post?.params.thread_ts).toBe('1699999990.000100');
    // In the question's own thread, the question is not repeated.
    expect(String(post?.params.text)).not.toContain('asked:');
  });

  it('an app mention inside a thread targets that thread, and a retried delivery makes no second draft', async () => {
    const mention = appMention({
      user: ALICE,
      channel: CHANNEL,
      text: '<@U0BOT> what does this error mean?',
      ts: '1699999999.000900',
      threadTs: '1699999999.000500',
    });
    const before = h.fake.messages.length;
    const first = await h.sender.send(mention);
    expect(first.status).toBe(200);
    await h.slack.idle();
    const retried = await h.sender.send(mention, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retried.status).toBe(200);
    await h.slack.idle();

    const cards = h.fake.messages.slice(before).filter((m) => m.channel === `D${ALICE}`);
    expect(cards).toHaveLength(1);
    const card = cards[0];
    if (!card) throw new Error('no card');
    expect(cardText(card)).toContain('Answer to: what does this error mean?');
    const requested = (await auditOf(h)).filter(
      (e) => e.type === 'requested' && JSON.parse(e.detail).question === 'what does this error mean?',
    );
    expect(requested).toHaveLength(1);
    const ephemerals = h.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.params.thread_ts === '1699999999.000500');
    expect(ephemerals.length).toBeGreaterThanOrEqual(1);
    expect(ephemerals[0]?.params.user).toBe(ALICE);

    await click(ALICE, ACTION.approve, button(card, ACTION.approve).value, card);
    const post = h.fake.publicPosts().at(-1);
    expect(post?.params.thread_ts).toBe('1699999999.000500');
  });
});
