/**
 * draftgate (createApp) with the Discord adapter in HTTP interactions mode on a clock the test controls, a fake
 * Discord API and the run's Redis: what test/support/discord-harness.ts gives, plus the clock (for draft expiry
 * and for replays outside the signature window) and a policy. Interactions are signed on the same clock.
 */
import { pino } from 'pino';
import { type App, createApp } from '../../../src/app.js';
import { configSchema } from '../../../src/config/schema.js';
import type { AgentRequest, Clock } from '../../../src/core/ports.js';
import { APP_ID, type SigningKeys, signedHeaders, signingKeys } from '../discord-payloads.js';
import { type FakeDiscordApi, startFakeDiscordApi } from '../fake-discord-api.js';
import { RecordingAgent } from '../recording-agent.js';
import { testRedisUrl, uniquePrefix } from '../redis.js';

export interface ClockedDiscordHarness {
  fake: FakeDiscordApi;
  app: App;
  keys: SigningKeys;
  endpoint: string;
  agentCalls: AgentRequest[];
  /** POSTs `payload` signed at the clock's current time (or sends `body` with exactly these headers). */
  post(payload: unknown): Promise<Response>;
  send(body: string, headers: Record<string, string>): Promise<Response>;
  /** Headers signing `body` now, on the harness clock. */
  sign(body: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startClockedDiscordHarness(options: {
  clock: Clock;
  policy?: Record<string, unknown>;
}): Promise<ClockedDiscordHarness> {
  const fake = await startFakeDiscordApi({ botId: APP_ID });
  const keys = signingKeys();
  const agent = new RecordingAgent(
    (request) => ({ ok: true, text: `Here is what I found about: ${request.question}` }),
    'test-agent',
  );
  const agentCalls = agent.requests;
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix: uniquePrefix('discord') },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    rate_limits: { requests_per_user: { points: 10_000, duration: 60_000 } },
    ...(options.policy ? { policy: options.policy } : {}),
    discord: {
      token: 'test-bot-token',
      application_id: APP_ID,
      public_key: keys.publicKeyHex,
      api_url: fake.apiUrl,
      mode: 'http',
    },
  });
  const app = await createApp({
    config,
    env: {},
    logger: pino({ level: 'silent' }),
    clock: options.clock,
    agent,
    manualSweep: true,
  });
  const bound = await app.http.listen(0, '127.0.0.1');
  const endpoint = `${bound.url}/discord/interactions`;
  const sign = (body: string) => signedHeaders(keys, body, Math.floor(options.clock.now() / 1000));
  const send = (body: string, headers: Record<string, string>) =>
    fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  return {
    fake,
    app,
    keys,
    endpoint,
    agentCalls,
    sign,
    send,
    post(payload) {
      const body = JSON.stringify(payload);
      return send(body, sign(body));
    },
    async close() {
      await app.stop();
      await fake.close();
    },
  };
}
