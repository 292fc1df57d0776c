/** The Slack ChatPlatform against the fake Web API, through the real WebClient and the direct calls of every flow. */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChat, type SlackChat } from '../../adapters/slack/chat.js';
import { createWebApiPost } from '../../adapters/slack/web-api-post.js';
import { createWebClient, normalizeApiUrl } from '../../adapters/slack/web-client.js';
import { DmUnavailableError, PublishUnknownError } from '../../src/core/ports.js';
import { card, draft, NOW } from '../support/drafts.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';

let fake: FakeSlackApi;
let chat: SlackChat;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await FakeSlackApi.start();
  const logger = pino({ level: 'silent' });
  const web = createWebClient({ token: 'xoxb-test', apiUrl: fake.url, timeoutMs: 1_000, logger });
  chat = createSlackChat({
    web,
    post: createWebApiPost({
      token: 'xoxb-test',
      apiUrl: normalizeApiUrl(fake.url),
      timeoutMs: 1_000,
      logger,
    }),
    logger,
    clock: { now: () => NOW },
    retryAfter: {
      attempts: 3,
      maxWaitMs: 5_000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
});

afterAll(async () => {
  await fake?.close();
});

const posts = () => fake.callsTo('chat.postMessage').length;

describe('publish', () => {
  it('posts once in the thread, escaped, without unfurls, and returns the permalink', async () => {
    const ref = await chat.publish(
      draft({
        text: 'ping <!here>',
        target: { platform: 'slack', workspace: 'T', channel: 'C1', message: '1.5' },
      }),
      'U0BOSS',
    );
    const call = fake.callsTo('chat.postMessage').at(-1);
    expect(call?.params).toMatchObject({
      channel: 'C1',
      thread_ts: '1.5',
      text: 'ping &lt;!here&gt;',
      unfurl_links: false,
      unfurl_media: false,
      link_names: false,
      parse: 'none',
    });
    expect(ref.channel).toBe('C1');
    expect(ref.messages).toHaveLength(1);
    expect(ref.permalink).toMatch(/^https:\/\/fake\.slack\.test\/archives\/C1\/p/);
  });

  it('turns a timeout into PublishUnknownError after exactly one attempt', async () => {
    const before = posts();
    fake.fail('chat.postMessage', { delayMs: 2_500 });
    await expect(chat.publish(draft(), 'U0BOSS')).rejects.toBeInstanceOf(PublishUnknownError);
    expect(posts()).toBe(before + 1);
  });

  it('turns a 5xx into PublishUnknownError after exactly one attempt', async () => {
    const before = posts();
    fake.fail('chat.postMessage', { status: 500 });
    await expect(chat.publish(draft(), 'U0BOSS')).rejects.toBeInstanceOf(PublishUnknownError);
    expect(posts()).toBe(before + 1);
  });

  it('reports a Slack refusal as a definite failure naming the error code', async () => {
    fake.fail('chat.postMessage', { error: 'channel_not_found' });
    const error = await chat.publish(draft(), 'U0BOSS').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PublishUnknownError);
    expect(String(error)).toContain('channel_not_found');
  });

  it('reports a 429 on publish as a definite failure, without waiting or retrying', async () => {
    const before = posts();
    const sleepsBefore = sleeps.length;
    fake.fail('chat.postMessage', { status: 429, retryAfterSec: 30 });
    const error = await chat.publish(draft(), 'U0BOSS').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PublishUnknownError);
    expect(String(error)).toMatch(/nothing was posted/);
    expect(posts()).toBe(before + 1);
    expect(sleeps.length).toBe(sleepsBefore);
  });
});

describe('reconciliation (findPublished)', () => {
  it('finds the message whose metadata carries the draft id', async () => {
    const d = draft({
      id: 'feedfacefeedface0001',
      target: { platform: 'slack', workspace: 'T', channel: 'C2', thread: '9.1' },
    });
    const ref = await chat.publish(d, 'U0BOSS');
    await expect(chat.findPublished(d)).resolves.toMatchObject({ channel: 'C2', messages: ref.messages });
    const replies = fake.callsTo('conversations.replies').at(-1);
    expect(replies?.params).toMatchObject({ channel: 'C2', ts: '9.1', include_all_metadata: 'true' });
  });

  it('answers undefined when the whole history holds no such message', async () => {
    const d = draft({
      id: 'feedfacefeedface0002',
      target: { platform: 'slack', workspace: 'T', channel: 'C3' },
    });
    await expect(chat.findPublished(d)).resolves.toBeUndefined();
  });

  it('throws when it cannot read the history (the draft stays publish_unknown)', async () => {
    fake.fail('conversations.history', { error: 'missing_scope' });
    const d = draft({
      id: 'feedfacefeedface0003',
      target: { platform: 'slack', workspace: 'T', channel: 'C4' },
    });
    await expect(chat.findPublished(d)).rejects.toThrow(/missing_scope.*publish_unknown/s);
  });
});

describe('review cards and notes', () => {
  it('throws DmUnavailableError and posts nothing when the DM cannot be opened', async () => {
    fake.refuseDm('U0CLOSED', 'user_not_found');
    const before = posts();
    const error = await chat.sendReview(card({ recipient: 'U0CLOSED' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmUnavailableError);
    expect(String(error)).toContain('user_not_found');
    expect(posts()).toBe(before);
  });

  it('sends the card to the DM and returns where it is', async () => {
    const ref = await chat.sendReview(card({ recipient: 'U0ALICE' }));
    expect(ref).toMatchObject({ user: 'U0ALICE', channel: 'DU0ALICE' });
    expect(fake.message(ref.channel, ref.message)?.blocks?.length).toBeGreaterThan(3);
  });

  it('waits Retry-After on a rate-limited card update, but not longer than its bound', async () => {
    const ref = await chat.sendReview(card());
    fake.fail('chat.update', { status: 429, retryAfterSec: 2 });
    await chat.updateReview(ref, card({ headline: 'Discarded' }));
    expect(sleeps.at(-1)).toBe(2000);
    expect(JSON.stringify(fake.message(ref.channel, ref.message)?.blocks)).toContain('Discarded');

    fake.fail('chat.update', { status: 429, retryAfterSec: 60 });
    const before = sleeps.length;
    await expect(chat.updateReview(ref, card({ headline: 'Expired' }))).rejects.toThrow();
    expect(sleeps.length).toBe(before);
  });

  it('treats an already deleted message as retracted', async () => {
    const d = draft({ state: 'published', published: { channel: 'C5', messages: ['1.999'] } });
    await expect(chat.retract(d)).resolves.toBeUndefined();
  });
});

describe('the Web API base URL', () => {
  it('always ends in /api/', () => {
    expect(normalizeApiUrl('https://slack-gov.com/api/')).toBe('https://slack-gov.com/api/');
    expect(normalizeApiUrl('https://slack-gov.com/api')).toBe('https://slack-gov.com/api/');
    expect(normalizeApiUrl('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/api/');
  });
});
