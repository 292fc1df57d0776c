/**
 * Server-Sent Events for the sandbox page: every workspace change is pushed as a small `change` event, and the
 * page fetches the new state. Streams end when the adapter stops.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkspaceChange } from './workspace.js';

export interface EventStreamOptions {
  /** Comment lines keep idle connections (and proxies) open. */
  keepAliveMs?: number;
}

export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAliveMs: number;
  private closed = false;

  constructor(options: EventStreamOptions = {}) {
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Serves one stream; resolves when the client goes away or the hub closes. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('the sandbox is shutting down\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    const timer = setInterval(() => res.write(': keep-alive\n\n'), this.keepAliveMs);
    timer.unref();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearInterval(timer);
        this.clients.delete(res);
        resolve();
      };
      req.once('close', done);
      res.once('close', done);
    });
  }

  publish(change: WorkspaceChange): void {
    const frame = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  close(): void {
    this.closed = true;
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
