/**
 * draftgate wired by createApp with the Discord adapter's REST base pointed at a fake Discord API, on the run's
 * private Redis. `http` mode listens on loopback and signs interactions with a test key pair; `gateway` mode
 * starts the app, so discord.js logs in to a fake gateway (HELLO, IDENTIFY, READY, GUILD_CREATE), and sends raw
 * dispatches over that WebSocket.
 */
import { pino } from 'pino';
import type { DiscordAdapter } from '../../adapters/discord/index.js';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import type { AgentRequest } from '../../src/core/ports.js';
import { APP_ID, guildCreate, type SigningKeys, signedHeaders, signingKeys } from './discord-payloads.js';
import { type FakeDiscordApi, fakeBotUser, startFakeDiscordApi } from './fake-discord-api.js';
import { FakeDiscordGateway } from './fake-discord-gateway.js';
import { RecordingAgent } from './recording-agent.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

export interface DiscordHarness {
  fake: FakeDiscordApi;
  /** Gateway mode: the fake gateway discord.js is logged in to. */
  gateway: FakeDiscordGateway | undefined;
  app: App;
  adapter: DiscordAdapter;
  keys: SigningKeys;
  /** The interactions endpoint (http mode). */
  endpoint: string;
  /** draftgate's HTTP server (health, metrics, intake). */
  baseUrl: string;
  agentCalls: AgentRequest[];
  /** POSTs a payload to the interactions endpoint, signed unless `headers` are given. */
  post(payload: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Gateway mode: INTERACTION_CREATE / MESSAGE_CREATE through discord.js. */
  dispatch(raw: unknown): void;
  dispatchMessage(raw: unknown): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode: 'http' | 'gateway';
  /** Extra config merged over the defaults (policy, risk, discord.quarantine…). */
  config?: Record<string, unknown>;
  discord?: Record<string, unknown>;
  answer?: (request: AgentRequest) => string;
}

export async function startDiscordHarness(options: HarnessOptions): Promise<DiscordHarness> {
  const gateway =
    options.mode === 'gateway'
      ? await FakeDiscordGateway.start({ bot: fakeBotUser(APP_ID), guilds: [guildCreate()] })
      : undefined;
  const fake = await startFakeDiscordApi({ botId: APP_ID, ...(gateway ? { gatewayUrl: gateway.url } : {}) });
  const keys = signingKeys();
  const agent = new RecordingAgent(
    (request) => ({
      ok: true,
      text: options.answer?.(request) ?? `Here is what I found about: ${request.question}`,
    }),
    'test-agent',
  );
  const agentCalls = agent.requests;
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix: uniquePrefix('discord') },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    ...options.config,
    discord: {
      token: 'test-bot-token',
      application_id: APP_ID,
      public_key: keys.publicKeyHex,
      api_url: fake.apiUrl,
      mode: options.mode,
      ...options.discord,
    },
  });
  const logger = pino({ level: process.env.DRAFTGATE_TEST_LOG ?? 'silent' });
  const app = await createApp({ config, env: {}, logger, agent, manualSweep: true });
  const adapter = app.adapters.find((a) => a.name === 'discord') as DiscordAdapter | undefined;
  if (!adapter) throw new Error('createApp did not start the Discord adapter');
  let endpoint = '';
  let baseUrl = '';
  if (options.mode === 'http') {
    const bound = await app.http.listen(0, '127.0.0.1');
    baseUrl = bound.url;
    endpoint = `${bound.url}/discord/interactions`;
  } else {
    baseUrl = (await app.start()).url;
  }
  const live = (): FakeDiscordGateway => {
    if (!gateway) throw new Error('dispatch needs gateway mode');
    return gateway;
  };
  return {
    fake,
    gateway,
    app,
    adapter,
    keys,
    endpoint,
    baseUrl,
    agentCalls,
    post(payload, headers) {
      const body = JSON.stringify(payload);
      return fetch(endpoint, {
        method: 'POST',
        headers: headers ?? signedHeaders(keys, body),
        body,
        signal: AbortSignal.timeout(5_000),
      });
    },
    dispatch(raw) {
      live().dispatch('INTERACTION_CREATE', raw);
    },
    dispatchMessage(raw) {
      live().dispatch('MESSAGE_CREATE', raw);
    },
    async close() {
      await app.stop();
      await gateway?.close();
      await fake.close();
    },
  };
}

/** The custom_ids of the buttons in a recorded message body. */
export function buttonIds(body: unknown): string[] {
  const rows =
    ((body ?? {}) as { components?: { components?: { custom_id?: string }[] }[] }).components ?? [];
  return rows.flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? '')).filter(Boolean);
}

export function buttonId(body: unknown, action: string): string {
  const id = buttonIds(body).find((customId) => customId.startsWith(`draftgate:${action}:`));
  if (!id) throw new Error(`no ${action} button in ${JSON.stringify(body)}`);
  return id;
}
