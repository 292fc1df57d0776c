/**
 * Sends raw HTTP requests to a server on 127.0.0.1 with full control over the header lines (order, duplicates,
 * names as written), the body bytes and the framing (Content-Length or chunked), and runs many of them with a
 * bounded number in flight. Used by the fuzz and replay tests; never points anywhere but loopback servers that
 * the test started.
 */
import { Agent, request } from 'node:http';

/** One header line as sent: name exactly as written, value as sent. */
export type HeaderLine = readonly [name: string, value: string];

export interface RawRequest {
  headers: readonly HeaderLine[];
  body: Buffer;
  /** Send with Transfer-Encoding: chunked (no Content-Length) in a few pieces. */
  chunked?: boolean;
}

export type RawOutcome =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'error'; code: string; message: string };

export class RawClient {
  readonly #agent: Agent;
  readonly #url: URL;

  constructor(endpoint: string, maxSockets = 32) {
    this.#url = new URL(endpoint);
    if (this.#url.hostname !== '127.0.0.1') throw new Error('RawClient only talks to 127.0.0.1');
    // The server closes idle keep-alive sockets after 5 s; a little less here avoids reusing a closing socket.
    this.#agent = new Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
  }

  /**
   * Sends once. A reset or a timeout on a reused keep-alive socket is a race of the transport, not an answer of the
   * server's (a request written onto a socket the other side is dropping): it is retried, up to twice, on whatever
   * socket the agent gives next. The same on a fresh socket, or three times running, is returned as an error.
   */
  async send(raw: RawRequest, timeoutMs = 10_000): Promise<RawOutcome> {
    const reuseRace = (outcome: RawOutcome) => outcome.kind === 'error' && outcome.code.endsWith('_REUSED');
    let outcome = await this.#once(raw, timeoutMs);
    for (let retry = 0; retry < 2 && reuseRace(outcome); retry++) outcome = await this.#once(raw, timeoutMs);
    if (outcome.kind === 'error' && reuseRace(outcome))
      return { ...outcome, code: outcome.code.replace(/_REUSED$/, '') };
    return outcome;
  }

  #once(raw: RawRequest, timeoutMs: number): Promise<RawOutcome> {
    const lines: string[] = ['Host', this.#url.host];
    for (const [name, value] of raw.headers) lines.push(name, value);
    if (raw.chunked) lines.push('Transfer-Encoding', 'chunked');
    else lines.push('Content-Length', String(raw.body.length));
    return new Promise<RawOutcome>((resolve) => {
      let settled = false;
      const done = (outcome: RawOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const req = request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          method: 'POST',
          path: this.#url.pathname,
          agent: this.#agent,
          headers: lines,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            done({
              kind: 'response',
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (error: NodeJS.ErrnoException) =>
            done({ kind: 'error', code: error.code ?? 'ERROR', message: error.message }),
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' })),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? 'ERROR';
        const reused = req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'TIMEOUT');
        done({
          kind: 'error',
          code: reused ? `${code === 'TIMEOUT' ? 'TIMEOUT' : 'ECONNRESET'}_REUSED` : code,
          message: error.message,
        });
      });
      if (raw.chunked) {
        const piece = Math.max(1, Math.ceil(raw.body.length / 4));
        for (let at = 0; at < raw.body.length; at += piece) req.write(raw.body.subarray(at, at + piece));
        req.end();
      } else {
        req.end(raw.body);
      }
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/**
 * Runs `work` for items produced by `next` (until it returns undefined) with at most `concurrency` in flight.
 * `next` is called one item at a time, in order, so that a seeded generator yields the same items on every run.
 */
export async function runBounded<T>(
  concurrency: number,
  next: () => T | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let exhausted = false;
  const lane = async (): Promise<void> => {
    for (;;) {
      if (exhausted) return;
      const item = next();
      if (item === undefined) {
        exhausted = true;
        return;
      }
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
