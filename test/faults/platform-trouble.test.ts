/**
 * Platform trouble not covered elsewhere. Already covered: a 429 with Retry-After on a Slack card update
 * (test/e2e/slack-safety.test.ts, test/unit/slack-chat.test.ts), a Slack publish that times out in the adapter
 * (test/unit/slack-chat.test.ts) or gets a 5xx end to end (test/e2e/slack-safety.test.ts), and Discord's nonce
 * de-duplicating a retry after a 5xx (test/e2e/discord-publish.test.ts). Here, end to end through real Bolt and
 * discord.js:
 * - Slack: a publish whose answer times out after Slack took it becomes publish_unknown; neither a second click
 *   nor the late answer posts again; reconciliation finds the one post.
 * - Discord: a publish that times out is retried once with the same nonce, and the nonce leaves one message, even
 *   when the first attempt lands after the retry; two timeouts become publish_unknown, still one message.
 * - Discord: a 429 with Retry-After on a card update is waited out, and the card is updated.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordAdapter } from '../../adapters/discord/index.js';
import { ACTION } from '../../adapters/slack/action-ids.js';
import type { SlackAdapter } from '../../adapters/slack/index.js';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { blockAction, SlackSender, slashCommand } from '../../testkit/slack-requests.js';
import { ManualClock } from '../support/clock.js';
import { dispatchInteraction, primeGatewayClient } from '../support/discord-gateway.js';
import { buttonId } from '../support/discord-harness.js';
import {
  APP_ID,
  buttonClick,
  CHANNEL_ID,
  slashCommand as discordSlash,
  guildCreate,
  type TestUser,
} from '../support/discord-payloads.js';
import { type FakeDiscordApi, startFakeDiscordApi } from '../support/fake-discord-api.js';
import { type FakeMessage, FakeSlackApi } from '../support/fake-slack-api.js';
import { HoldingSlackProxy } from '../support/fault-slack-proxy.js';
import { answers } from '../support/recording-agent.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const ANSWER = 'The nightly export starts at two in the morning, UTC, and usually takes ten minutes.';
/** The Gate's reconcileGraceMs default: reconciliation waits this long after publish_unknown. */
const RECONCILE_GRACE_MS = 10_000;
const silent = pino({ level: 'silent' });

describe('Slack: a publish that times out after Slack took it', () => {
  const SECRET = 'trouble-signing-secret-0123456789';
  const ALICE = 'U0ALICE';
  const CHANNEL = 'C0TROUBLE';
  const clock = new ManualClock(Date.now());
  let fake: FakeSlackApi | undefined;
  let proxy: HoldingSlackProxy | undefined;
  let app: App | undefined;

  afterAll(async () => {
    await proxy?.close();
    await app?.stop();
    await fake?.close();
  });

  it('becomes publish_unknown, is never posted twice, and is reconciled to the one post', async () => {
    fake = await FakeSlackApi.start();
    proxy = await HoldingSlackProxy.start(fake.url);
    const config = configSchema.parse({
      redis: { url: testRedisUrl(), prefix: uniquePrefix('trouble-slack') },
      server: { port: 0, host: '127.0.0.1' },
      log: { level: 'silent' },
      slack: { bot_token: 'xoxb-trouble', signing_secret: SECRET, api_url: proxy.apiUrl },
    });
    app = await createApp({
      config,
      env: {},
      logger: silent,
      clock,
      agent: answers(ANSWER),
      slackOptions: { apiTimeoutMs: 500 },
      manualSweep: true,
    });
    const { url } = await app.start();
    const slack = app.adapters.find((adapter) => adapter.name === 'slack') as SlackAdapter;
    const sender = new SlackSender(`${url}/slack/events`, SECRET, () => clock.now());
    const f = fake;
    const posts = (id: string) =>
      f
        .publicPosts()
        .filter(
          (call) =>
            (call.params.metadata as { event_payload?: { draft_id?: unknown } } | undefined)?.event_payload
              ?.draft_id === id,
        ).length;

    expect(
      (await sender.send(slashCommand({ fake, text: 'when is the export?', user: ALICE, channel: CHANNEL })))
        .status,
    ).toBe(200);
    await slack.idle();
    const card = fake.messages.find((m) => m.channel === `D${ALICE}`);
    if (!card) throw new Error('no review card');
    const approve = approveValue(card);
    const id = approve.split(':')[0] ?? '';
    expect((await app.gate.get(id))?.findings).toEqual([]);

    proxy.holdPublishOf(id);
    const click = (responseId: string) =>
      sender.send(
        blockAction({
          fake: f,
          actionId: ACTION.approve,
          value: approve,
          user: ALICE,
          channel: card.channel,
          messageTs: card.ts,
          responseId,
        }),
      );
    expect((await click('first-approve')).status).toBe(200);
    await slack.idle();

    // Slack has the post; draftgate timed out waiting and does not know.
    expect(proxy.held).toHaveLength(1);
    expect(posts(id)).toBe(1);
    const unknown = await app.gate.get(id);
    expect(unknown?.state).toBe('publish_unknown');
    const events = await app.stores.audit.range({ draftId: id });
    expect(events.map((entry) => entry.type)).toEqual([
      'requested',
      'drafted',
      'approved',
      'publish_unknown',
    ]);
    expect(JSON.parse(events[3]?.detail ?? '{}').reason).toMatch(/did not confirm/);
    expect(headline(fake.message(card.channel, card.ts))).toMatch(/Publish outcome unknown/);
    expect(
      fake
        .responsesTo('first-approve')
        .map((r) => String(r.body.text))
        .join('\n'),
    ).toMatch(/will not post twice/);

    // The same Approve again (an old copy of the card): refused, nothing posted.
    expect((await click('second-approve')).status).toBe(200);
    await slack.idle();
    expect(posts(id)).toBe(1);
    expect(
      fake
        .responsesTo('second-approve')
        .map((r) => String(r.body.text))
        .join('\n'),
    ).toMatch(/will not be posted twice/);
    // The late answer arrives after the timeout: ignored.
    proxy.release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await app.gate.get(id))?.state).toBe('publish_unknown');

    // Before the grace period reconciliation leaves it alone; after it, it finds the one post.
    expect((await app.gate.sweep()).reconciled).toBe(0);
    clock.advance(RECONCILE_GRACE_MS + 1_000);
    expect((await app.gate.sweep()).reconciled).toBe(1);
    const published = await app.gate.get(id);
    expect(published?.state).toBe('published');
    const message = fake.messages.find((m) => m.metadata?.event_payload?.draft_id === id);
    expect(published?.published?.messages).toEqual([message?.ts]);
    expect(posts(id)).toBe(1);
    expect(headline(fake.message(card.channel, card.ts))).toBe('Published');
    const last = (await app.stores.audit.range({ draftId: id })).at(-1);
    expect(last?.type).toBe('published');
    expect(JSON.parse(last?.detail ?? '{}')).toMatchObject({ reconciled: true });
  });
});

describe('Discord: publish timeouts and a rate-limited card update', () => {
  const alice: TestUser = { id: '600000000000000031', username: 'alice' };
  const POSTS = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);
  const REST_TIMEOUT_MS = 300;
  const clock = new ManualClock(Date.now());
  let fake: FakeDiscordApi;
  let app: App;
  let adapter: DiscordAdapter;
  let cards = 0;

  beforeAll(async () => {
    fake = await startFakeDiscordApi({ botId: APP_ID });
    const config = configSchema.parse({
      redis: { url: testRedisUrl(), prefix: uniquePrefix('trouble-discord') },
      server: { port: 0, host: '127.0.0.1' },
      log: { level: 'silent' },
      discord: { token: 'test-bot-token', application_id: APP_ID, api_url: fake.apiUrl, mode: 'gateway' },
    });
    app = await createApp({
      config,
      env: {},
      logger: silent,
      clock,
      agent: answers(ANSWER),
      discordRestTimeoutMs: REST_TIMEOUT_MS,
      manualSweep: true,
    });
    adapter = app.adapters.find((a) => a.name === 'discord') as DiscordAdapter;
    primeGatewayClient(adapter.client, fake.botUser, guildCreate());
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const dispatch = (raw: unknown) => dispatchInteraction(adapter.client, raw);

  /** Asks; resolves with the card message in the DM and the draft id. */
  async function ask(question: string) {
    const dm = fake.dmChannelOf(alice.id);
    dispatch(discordSlash(alice, question));
    cards += 1;
    const posted = await fake.waitFor(
      () => fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[cards - 1],
      5_000,
      'the card',
    );
    const approve = buttonId(posted.body, 'approve');
    const message = fake.messages.get(dm)?.at(-1);
    if (!message) throw new Error('no card message');
    return { message, approve, id: approve.split(':')[2] ?? '' };
  }

  async function settled(id: string, states: string[]) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const draft = await app.gate.get(id);
      if (draft && states.includes(draft.state)) return draft;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`draft ${id} never reached ${states.join('|')}`);
  }

  const ours = (id: string) =>
    (fake.messages.get(CHANNEL_ID) ?? []).filter((m) => m.content.includes(`ref ${id}`));

  it('a timed-out publish is retried once with the same nonce; the late first attempt adds no second message', async () => {
    const before = fake.callsTo('POST', POSTS).length;
    // The first attempt is answered after the client gave up, and takes effect after the retry did.
    fake.inject('POST', POSTS, { kind: 'delay', ms: REST_TIMEOUT_MS * 3 });
    const { message, approve, id } = await ask('timeout once');
    dispatch(buttonClick(alice, { id: message.id, channel_id: message.channel_id }, approve));
    const draft = await settled(id, ['published', 'publish_unknown']);
    expect(draft.state).toBe('published');
    // Wait until the delayed first attempt has been handled by the fake.
    await new Promise((resolve) => setTimeout(resolve, REST_TIMEOUT_MS * 3));
    const attempts = fake.callsTo('POST', POSTS).slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((call) => (call.body as { nonce: string; enforce_nonce: boolean }).nonce)).toEqual([
      id,
      id,
    ]);
    expect(ours(id)).toHaveLength(1);
    expect(draft.published?.messages).toEqual([ours(id)[0]?.id]);
  });

  it('two timeouts: publish_unknown after 2 attempts, one message, and reconciliation finds it', async () => {
    const before = fake.callsTo('POST', POSTS).length;
    fake.inject('POST', POSTS, { kind: 'delay', ms: REST_TIMEOUT_MS * 2 }, 2);
    const { message, approve, id } = await ask('timeout twice');
    dispatch(buttonClick(alice, { id: message.id, channel_id: message.channel_id }, approve));
    const draft = await settled(id, ['published', 'publish_unknown']);
    expect(draft.state).toBe('publish_unknown');
    await new Promise((resolve) => setTimeout(resolve, REST_TIMEOUT_MS * 3));
    expect(fake.callsTo('POST', POSTS).slice(before)).toHaveLength(2);
    expect(ours(id)).toHaveLength(1);

    clock.advance(RECONCILE_GRACE_MS + 1_000);
    expect((await app.gate.sweep()).reconciled).toBe(1);
    const reconciled = await app.gate.get(id);
    expect(reconciled?.state).toBe('published');
    expect(reconciled?.published?.messages).toEqual([ours(id)[0]?.id]);
    expect(fake.callsTo('POST', POSTS).slice(before)).toHaveLength(2);
    expect(ours(id)).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After on a card update, then updates the card', async () => {
    const { message, id } = await ask('rate limited card');
    const CARD = new RegExp(`^/channels/${message.channel_id}/messages/${message.id}$`);
    const discard = buttonId(
      fake.callsTo('POST', new RegExp(`^/channels/${message.channel_id}/messages$`)).at(-1)?.body,
      'discard',
    );
    fake.inject('PATCH', CARD, { kind: 'rate_limit', retryAfterMs: 1_000 });
    dispatch(buttonClick(alice, { id: message.id, channel_id: message.channel_id }, discard));
    await settled(id, ['discarded']);
    const patches = await fake.waitFor(
      () => {
        const calls = fake.callsTo('PATCH', CARD);
        return calls.length >= 2 ? calls : undefined;
      },
      5_000,
      'the retried card update',
    );
    expect(patches).toHaveLength(2);
    const [limited, retried] = patches;
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(JSON.stringify(retried?.body)).toMatch(/Discarded/);
  });
});

function approveValue(card: FakeMessage): string {
  const elements = ((card.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]).flatMap(
    (block) => block.elements ?? [],
  );
  const value = elements.find((element) => element.action_id === ACTION.approve)?.value;
  if (!value) throw new Error('the card has no Approve button');
  return value;
}

function headline(message: FakeMessage | undefined): string {
  return ((message?.blocks ?? []) as { text?: { text?: string } }[])[0]?.text?.text ?? '';
}
