/**
 * A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack (form or JSON bodies,
 * `{ ok: false, error }` on failures, 429 with Retry-After). It also receives `response_url` posts at
 * `/response/<id>`. Faults are scripted per method: an error code, an HTTP status, a 429, or a delay.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_BOT_ID, FAKE_BOT_USER, FAKE_TEAM } from '../../testkit/slack-ids.js';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  /** ms since epoch when the call arrived. */
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  deleted: boolean;
  /** Every version of the blocks (chat.update appends). */
  history: unknown[][];
}

export interface Fault {
  /** Answer `{ ok: false, error }`. */
  error?: string;
  /** Answer this HTTP status (500, or 429 with retryAfterSec). */
  status?: number;
  retryAfterSec?: number;
  /** Wait this long before answering (for client timeouts). */
  delayMs?: number;
}

export { FAKE_BOT_ID, FAKE_BOT_USER, FAKE_TEAM };

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly messages: FakeMessage[] = [];
  /**
   * When set, chat.postMessage to a channel (not a DM) with a longer `text` answers `msg_too_long`, as Slack does
   * above its limit (40,000 characters there; tests set a small one).
   */
  publicTextLimit: number | undefined;
  /** What conversations.info answers: channel names by id (unknown ids get channel_not_found). */
  readonly channelNames = new Map<string, string>();
  /** What usergroups.list answers: the workspace's user groups by id, with their members. */
  readonly userGroups = new Map<string, string[]>();
  /** Socket Mode: what `apps.connections.open` (app-level `xapp-` token) returns as the WebSocket URL. */
  socketModeUrl: (() => string) | undefined;
  /** The bot token's scopes, sent like Slack in the `x-oauth-scopes` header of Web API answers (unset: no header). */
  tokenScopes: string[] | undefined;
  readonly #faults = new Map<string, { fault: Fault; remaining: number }[]>();
  readonly #dmFailures = new Map<string, string>();
  readonly #sockets = new Set<import('node:net').Socket>();
  #tsCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeSlackApi> {
    let fake: FakeSlackApi | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlackApi(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** What to configure as slack.api_url. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** The next `times` calls of `method` fail with `fault`. */
  fail(method: string, fault: Fault, times = 1): void {
    const list = this.#faults.get(method) ?? [];
    list.push({ fault, remaining: times });
    this.#faults.set(method, list);
  }

  /** conversations.open for this user answers `{ ok: false, error }`. */
  refuseDm(user: string, error = 'cannot_dm_bot'): void {
    this.#dmFailures.set(user, error);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Posts (not ephemeral) in a channel that is not a DM. */
  publicPosts(): RecordedCall[] {
    return this.callsTo('chat.postMessage').filter((call) => !String(call.params.channel).startsWith('D'));
  }

  responsesTo(id: string): ResponseUrlPost[] {
    return this.responses.filter((post) => post.id === id);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** The Home views published for a user, oldest first. */
  homeViews(user: string): { blocks: unknown[] }[] {
    return this.callsTo('views.publish')
      .filter((call) => call.params.user_id === user)
      .map((call) => (isRecord(call.params.view) ? call.params.view : {}) as { blocks: unknown[] });
  }

  /** Polls until `check` holds (or throws its last error after `timeoutMs`). */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    const at = Date.now();

    const response = /^\/response\/([^/]+)$/.exec(path);
    if (response?.[1]) {
      this.responses.push({
        id: decodeURIComponent(response[1]),
        body: parseBody(req.headers['content-type'], raw),
        at,
      });
      send(res, 200, { ok: true });
      return;
    }
    const api = /^\/api\/([a-zA-Z.]+)$/.exec(path);
    if (!api?.[1]) {
      send(res, 404, { ok: false, error: 'unknown_path' });
      return;
    }
    const method = api[1];
    const params = parseBody(req.headers['content-type'], raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof params.token === 'string'
        ? params.token
        : undefined;
    this.calls.push({ method, params, token, at });

    const fault = this.#takeFault(method);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    if (fault?.status === 429) {
      res.writeHead(429, {
        'retry-after': String(fault.retryAfterSec ?? 1),
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (fault?.status !== undefined) {
      send(res, fault.status, { ok: false, error: 'fake_http_error' });
      return;
    }
    if (fault?.error) {
      send(res, 200, { ok: false, error: fault.error });
      return;
    }
    if (method === 'apps.connections.open') {
      const url = token?.startsWith('xapp-') ? this.socketModeUrl?.() : undefined;
      send(res, 200, url ? { ok: true, url } : { ok: false, error: 'invalid_auth' });
      return;
    }
    if (token === undefined || !token.startsWith('xoxb-')) {
      send(res, 200, { ok: false, error: 'not_authed' });
      return;
    }
    if (this.tokenScopes !== undefined) res.setHeader('x-oauth-scopes', this.tokenScopes.join(','));
    send(res, 200, this.#answer(method, params));
  }

  #takeFault(method: string): Fault | undefined {
    const list = this.#faults.get(method);
    const entry = list?.find((item) => item.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  #nextTs(): string {
    this.#tsCounter += 1;
    return `1700000000.${String(this.#tsCounter).padStart(6, '0')}`;
  }

  #answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof params.channel === 'string' ? params.channel : '';
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'draftgate',
          team_id: FAKE_TEAM,
          user_id: FAKE_BOT_USER,
          bot_id: FAKE_BOT_ID,
        };
      case 'conversations.open': {
        const user = String(params.users ?? '');
        const refused = this.#dmFailures.get(user);
        if (refused) return { ok: false, error: refused };
        if (user === '') return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'chat.postMessage': {
        if (channel === '') return { ok: false, error: 'channel_not_found' };
        const limit = this.publicTextLimit;
        if (limit !== undefined && !channel.startsWith('D') && String(params.text ?? '').length > limit)
          return { ok: false, error: 'msg_too_long' };
        const ts = this.#nextTs();
        const message: FakeMessage = {
          channel,
          ts,
          text: String(params.text ?? ''),
          deleted: false,
          history: [],
          ...(typeof params.thread_ts === 'string' ? { thread_ts: params.thread_ts } : {}),
          ...(Array.isArray(params.blocks) ? { blocks: params.blocks } : {}),
          ...(isRecord(params.metadata)
            ? { metadata: params.metadata as FakeMessage['metadata'] & object }
            : {}),
        };
        if (message.blocks) message.history.push(message.blocks);
        this.messages.push(message);
        return { ok: true, channel, ts, message: { type: 'message', text: message.text, ts } };
      }
      case 'chat.update': {
        const found = this.message(channel, String(params.ts));
        if (!found || found.deleted) return { ok: false, error: 'message_not_found' };
        found.text = String(params.text ?? found.text);
        if (Array.isArray(params.blocks)) {
          found.blocks = params.blocks;
          found.history.push(params.blocks);
        }
        return { ok: true, channel, ts: found.ts, text: found.text };
      }
      case 'chat.delete': {
        const found = this.message(channel, String(params.ts));
        if (!found || found.deleted) return { ok: false, error: 'message_not_found' };
        found.deleted = true;
        return { ok: true, channel, ts: found.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel,
          permalink: `https://fake.slack.test/archives/${channel}/p${String(params.message_ts).replace('.', '')}`,
        };
      case 'views.open':
      case 'views.update':
        return {
          ok: true,
          view: { id: `V${this.#nextTs().replace('.', '')}`, ...(isRecord(params.view) ? params.view : {}) },
        };
      case 'views.publish':
        return {
          ok: true,
          view: { id: `V${this.#nextTs().replace('.', '')}`, ...(isRecord(params.view) ? params.view : {}) },
        };
      case 'usergroups.list': {
        const withUsers = params.include_users === 'true' || params.include_users === true;
        const usergroups = [...this.userGroups].map(([groupId, users]) => ({
          id: groupId,
          team_id: FAKE_TEAM,
          handle: groupId.toLowerCase(),
          ...(withUsers ? { users } : {}),
        }));
        return { ok: true, usergroups };
      }
      case 'conversations.info': {
        const name = this.channelNames.get(channel);
        return name === undefined
          ? { ok: false, error: 'channel_not_found' }
          : { ok: true, channel: { id: channel, name, is_channel: true } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const thread = method === 'conversations.replies' ? String(params.ts) : undefined;
        const withMetadata = params.include_all_metadata === 'true' || params.include_all_metadata === true;
        const messages = this.messages
          .filter((m) => m.channel === channel && !m.deleted)
          .filter((m) =>
            thread === undefined ? m.thread_ts === undefined : m.thread_ts === thread || m.ts === thread,
          )
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          }))
          .reverse();
        return { ok: true, messages, has_more: false };
      }
      default:
        return { ok: true };
    }
  }
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Form bodies (the WebClient's format: nested values JSON-encoded) or JSON bodies. */
function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (raw === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
