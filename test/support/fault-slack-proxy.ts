/**
 * A loopback proxy in front of the fake Slack Web API (test/support/fake-slack-api.ts) that can let a call take
 * effect and then hold its answer back: the fake records the `chat.postMessage` and stores the message (so that
 * conversations.history finds it with its metadata), but draftgate never hears that it went through. That is a
 * publish that reached Slack while the process crashed or its request timed out. Every other call passes through.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

type HoldRule = (call: ProxiedCall) => boolean;

interface Held {
  call: ProxiedCall;
  res: ServerResponse;
  answer: { status: number; headers: Record<string, string>; body: string };
}

export class HoldingSlackProxy {
  /** Calls whose answer is being held (the upstream already took them). */
  readonly held: ProxiedCall[] = [];
  readonly #pending: Held[] = [];
  readonly #rules: HoldRule[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: string,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** `upstream` is the fake's base URL (FakeSlackApi.url). */
  static async start(upstream: string): Promise<HoldingSlackProxy> {
    let proxy: HoldingSlackProxy | undefined;
    const server = createServer((req, res) => {
      void proxy?.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new HoldingSlackProxy(server, upstream.replace(/\/+$/, ''), `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** What to configure as slack.api_url (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** From now on, calls matching `rule` reach the fake but get no answer until release() (or close()). */
  hold(rule: HoldRule): void {
    this.#rules.push(rule);
  }

  /** Holds the publish of one draft: the chat.postMessage whose metadata carries its id. */
  holdPublishOf(draftId: string): void {
    this.hold(
      (call) =>
        call.method === 'chat.postMessage' &&
        (call.params.metadata as { event_payload?: { draft_id?: unknown } } | undefined)?.event_payload
          ?.draft_id === draftId,
    );
  }

  /** Sends the held answers (late confirmations) and stops holding. */
  release(): void {
    this.#rules.length = 0;
    for (const { res, answer } of this.#pending.splice(0)) {
      if (res.destroyed || res.headersSent) continue;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    }
  }

  async close(): Promise<void> {
    this.#rules.length = 0;
    this.#pending.length = 0;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const method = /^\/api\/([a-zA-Z.]+)/.exec(path)?.[1] ?? '';
    const call: ProxiedCall = {
      method,
      params: parseParams(req.headers['content-type'], raw),
      at: Date.now(),
    };
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(`${this.upstream}${path}`, {
      method: req.method ?? 'POST',
      headers,
      ...(raw.length > 0 ? { body: raw } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = {
      status: upstream.status,
      headers: Object.fromEntries(
        ['content-type', 'retry-after'].flatMap((name) => {
          const value = upstream.headers.get(name);
          return value === null ? [] : [[name, value]];
        }),
      ),
      body: await upstream.text(),
    };
    if (this.#rules.some((rule) => rule(call))) {
      this.held.push(call);
      this.#pending.push({ call, res, answer });
      return;
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }
}

/** The WebClient's form bodies (nested values JSON-encoded) or JSON bodies. */
function parseParams(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // Not JSON after all: keep the string.
      }
    }
    out[key] = value;
  }
  return out;
}
