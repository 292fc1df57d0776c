/**
 * The direct Web API calls (web-api-post.ts) against the fake Slack API: the same answers and failures as the
 * WebClient for the same faults, classified by the same helpers, and never a retry; and response_url replies.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, platformErrorCode, rateLimitedMs } from '../../adapters/slack/slack-errors.js';
import { createWebApiPost, type WebApiPost } from '../../adapters/slack/web-api-post.js';
import { createWebClient, normalizeApiUrl } from '../../adapters/slack/web-client.js';
import { FakeSlackApi, type Fault } from '../support/fake-slack-api.js';

let fake: FakeSlackApi;
let post: WebApiPost;
let web: ReturnType<typeof createWebClient>;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  fake = await FakeSlackApi.start();
  post = createWebApiPost({ token: 'xoxb-test', apiUrl: normalizeApiUrl(fake.url), timeoutMs: 300, logger });
  web = createWebClient({ token: 'xoxb-test', apiUrl: fake.url, timeoutMs: 300, logger });
});

afterAll(async () => {
  await fake?.close();
});

/** What a failed call threw, as the adapter's helpers see it. */
async function failure(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call();
  } catch (error) {
    return {
      code: platformErrorCode(error),
      waitMs: rateLimitedMs(error),
      kind: (error as { code?: unknown }).code,
      unknown: platformErrorCode(error) === undefined && rateLimitedMs(error) === undefined,
    };
  }
  throw new Error('the call did not fail');
}

describe('direct Web API calls', () => {
  it('posts JSON with the bot token and answers what Slack answered', async () => {
    const posted = await post.postMessage({ channel: 'C1', text: 'hello', unfurl_links: false });
    expect(posted).toMatchObject({ ok: true, channel: 'C1' });
    expect(typeof posted.ts).toBe('string');
    const call = fake.callsTo('chat.postMessage').at(-1);
    expect(call).toMatchObject({
      token: 'xoxb-test',
      params: { channel: 'C1', text: 'hello', unfurl_links: false },
    });
    const opened = await post.openConversation({ users: 'U1' });
    expect(opened.channel?.id).toMatch(/^D/);
    const updated = await post.update({ channel: 'C1', ts: posted.ts ?? '', text: 'edited' });
    expect(updated.ok).toBe(true);
  });

  it.each<[string, Fault]>([
    ['ok: false', { error: 'not_in_channel' }],
    ['429 with Retry-After', { status: 429, retryAfterSec: 7 }],
    ['a 500', { status: 500 }],
    ['no answer before the timeout', { delayMs: 1_000 }],
  ])('%s fails exactly as the WebClient fails, and is sent once', async (_, fault) => {
    fake.fail('chat.postMessage', fault);
    const before = fake.callsTo('chat.postMessage').length;
    const direct = await failure(() => post.postMessage({ channel: 'C1', text: 'x' }));
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
    fake.fail('chat.postMessage', fault);
    const client = await failure(() => web.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(direct).toEqual(client);
  });

  it('replies through a response_url with the JSON Bolt would send, and throws when Slack does not answer 200', async () => {
    await post.respond(fake.responseUrl('click-1'), {
      response_type: 'ephemeral',
      replace_original: false,
      text: 'only you can see this',
    });
    expect(fake.responsesTo('click-1').map((r) => r.body)).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'only you can see this' },
    ]);
    await expect(post.respond(`${fake.url}/not-a-response-url`, { text: 'x' })).rejects.toThrow(/404/);
  });

  it('a refused connection is a request error, which the adapter treats as an unknown outcome', async () => {
    const closed = createWebApiPost({
      token: 'xoxb-test',
      apiUrl: 'http://127.0.0.1:9/api/',
      timeoutMs: 1_000,
      logger,
    });
    const error = await closed.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect((error as { code?: unknown }).code).toBe('slack_webapi_request_error');
    expect(describeError(error)).toMatch(/request error/);
  });
});
