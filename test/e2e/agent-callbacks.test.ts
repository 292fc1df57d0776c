/**
 * Agent callbacks end to end: an intake agent submits drafts over the HTTP API, the reviewer decides in Slack
 * (real Bolt, signed deliveries, a fake Slack Web API), and the agent's callback URL gets one signed POST per
 * outcome, delivered through the Redis queue at least once: a receiver that fails twice still ends up with each
 * event exactly once after dropping repeats by delivery id, and a restart in the middle of the retries loses
 * nothing.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { blockAction, SlackSender, viewSubmission } from '../../testkit/slack-requests.js';
import { CallbackReceiver } from '../support/callback-receiver.js';
import { FAKE_TEAM, type FakeMessage, FakeSlackApi } from '../support/fake-slack-api.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { button, buttons, SIGNING_SECRET, tokensAgent } from '../support/slack-harness.js';

const TOKEN = 'intake-token-for-the-helper-agent';
const SECRET = 'callback-secret-0123456789abcdef';
const ALICE = 'U0ALICE';
const CHANNEL = 'C0GENERAL';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

interface Running {
  app: App;
  base: string;
  sender: SlackSender;
  stop(): Promise<void>;
}

const fake = await FakeSlackApi.start();
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});
afterAll(async () => {
  await fake.close();
});

async function start(prefix: string, callbackUrl: string): Promise<Running> {
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    slack: { bot_token: 'xoxb-test-token', signing_secret: SIGNING_SECRET, api_url: fake.apiUrl },
    intake: { agents: [{ name: 'helper-bot', token_sha256: sha(TOKEN), callback_url: callbackUrl }] },
  });
  const app = await createApp({
    config,
    env: { DRAFTGATE_CALLBACK_SECRET_HELPER_BOT: SECRET },
    logger: pino({ level: 'silent' }),
    agent: tokensAgent,
    manualSweep: true,
    callbacks: { pollMs: 25, baseDelayMs: 50, maxDelayMs: 200 },
  });
  const { url } = await app.start();
  let stopped = false;
  const running = {
    app,
    base: url,
    sender: new SlackSender(`${url}/slack/events`, SIGNING_SECRET),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
  cleanup.push(running.stop);
  return running;
}

async function submit(running: Running, question: string): Promise<{ id: string; card: FakeMessage }> {
  const response = await fetch(`${running.base}/v1/drafts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: 'slack',
      workspace: FAKE_TEAM,
      channel: CHANNEL,
      requester: ALICE,
      question,
      text: `The helper's answer to: ${question}`,
    }),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const card = await fake.waitFor(
    () =>
      fake.messages.find((m) => m.channel === `D${ALICE}` && JSON.stringify(m.history).includes(`"${id}:1"`)),
    5_000,
    'the review card',
  );
  return { id, card };
}

async function click(running: Running, action: string, card: FakeMessage): Promise<void> {
  const current = fake.message(card.channel, card.ts) ?? card;
  const reply = await running.sender.send(
    blockAction({
      fake,
      actionId: action,
      value: button(current, action).value,
      user: ALICE,
      channel: card.channel,
      messageTs: card.ts,
    }),
  );
  expect(reply.status).toBe(200);
}

/** Deliveries still queued once the last answer has been processed (polls briefly: 0 is expected). */
async function drained(running: Running): Promise<number> {
  let pending = -1;
  for (let attempt = 0; attempt < 100 && pending !== 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    pending = (await running.app.callbacks?.queue.pending()) ?? -1;
  }
  return pending;
}

describe('agent callbacks', () => {
  it('a receiver that fails twice gets published, retracted, discarded and regenerate (with feedback) once each', async () => {
    const receiver = await CallbackReceiver.start(SECRET, { failFirst: 2 });
    cleanup.push(() => receiver.close());
    const running = await start(uniquePrefix('callbacks'), receiver.url);

    const published = await submit(running, 'How do I rotate the cert?');
    await click(running, ACTION.approve, published.card);
    await fake.waitFor(() => fake.publicPosts().length === 1, 5_000, 'the publish');
    await fake.waitFor(
      () =>
        buttons(fake.message(published.card.channel, published.card.ts) as FakeMessage).some(
          (b) => b.action_id === ACTION.retract,
        ),
      5_000,
      'the Retract button',
    );
    await click(running, ACTION.retract, published.card);

    const discarded = await submit(running, 'Should we page the DBA?');
    await click(running, ACTION.discard, discarded.card);

    const regenerated = await submit(running, 'Explain the release train');
    await click(running, ACTION.regenerate, regenerated.card);
    const modal = await fake.waitFor(() => fake.callsTo('views.open').at(-1), 5_000, 'the feedback modal');
    const view = modal.params.view as { private_metadata: string };
    const submitted = await running.sender.send(
      viewSubmission({
        callbackId: VIEW.regenerate,
        privateMetadata: view.private_metadata,
        user: ALICE,
        values: { [BLOCK.feedback]: { [INPUT.feedback]: 'cite the runbook' } },
      }),
    );
    expect(submitted.status).toBe(200);

    const unique = await fake.waitFor(
      () => (receiver.unique().length >= 4 ? receiver.unique() : undefined),
      15_000,
      'four accepted callbacks',
    );
    const byEvent = (type: string) => unique.filter((callback) => callback.body.type === type);
    expect(byEvent('published').map((c) => c.body.draft_id)).toEqual([published.id]);
    expect(byEvent('retracted').map((c) => c.body.draft_id)).toEqual([published.id]);
    expect(byEvent('discarded').map((c) => c.body.draft_id)).toEqual([discarded.id]);
    expect(byEvent('regenerated').map((c) => c.body.draft_id)).toEqual([regenerated.id]);
    expect(byEvent('regenerated')[0]?.body.feedback).toBe('cite the runbook');
    expect(unique).toHaveLength(4);
    // The two failures were retried with the same delivery id, and every request was signed.
    const failed = receiver.received.filter((callback) => callback.answered !== 200);
    expect(failed).toHaveLength(2);
    for (const failure of failed) expect(unique.map((c) => c.deliveryId)).toContain(failure.deliveryId);
    expect(receiver.received.every((callback) => callback.signatureValid)).toBe(true);
    for (const callback of unique) {
      expect(callback.body.delivery_id).toBe(callback.deliveryId);
      expect(callback.body.agent).toBe('helper-bot');
      expect(callback.event).toBe(callback.body.type);
      // The agent learns the outcome, not who decided.
      expect(JSON.stringify(callback.body)).not.toContain(ALICE);
    }
    expect(await drained(running)).toBe(0);
  });

  it('a restart in the middle of the retries loses nothing: the next process delivers the same delivery id', async () => {
    const receiver = await CallbackReceiver.start(SECRET);
    cleanup.push(() => receiver.close());
    receiver.down = true;
    const prefix = uniquePrefix('callbacks-restart');
    const first = await start(prefix, receiver.url);
    const { id, card } = await submit(first, 'Is the VPN down?');
    await click(first, ACTION.discard, card);
    await fake.waitFor(() => receiver.received.length >= 2, 10_000, 'two failed attempts');
    await first.stop();
    const attemptsBefore = receiver.received.length;
    expect(receiver.unique()).toHaveLength(0);

    receiver.down = false;
    const second = await start(prefix, receiver.url);
    const [delivered] = await fake.waitFor(
      () => (receiver.unique().length > 0 ? receiver.unique() : undefined),
      10_000,
      'the delivery after the restart',
    );
    expect(receiver.received.length).toBeGreaterThan(attemptsBefore);
    expect(delivered?.body).toMatchObject({ type: 'discarded', draft_id: id });
    expect(delivered?.deliveryId).toBe(receiver.received[0]?.deliveryId);
    expect(receiver.unique()).toHaveLength(1);
    expect(await drained(second)).toBe(0);
  });
});
