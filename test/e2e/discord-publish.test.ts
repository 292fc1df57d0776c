/**
 * Publishing on Discord when things go wrong, end to end through discord.js's REST client against the fake API:
 * the one deduplicated retry, publish_unknown and reconciliation, definite refusals, long drafts split into an
 * ordered series, and rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_MAX } from '../../adapters/discord/publish-parts.js';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import { buttonClick, CHANNEL_ID, slashCommand, type TestUser } from '../support/discord-payloads.js';
import type { RecordedCall } from '../support/fake-discord-api.js';

const alice: TestUser = { id: '600000000000000021', username: 'alice' };
const POSTS = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);

const LONG = Array.from(
  { length: 12 },
  (_, i) =>
    `Paragraph ${i + 1}. ${'The migration copies rows in batches and verifies checksums before switching reads. '.repeat(4)}`,
).join('\n\n');

describe('Discord publishing under faults', () => {
  let h: DiscordHarness;
  let cards = 0;

  beforeAll(async () => {
    h = await startDiscordHarness({
      mode: 'gateway',
      answer: (request) => (request.question.includes('long') ? LONG : `Answer: ${request.question}`),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Asks, waits for the card, clicks Approve; resolves with the draft id. */
  async function askAndApprove(question: string): Promise<string> {
    const dm = h.fake.dmChannelOf(alice.id);
    h.dispatch(slashCommand(alice, question));
    cards += 1;
    const card = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[cards - 1],
      5_000,
      'the card',
    );
    const approve = buttonId(card.body, 'approve');
    const message = h.fake.messages.get(dm)?.at(-1);
    if (!message) throw new Error('no card message');
    h.dispatch(buttonClick(alice, { id: message.id, channel_id: dm }, approve));
    return approve.split(':')[2] ?? '';
  }

  /** Polls the Gate until the approval has an outcome: a state in `states`, or publish_failed. */
  async function settled(draftId: string, states: string[] = ['published', 'publish_unknown']) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const draft = await h.app.gate.get(draftId);
      if (draft && (states.includes(draft.state) || draft.state === 'publish_failed')) return draft;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`draft ${draftId} never reached ${states.join('|')}`);
  }

  const postsSince = (n: number): RecordedCall[] => h.fake.callsTo('POST', POSTS).slice(n);

  it('a 5xx after Discord created the message: one retry with the same nonce, and still one message', async () => {
    const before = h.fake.callsTo('POST', POSTS).length;
    const messagesBefore = h.fake.messages.get(CHANNEL_ID)?.length ?? 0;
    h.fake.inject('POST', POSTS, { kind: 'after', status: 502 });
    const draftId = await askAndApprove('retry once');
    const draft = await settled(draftId);
    expect(draft.state).toBe('published');
    const attempts = postsSince(before);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((call) => (call.body as { nonce: string }).nonce)).toEqual([draftId, draftId]);
    expect(h.fake.messages.get(CHANNEL_ID)?.length).toBe(messagesBefore + 1);
  });

  it('two ambiguous answers: publish_unknown, no third attempt, and reconciliation finds the message', async () => {
    const before = h.fake.callsTo('POST', POSTS).length;
    h.fake.inject('POST', POSTS, { kind: 'after', status: 503 }, 2);
    const draftId = await askAndApprove('unknown outcome');
    const draft = await settled(draftId);
    expect(draft.state).toBe('publish_unknown');
    expect(postsSince(before)).toHaveLength(2);
    const found = await h.adapter.chat.findPublished(draft);
    const posted = h.fake.messages.get(CHANNEL_ID)?.filter((m) => m.content.includes(`ref ${draftId}`)) ?? [];
    expect(posted).toHaveLength(1);
    expect(found?.messages).toEqual([posted[0]?.id]);
  });

  it('reconciliation reports "not published" when no message of ours carries the draft id', async () => {
    const before = h.fake.callsTo('POST', POSTS).length;
    h.fake.inject(
      'POST',
      POSTS,
      { kind: 'error', status: 500, code: 0, message: 'Internal Server Error' },
      2,
    );
    const draftId = await askAndApprove('never arrived');
    const draft = await settled(draftId);
    expect(draft.state).toBe('publish_unknown');
    expect(postsSince(before)).toHaveLength(2);
    expect(await h.adapter.chat.findPublished(draft)).toBeUndefined();
  });

  it('a definite refusal (403, 50013) is not retried: the publish_failed state, with the reason', async () => {
    const before = h.fake.callsTo('POST', POSTS).length;
    h.fake.inject('POST', POSTS, { kind: 'error', status: 403, code: 50013, message: 'Missing Permissions' });
    const draftId = await askAndApprove('no permission');
    const draft = await settled(draftId);
    expect(draft.state).toBe('publish_failed');
    expect(draft.failure).toMatch(/50013/);
    expect(postsSince(before)).toHaveLength(1);
    const types = (await h.app.stores.audit.range({ draftId })).map((e) => e.type);
    expect(types).toContain('publish_failed');
  });

  it('a 429 is waited out by the REST client and posts once', async () => {
    const messagesBefore = h.fake.messages.get(CHANNEL_ID)?.length ?? 0;
    h.fake.inject('POST', POSTS, { kind: 'rate_limit', retryAfterMs: 50 });
    const draftId = await askAndApprove('rate limited');
    const draft = await settled(draftId);
    expect(draft.state).toBe('published');
    expect(h.fake.messages.get(CHANNEL_ID)?.length).toBe(messagesBefore + 1);
  });

  it('a draft over 2000 characters is posted as an ordered series split on paragraphs, and retract deletes all', async () => {
    const before = h.fake.callsTo('POST', POSTS).length;
    const draftId = await askAndApprove('long answer please');
    const draft = await settled(draftId);
    expect(draft.state).toBe('published');
    const parts = postsSince(before).map((c) => c.body as { content: string; nonce: string });
    expect(parts.length).toBeGreaterThan(1);
    expect(draft.published?.messages).toHaveLength(parts.length);
    for (const [index, part] of parts.entries()) {
      expect(part.content.length).toBeLessThanOrEqual(MESSAGE_MAX);
      expect(part.content).toContain(`ref ${draftId} · ${index + 1}/${parts.length}`);
      // Each part ends a paragraph: the text before the attribution line ends with a full stop.
      expect(part.content.split('\n-# ')[0]?.trimEnd().endsWith('.')).toBe(true);
    }
    expect(new Set(parts.map((p) => p.nonce)).size).toBe(parts.length);
    // A slash command's reply is not under its question: the first part quotes it, the others do not.
    const asked = `> <@${alice.id}> asked: long answer please\n`;
    expect(parts[0]?.content.startsWith(asked)).toBe(true);
    expect(parts.slice(1).some((p) => p.content.includes('asked:'))).toBe(false);
    // Nothing lost or reordered (whitespace at the cuts aside).
    const text = parts.map((p) => p.content.replace(asked, '').split('\n-# ')[0]).join(' ');
    expect(text.replace(/\s+/g, ' ')).toBe(LONG.replace(/\s+/g, ' ').trim());

    const dm = h.fake.dmChannelOf(alice.id);
    const card = await h.fake.waitFor(
      () =>
        h.fake.messages
          .get(dm)
          ?.find(
            (m) => m.content.includes('**Published**') && m.content.includes(`${parts.length} messages`),
          ),
      5_000,
      'the published card',
    );
    h.dispatch(buttonClick(alice, { id: card.id, channel_id: dm }, buttonId(card, 'retract')));
    await settled(draftId, ['retracted']);
    for (const id of draft.published?.messages ?? []) {
      expect(h.fake.messages.get(CHANNEL_ID)?.some((m) => m.id === id)).toBe(false);
    }
  });
});
