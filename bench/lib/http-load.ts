/**
 * The load generator's HTTP side: signed POSTs over keep-alive connections (node:http, no fetch machinery in the
 * measured path), timed from the moment the request is written to the moment the whole response has arrived,
 * and an open-loop pacer that sends on a fixed schedule whether or not earlier requests have been answered.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedResponse {
  status: number;
  body: string;
  /** Request written → response complete, in ms. */
  ms: number;
}

export class HttpPoster {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 30_000 });

  constructor(private readonly url: URL) {}

  post(headers: Record<string, string>, body: string, timeoutMs = 10_000): Promise<TimedResponse> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

export interface OpenLoopResult<T> {
  results: T[];
  /** How late each send was against its schedule (ms): the client's own lag, reported beside the latencies. */
  lagMs: number[];
  elapsedMs: number;
}

/**
 * Calls `send(i)` for i = 0..count-1 at `rate` per second on a fixed schedule (open loop), never waiting for
 * earlier calls, then waits for all of them. Bounded by `count`.
 */
export async function openLoop<T>(
  rate: number,
  count: number,
  send: (i: number) => Promise<T>,
): Promise<OpenLoopResult<T>> {
  const interval = 1000 / rate;
  const start = performance.now();
  const pending: Promise<T>[] = [];
  const lagMs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    lagMs.push(Math.max(0, performance.now() - due));
    pending.push(send(i));
  }
  const results = await Promise.all(pending);
  return { results, lagMs, elapsedMs: performance.now() - start };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
