/**
 * The whole app (createApp) with the Slack adapter pointed at a fake Slack Web API, a test agent, and a sender of
 * signed deliveries to the real `POST /slack/events` route. Helpers read review cards back from the fake.
 */
import pino from 'pino';
import type { SlackAdapter } from '../../adapters/slack/index.js';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import type { AuditEntry } from '../../src/core/audit-event.js';
import type { Agent, AgentRequest, AgentResult, Clock } from '../../src/core/ports.js';
import { systemClock } from '../../src/core/ports.js';
import { blockAction, SlackSender, slashCommand } from '../../testkit/slack-requests.js';
import { type FakeMessage, FakeSlackApi } from './fake-slack-api.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** Every mention and link token Slack knows, to check that publishing neutralizes them. */
export const TOKENS_TEXT =
  'Heads up <!channel> and <!here>, ask <@U0SOMEONE> or <!subteam^S0GROUP|@oncall>; see <https://evil.example/x|the docs> & more.';

/** Shaped like a Slack bot token so that the risk review blocks it; it is no real credential. */
export const FAKE_LEAKED_TOKEN = ['xoxb', '1234567890', 'abcdefghijklmnop'].join('-');

/** A deterministic agent: answers with the question and every mention token; regenerates with the feedback. */
export const tokensAgent: Agent = {
  name: 'test',
  async draft(request: AgentRequest): Promise<AgentResult> {
    if (request.previous)
      return { ok: true, text: `Regenerated (${request.previous.feedback}). ${TOKENS_TEXT}` };
    if (/\bacl\b/.test(request.question)) {
      return {
        ok: true,
        text: 'Run `aws s3api put-bucket-acl --bucket exports --acl public-read` and it works.',
      };
    }
    if (/\btoken\b/.test(request.question))
      return { ok: true, text: `Use ${FAKE_LEAKED_TOKEN} for the bot.` };
    return { ok: true, text: `Answer to: ${request.question}\n${TOKENS_TEXT}` };
  },
};

export interface HarnessOptions {
  store: 'redis' | 'memory';
  agent?: Agent;
  clock?: Clock;
  policy?: Record<string, unknown>;
}

export interface SlackHarness {
  app: App;
  fake: FakeSlackApi;
  slack: SlackAdapter;
  sender: SlackSender;
  close(): Promise<void>;
}

export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const fake = await FakeSlackApi.start();
  const clock = options.clock ?? systemClock;
  const config = configSchema.parse({
    redis: { ...(options.store === 'redis' ? { url: testRedisUrl() } : {}), prefix: uniquePrefix('slack') },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    rate_limits: { requests_per_user: { points: 1000, duration: 60_000 } },
    slack: { bot_token: 'xoxb-test-token', signing_secret: SIGNING_SECRET, api_url: fake.apiUrl },
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const app = await createApp({
    config,
    env: {},
    logger: pino({ level: 'silent' }),
    clock,
    agent: options.agent ?? tokensAgent,
    manualSweep: true,
  });
  const { url } = await app.start();
  const slack = app.adapters.find((adapter) => adapter.name === 'slack') as SlackAdapter | undefined;
  if (!slack) throw new Error('createApp did not start the Slack adapter');
  const sender = new SlackSender(`${url}/slack/events`, SIGNING_SECRET, () => clock.now());
  return {
    app,
    fake,
    slack,
    sender,
    async close() {
      await app.stop();
      await fake.close();
    },
  };
}

// ── reading cards back ──────────────────────────────────────────────────────────────────────────────────────

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: {
    type: string;
    action_id?: string;
    value?: string;
    text?: { text: string };
    confirm?: unknown;
  }[];
}

export function blocksOf(message: FakeMessage): Block[] {
  return (message.blocks ?? []) as Block[];
}

export function headline(message: FakeMessage): string {
  return blocksOf(message)[0]?.text?.text ?? '';
}

export function buttons(message: FakeMessage): NonNullable<Block['elements']> {
  return blocksOf(message)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);
}

export function button(message: FakeMessage, actionId: string): { value: string; confirm?: unknown } {
  const found = buttons(message).find((element) => element.action_id === actionId);
  if (!found?.value) throw new Error(`the card has no ${actionId} button`);
  return { value: found.value, ...(found.confirm ? { confirm: found.confirm } : {}) };
}

/** All the mrkdwn/plain text on the card. */
export function cardText(message: FakeMessage): string {
  return JSON.stringify(message.blocks ?? []);
}

export function draftIdOf(message: FakeMessage): string {
  for (const element of buttons(message)) {
    const id = element.value?.split(':')[0];
    if (id) return id;
  }
  throw new Error('no draft id on the card');
}

export async function auditOf(harness: SlackHarness, draftId?: string): Promise<AuditEntry[]> {
  return await harness.app.stores.audit.range(draftId ? { draftId } : {});
}

/** The channel the e2e tests ask in. */
export const TEST_CHANNEL = 'C0GENERAL';

/** Sends `/draftgate <text>` as `user`; returns the reply and the review card that reached their DM, if one did. */
export async function requestBySlash(harness: SlackHarness, user: string, text: string) {
  const before = harness.fake.messages.length;
  const delivery = slashCommand({ fake: harness.fake, text, user, channel: TEST_CHANNEL });
  const reply = await harness.sender.send(delivery);
  if (reply.status !== 200) throw new Error(`the slash command got ${reply.status}: ${reply.text}`);
  await harness.slack.idle();
  const card = harness.fake.messages.slice(before).find((m) => m.channel === `D${user}`);
  return { reply, card, responseId: delivery.responseId };
}

/** Clicks a button of a review card as `user`, and waits until the adapter is idle. */
export async function clickCard(
  harness: SlackHarness,
  user: string,
  actionId: string,
  value: string,
  card: { channel: string; ts: string },
) {
  const delivery = blockAction({
    fake: harness.fake,
    actionId,
    value,
    user,
    channel: card.channel,
    messageTs: card.ts,
  });
  const reply = await harness.sender.send(delivery);
  if (reply.status !== 200) throw new Error(`the click got ${reply.status}: ${reply.text}`);
  await harness.slack.idle();
  return { reply, responseId: delivery.responseId };
}
