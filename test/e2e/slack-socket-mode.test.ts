/**
 * Slack over Socket Mode, end to end: the real @slack/socket-mode client inside Bolt connects to a fake Socket
 * Mode server (on `ws`) whose URL the fake Web API hands out from `apps.connections.open`. Envelopes for a slash
 * command, button clicks and a view submission are acked by `envelope_id`; a `disconnect` and a dropped
 * connection are survived; the whole flow (request → DM card → edit → approve → one publish) runs on real Redis,
 * and `/readyz` follows the socket's state.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { blockAction, type Delivery, slashCommand, viewSubmission } from '../../testkit/slack-requests.js';
import { type FakeMessage, FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeSlackSocket, type SocketAck } from '../support/fake-slack-socket.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { button, cardText, draftIdOf, tokensAgent } from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const CHANNEL = 'C0GENERAL';

let fake: FakeSlackApi;
let socket: FakeSlackSocket;
let app: App;
let baseUrl: string;

/** Socket Mode payloads are the same objects the HTTP deliveries carry, as JSON instead of form fields. */
function slashPayload(delivery: Delivery): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(delivery.body));
}
function interactivePayload(delivery: Delivery): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(delivery.body).get('payload') ?? '{}') as Record<string, unknown>;
}

async function acked(envelopeId: string): Promise<SocketAck> {
  return await fake.waitFor(() => socket.ackFor(envelopeId), 5_000, `the ack of ${envelopeId}`);
}

async function readyz(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function waitReady(expected: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { status, body } = await readyz();
    if (status === expected) return body;
    if (Date.now() > deadline) throw new Error(`/readyz stayed ${status}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function click(actionId: string, value: string, card: FakeMessage): Promise<string> {
  const delivery = blockAction({
    fake,
    actionId,
    value,
    user: ALICE,
    channel: card.channel,
    messageTs: card.ts,
  });
  return socket.send('interactive', interactivePayload(delivery));
}

beforeAll(async () => {
  fake = await FakeSlackApi.start();
  socket = await FakeSlackSocket.start();
  fake.socketModeUrl = () => socket.nextUrl();
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix: uniquePrefix('socket') },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    slack: { bot_token: 'xoxb-test-token', app_token: 'xapp-1-test-token', api_url: fake.apiUrl },
  });
  app = await createApp({
    config,
    env: {},
    logger: pino({ level: 'silent' }),
    agent: tokensAgent,
    manualSweep: true,
    // Reconnect after 2 s instead of the SDK's 5 s.
    slackOptions: { socketPingTimeoutMs: 2_000 },
  });
  baseUrl = (await app.start()).url;
});

afterAll(async () => {
  await app?.stop();
  await socket?.close();
  await fake?.close();
});

describe('Slack Socket Mode through the real client', () => {
  let card: FakeMessage;

  it('opens the connection with the app-level token, gets hello, and /readyz says connected', async () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.token).toBe('xapp-1-test-token');
    expect(socket.connections).toBeGreaterThanOrEqual(1);
    const body = await waitReady(200);
    expect(body.transports).toEqual([{ transport: 'socket_mode', state: 'connected', connected: true }]);
  });

  it('a slash command envelope is acked by its envelope_id with the private reply, and the card reaches the DM', async () => {
    const delivery = slashCommand({
      fake,
      text: 'how do I rotate the staging cert?',
      user: ALICE,
      channel: CHANNEL,
    });
    const envelopeId = await socket.send('slash_commands', slashPayload(delivery));
    const ack = await acked(envelopeId);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String((ack.payload as { text: string }).text)).toMatch(/Drafting privately/);
    card = await fake.waitFor(
      () => fake.messages.find((m) => m.channel === `D${ALICE}` && m.blocks),
      5_000,
      'the DM card',
    );
    expect(cardText(card)).toContain('Answer to: how do I rotate the staging cert?');
    expect(fake.publicPosts()).toHaveLength(0);
  });

  it('a button click and a view submission are acked; the edit lands on the card as version 2', async () => {
    const draftId = draftIdOf(card);
    const editClick = await click(ACTION.edit, button(card, ACTION.edit).value, card);
    await acked(editClick);
    const open = await fake.waitFor(() => fake.callsTo('views.open')[0], 5_000, 'views.open');
    const view = open.params.view as { private_metadata: string };
    expect(view.private_metadata).toBe(`${draftId}:1`);

    const submission = viewSubmission({
      callbackId: VIEW.edit,
      privateMetadata: view.private_metadata,
      user: ALICE,
      values: { [BLOCK.editText]: { [INPUT.editText]: 'Rotate it with the runbook, step 4.' } },
    });
    const envelopeId = await socket.send('interactive', interactivePayload(submission));
    const ack = await acked(envelopeId);
    // An empty ack closes the modal (no validation errors).
    expect(ack.payload ?? {}).toEqual({});
    await fake.waitFor(
      () => cardText(fake.message(card.channel, card.ts) as FakeMessage).includes('step 4'),
      5_000,
      'the edited card',
    );
    expect(button(fake.message(card.channel, card.ts) as FakeMessage, ACTION.approve).value).toBe(
      `${draftId}:2`,
    );
  });

  it('on a disconnect message the client reconnects through a fresh apps.connections.open', async () => {
    const before = socket.connections;
    const opensBefore = fake.callsTo('apps.connections.open').length;
    socket.disconnect();
    await fake.waitFor(() => socket.connections > before && socket.connected, 15_000, 'the reconnect');
    expect(fake.callsTo('apps.connections.open').length).toBeGreaterThan(opensBefore);
    await waitReady(200);
  });

  it('a dropped connection shows in /readyz until the client is back', async () => {
    socket.refuse = true;
    socket.drop();
    const down = await waitReady(503);
    const [transport] = down.transports as { state: string; connected: boolean }[];
    expect(transport?.connected).toBe(false);
    expect(String(down.reason)).toMatch(/Socket Mode connection is/);
    socket.refuse = false;
    const up = await waitReady(200);
    expect(up.transports).toEqual([{ transport: 'socket_mode', state: 'connected', connected: true }]);
  });

  it('Approve over the new connection publishes the edited text exactly once, with its audit trail', async () => {
    const current = fake.message(card.channel, card.ts) as FakeMessage;
    const envelopeId = await click(ACTION.approve, button(current, ACTION.approve).value, current);
    await acked(envelopeId);
    const post = await fake.waitFor(() => fake.publicPosts()[0], 5_000, 'the publish');
    expect(post.params.channel).toBe(CHANNEL);
    expect(String(post.params.text)).toContain('Rotate it with the runbook, step 4.');
    const draftId = draftIdOf(card);
    let types: string[] = [];
    for (let attempt = 0; attempt < 200 && !types.includes('published'); attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      types = (await app.stores.audit.range({ draftId })).map((e) => e.type);
    }
    expect(fake.publicPosts()).toHaveLength(1);
    expect(types).toEqual(
      expect.arrayContaining(['requested', 'drafted', 'edited', 'approved', 'published']),
    );
  });
});
