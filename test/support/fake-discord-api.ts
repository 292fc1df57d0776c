/**
 * A fake Discord REST API on 127.0.0.1 for end-to-end tests. It records every call and answers in Discord's
 * formats under `/api/v10`, so discord.js's own REST client (pointed here with `rest.api`) runs unchanged:
 * DMs, channel messages with nonce de-duplication (`enforce_nonce`), interaction callbacks, webhook follow-ups
 * (`@original` arrives URL-encoded), command registration and guild members. 204 answers carry no content-type,
 * as Discord's do. Faults are scriptable per route: Discord errors (e.g. 50007), 5xx before or after the message
 * was created, delays and 429s.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedCall {
  method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  at: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  type: number;
  content: string;
  author: FakeUser;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  components: unknown[];
  pinned: boolean;
  flags: number;
  nonce?: string | number;
  message_reference?: Record<string, unknown>;
  webhook_id?: string;
  application_id?: string;
}

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

/** What a scripted fault does. `error` refuses without effect; `after` takes effect, then answers 5xx. */
export type Fault =
  | { kind: 'error'; status: number; code: number; message: string }
  | { kind: 'after'; status: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'rate_limit'; retryAfterMs: number };

interface ScriptedFault {
  method: string;
  path: RegExp;
  fault: Fault;
  remaining: number;
}

export interface FakeDiscordApi {
  /** Base URL to give discord.js as `rest.api` (it appends `/v10`). */
  apiUrl: string;
  botUser: FakeUser;
  calls: RecordedCall[];
  /** Messages per channel id, oldest first (DM channels, guild channels, and per-interaction-token webhooks). */
  messages: Map<string, FakeMessage[]>;
  /** The original response message of an interaction (after a type 4 or 5 callback), as last edited. */
  originalOf(token: string): FakeMessage | undefined;
  dmChannelOf(userId: string): string;
  /** A message that exists in a guild channel before the test (e.g. the post a context-menu request answers). */
  seedMessage(
    channelId: string,
    message: Partial<FakeMessage> & { author: FakeUser; content: string },
  ): FakeMessage;
  /** What GET /channels/:id answers: channel names by id (others get 10003 Unknown Channel). */
  channelNames: Map<string, string>;
  /** Guild members returned by GET /guilds/:g/members/:u. */
  setMember(guildId: string, userId: string, roles: string[]): void;
  /** The next `times` calls matching method and path get `fault`. */
  inject(method: string, path: RegExp, fault: Fault, times?: number): void;
  callsTo(method: string, path: RegExp): RecordedCall[];
  /** Polls the recorded calls until `predicate` holds; rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}

const EPOCH = 1_420_070_400_000n;

/** The bot user the fakes (REST `/users/@me`, the gateway's READY) present. */
export function fakeBotUser(id = '900000000000000001'): FakeUser {
  return { id, username: 'draftgate', discriminator: '0', global_name: 'draftgate', avatar: null, bot: true };
}

export async function startFakeDiscordApi(
  /** `gatewayUrl`: what `GET /gateway/bot` returns (a FakeDiscordGateway). */
  /** `token`: when set, a request with another bot token gets 401, like Discord. */
  options: { botId?: string; gatewayUrl?: string; token?: string } = {},
): Promise<FakeDiscordApi> {
  const botUser = fakeBotUser(options.botId);
  const calls: RecordedCall[] = [];
  const messages = new Map<string, FakeMessage[]>();
  const nonces = new Map<string, FakeMessage>();
  const members = new Map<string, string[]>();
  const channelNames = new Map<string, string>();
  const faults: ScriptedFault[] = [];
  const dmChannels = new Map<string, string>();
  /** Interaction token → id of its original response message (deferred or ephemeral reply). */
  const originals = new Map<string, string>();
  let sequence = 0n;

  const snowflake = (): string => {
    sequence += 1n;
    return String(((BigInt(Date.now()) - EPOCH) << 22n) + (sequence % 4096n));
  };
  const channelMessages = (channel: string): FakeMessage[] => {
    let list = messages.get(channel);
    if (!list) {
      list = [];
      messages.set(channel, list);
    }
    return list;
  };
  const dmChannelOf = (userId: string): string => {
    let id = dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      dmChannels.set(userId, id);
    }
    return id;
  };
  const makeMessage = (channel: string, body: Record<string, unknown>, author: FakeUser): FakeMessage => ({
    id: snowflake(),
    channel_id: channel,
    type: body.message_reference ? 19 : 0,
    content: typeof body.content === 'string' ? body.content : '',
    author,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    ...(body.nonce !== undefined ? { nonce: body.nonce as string } : {}),
    ...(body.message_reference
      ? { message_reference: body.message_reference as Record<string, unknown> }
      : {}),
  });

  type Handler = (call: RecordedCall, match: RegExpExecArray) => { status: number; body?: unknown };
  const notFound = (code: number, message: string) => ({ status: 404, body: { message, code } });
  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/users\/@me$/, () => ({ status: 200, body: botUser })],
    [
      'GET',
      /^\/channels\/(\d+)$/,
      (_call, m) => {
        const name = channelNames.get(m[1] ?? '');
        return name === undefined
          ? notFound(10003, 'Unknown Channel')
          : { status: 200, body: { id: m[1], type: 0, name } };
      },
    ],
    [
      'GET',
      /^\/gateway\/bot$/,
      () =>
        options.gatewayUrl
          ? {
              status: 200,
              body: {
                url: options.gatewayUrl,
                shards: 1,
                session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
              },
            }
          : notFound(0, 'no fake gateway in this test'),
    ],
    [
      'POST',
      /^\/users\/@me\/channels$/,
      (call) => {
        const recipient = String((call.body as { recipient_id?: unknown }).recipient_id ?? '');
        return {
          status: 200,
          body: {
            id: dmChannelOf(recipient),
            type: 1,
            last_message_id: null,
            flags: 0,
            recipients: [
              {
                id: recipient,
                username: `user${recipient}`,
                discriminator: '0',
                global_name: null,
                avatar: null,
              },
            ],
          },
        };
      },
    ],
    [
      'POST',
      /^\/channels\/(\d+)\/messages$/,
      (call, m) => {
        const channel = m[1] ?? '';
        const body = call.body as Record<string, unknown>;
        const nonceKey =
          body.enforce_nonce && body.nonce !== undefined ? `${channel}:${String(body.nonce)}` : undefined;
        const existing = nonceKey ? nonces.get(nonceKey) : undefined;
        if (existing) return { status: 200, body: existing };
        const message = makeMessage(channel, body, botUser);
        channelMessages(channel).push(message);
        if (nonceKey) nonces.set(nonceKey, message);
        return { status: 200, body: message };
      },
    ],
    [
      'GET',
      /^\/channels\/(\d+)\/messages$/,
      (call, m) => {
        const limit = Number(call.query.get('limit') ?? '50');
        const after = call.query.get('after');
        const list = [...channelMessages(m[1] ?? '')]
          .filter((message) => !after || BigInt(message.id) > BigInt(after))
          .reverse()
          .slice(0, limit)
          // Like Discord, fetched messages do not echo the nonce.
          .map(({ nonce: _nonce, ...rest }) => rest);
        return { status: 200, body: list };
      },
    ],
    [
      'GET',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (_call, m) => {
        const found = channelMessages(m[1] ?? '').find((message) => message.id === m[2]);
        return found ? { status: 200, body: found } : notFound(10008, 'Unknown Message');
      },
    ],
    [
      'PATCH',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (call, m) => {
        const found = channelMessages(m[1] ?? '').find((message) => message.id === m[2]);
        if (!found) return notFound(10008, 'Unknown Message');
        Object.assign(found, pickEditable(call.body), { edited_timestamp: new Date().toISOString() });
        return { status: 200, body: found };
      },
    ],
    [
      'DELETE',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (_call, m) => {
        const list = channelMessages(m[1] ?? '');
        const index = list.findIndex((message) => message.id === m[2]);
        if (index < 0) return notFound(10008, 'Unknown Message');
        list.splice(index, 1);
        return { status: 204 };
      },
    ],
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      (call, m) => {
        const response = call.body as { type: number; data?: Record<string, unknown> };
        const token = m[2] ?? '';
        if (response.type === 4 || response.type === 5) {
          const original = makeMessage(`webhook:${token}`, response.data ?? {}, botUser);
          originals.set(token, original.id);
          channelMessages(`webhook:${token}`).push(original);
        }
        if (call.query.get('with_response') === 'true') {
          return {
            status: 200,
            body: { interaction: { id: m[1], type: 2 }, resource: { type: response.type } },
          };
        }
        return { status: 204 };
      },
    ],
    [
      'POST',
      /^\/webhooks\/(\d+)\/([^/]+)$/,
      (call, m) => {
        const token = m[2] ?? '';
        const message = makeMessage(`webhook:${token}`, call.body as Record<string, unknown>, botUser);
        message.webhook_id = m[1] ?? '';
        message.application_id = m[1] ?? '';
        channelMessages(`webhook:${token}`).push(message);
        return { status: 200, body: message };
      },
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      (call, m) => {
        const token = m[2] ?? '';
        const id = m[3] === '@original' ? (originals.get(token) ?? '') : (m[3] ?? '');
        const found = channelMessages(`webhook:${token}`).find((message) => message.id === id);
        if (!found) {
          // After a deferred update (type 6), @original is the clicked message, which the fake cannot see.
          if (m[3] === '@original')
            return {
              status: 200,
              body: makeMessage(`webhook:${token}`, call.body as Record<string, unknown>, botUser),
            };
          return notFound(10008, 'Unknown Message');
        }
        Object.assign(found, pickEditable(call.body), { edited_timestamp: new Date().toISOString() });
        return { status: 200, body: found };
      },
    ],
    [
      'PUT',
      /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
      (call, m) => {
        const commands = (call.body as Record<string, unknown>[]).map((command) => ({
          ...command,
          id: snowflake(),
          application_id: m[1],
          ...(m[2] ? { guild_id: m[2] } : {}),
          version: snowflake(),
        }));
        return { status: 200, body: commands };
      },
    ],
    [
      'GET',
      /^\/guilds\/(\d+)\/members\/(\d+)$/,
      (_call, m) => {
        const roles = members.get(`${m[1]}:${m[2]}`);
        if (!roles) return notFound(10007, 'Unknown Member');
        return {
          status: 200,
          body: {
            user: { id: m[2], username: `user${m[2]}`, discriminator: '0', global_name: null, avatar: null },
            roles,
            joined_at: new Date(0).toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
        };
      },
    ],
  ];

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/v10/')) return send(res, 404, { message: '404: Not Found', code: 0 });
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length));
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: raw ? safeJson(raw) : null,
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    calls.push(call);
    if (
      options.token !== undefined &&
      call.authorization?.startsWith('Bot ') &&
      call.authorization !== `Bot ${options.token}`
    ) {
      return send(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    const scripted = faults.find((f) => f.remaining > 0 && f.method === call.method && f.path.test(path));
    if (scripted) scripted.remaining--;
    const fault = scripted?.fault;
    if (fault?.kind === 'error') return send(res, fault.status, { message: fault.message, code: fault.code });
    if (fault?.kind === 'rate_limit') {
      const seconds = fault.retryAfterMs / 1000;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(seconds),
        'x-ratelimit-scope': 'user',
      });
      res.end(
        JSON.stringify({ message: 'You are being rate limited.', retry_after: seconds, global: false }),
      );
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    for (const [method, pattern, handler] of routes) {
      if (method !== call.method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const answer = handler(call, match);
      if (fault?.kind === 'after')
        return send(res, fault.status, { message: 'Internal Server Error', code: 0 });
      return send(res, answer.status, answer.body);
    }
    send(res, 404, { message: '404: Not Found', code: 0 });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    botUser,
    calls,
    channelNames,
    messages,
    dmChannelOf,
    originalOf(token) {
      const id = originals.get(token);
      return channelMessages(`webhook:${token}`).find((message) => message.id === id);
    },
    seedMessage(channelId, partial) {
      const message: FakeMessage = { ...makeMessage(channelId, {}, partial.author), ...partial };
      channelMessages(channelId).push(message);
      return message;
    },
    setMember(guildId, userId, roles) {
      members.set(`${guildId}:${userId}`, roles);
    },
    inject(method, path, fault, times = 1) {
      faults.push({ method, path, fault, remaining: times });
    },
    callsTo(method, path) {
      return calls.filter((call) => call.method === method && path.test(call.path));
    },
    async waitFor(predicate, timeoutMs = 5_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`fake Discord API: timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function pickEditable(body: unknown): Partial<FakeMessage> {
  const source = (body ?? {}) as Record<string, unknown>;
  const out: Partial<FakeMessage> = {};
  if (typeof source.content === 'string') out.content = source.content;
  if (Array.isArray(source.embeds)) out.embeds = source.embeds;
  if (Array.isArray(source.components)) out.components = source.components;
  if (typeof source.flags === 'number') out.flags = source.flags;
  return out;
}
