/**
 * A lean fake Slack Web API on 127.0.0.1 for the benchmark. It answers like Slack (`{ ok: true, … }`) for the
 * methods draftgate calls, receives `response_url` posts, counts every call, and tells the load driver about
 * posts and updates through callbacks (no polling, no per-call history: its own cost must stay small and flat).
 * The tests' FakeSlackApi records every call for assertions, which is the wrong trade-off under load.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const BENCH_TEAM = 'T0BENCH';
export const BENCH_BOT_USER = 'U0BOT';
export const BENCH_BOT_ID = 'B0BOT';

export interface PostedMessage {
  channel: string;
  ts: string;
  /** The Web API parameters as sent (form fields; nested values are JSON text). */
  params: URLSearchParams;
}

export interface BenchSlackHooks {
  onPost?(message: PostedMessage): void;
  onUpdate?(message: PostedMessage): void;
}

export class BenchSlackApi {
  readonly counts = new Map<string, number>();
  hooks: BenchSlackHooks = {};
  readonly #sockets = new Set<Socket>();
  #ts = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<BenchSlackApi> {
    let fake: BenchSlackApi | undefined;
    const server = createServer((req, res) => {
      fake?.handle(req, res);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new BenchSlackApi(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** What to configure as slack.api_url. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  resetCounts(): void {
    this.counts.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path.startsWith('/response/')) {
        this.#bump('response_url');
        send(res, { ok: true });
        return;
      }
      if (!path.startsWith('/api/')) {
        send(res, { ok: false, error: 'unknown_path' }, 404);
        return;
      }
      const method = path.slice('/api/'.length).split('?')[0] ?? '';
      this.#bump(method);
      const raw = Buffer.concat(chunks).toString('utf8');
      const params = (req.headers['content-type'] ?? '').includes('application/json')
        ? jsonParams(raw)
        : new URLSearchParams(raw);
      send(res, this.#answer(method, params));
    });
  }

  #bump(method: string): void {
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
  }

  #nextTs(): string {
    this.#ts += 1;
    return `1700000000.${String(this.#ts).padStart(6, '0')}`;
  }

  #answer(method: string, params: URLSearchParams): Record<string, unknown> {
    const channel = params.get('channel') ?? '';
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://bench.slack.test/',
          team: 'Bench',
          user: 'draftgate',
          team_id: BENCH_TEAM,
          user_id: BENCH_BOT_USER,
          bot_id: BENCH_BOT_ID,
        };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${params.get('users') ?? ''}` } };
      case 'chat.postMessage': {
        if (channel === '') return { ok: false, error: 'channel_not_found' };
        const ts = this.#nextTs();
        this.hooks.onPost?.({ channel, ts, params });
        return { ok: true, channel, ts, message: { type: 'message', ts } };
      }
      case 'chat.update': {
        const ts = params.get('ts') ?? '';
        this.hooks.onUpdate?.({ channel, ts, params });
        return { ok: true, channel, ts };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel,
          permalink: `https://bench.slack.test/archives/${channel}/p${(params.get('message_ts') ?? '').replace('.', '')}`,
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      default:
        return { ok: true };
    }
  }
}

function send(res: ServerResponse, body: Record<string, unknown>, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A JSON body as URLSearchParams (nested values JSON-encoded, like the WebClient's form bodies). */
function jsonParams(raw: string): URLSearchParams {
  const out = new URLSearchParams();
  if (raw === '') return out;
  const value: unknown = JSON.parse(raw);
  if (value === null || typeof value !== 'object') return out;
  for (const [key, item] of Object.entries(value)) {
    out.set(key, typeof item === 'string' ? item : JSON.stringify(item));
  }
  return out;
}
