/**
 * `draftgate audit forward`: ships the audit log to a SIEM. Reads through a consumer group, delivers each batch as
 * JSON lines (one per entry, carrying its stream id so receivers drop duplicates), and acknowledges a batch only
 * after its delivery succeeded. A failing destination is retried with backoff, without end: nothing is skipped.
 */
import type { AuditEntry } from '../core/audit-event.js';

export interface ForwardSource {
  ensureGroup(): Promise<void>;
  read(count: number, blockMs: number): Promise<AuditEntry[]>;
  ack(ids: readonly string[]): Promise<void>;
}

/** Delivers one batch of JSON lines; throws when it was not delivered. */
export type ForwardSink = (lines: readonly string[]) => Promise<void>;

export interface ForwarderOptions {
  source: ForwardSource;
  sink: ForwardSink;
  batch: number;
  blockMs: number;
  signal: AbortSignal;
  /** Backoff between failed deliveries: doubling from `minMs` up to `maxMs`. */
  retry: { minMs: number; maxMs: number };
  onRetry?: (error: unknown, delayMs: number) => void;
}

/** One JSON line per entry: the stream id as `id`, the detail parsed. */
export function forwardLine(entry: AuditEntry): string {
  let detail: unknown = entry.detail;
  try {
    detail = JSON.parse(entry.detail) as unknown;
  } catch {
    // Kept as the raw string.
  }
  return JSON.stringify({ ...entry, detail });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Runs until the signal aborts. Returns the number of entries delivered and acknowledged. */
export async function runForwarder(options: ForwarderOptions): Promise<number> {
  const { source, sink, signal } = options;
  await source.ensureGroup();
  let delivered = 0;
  while (!signal.aborted) {
    const entries = await source.read(options.batch, options.blockMs);
    if (entries.length === 0) continue;
    const lines = entries.map(forwardLine);
    let delay = options.retry.minMs;
    for (;;) {
      try {
        await sink(lines);
        break;
      } catch (error) {
        if (signal.aborted) return delivered;
        options.onRetry?.(error, delay);
        await sleep(delay, signal);
        if (signal.aborted) return delivered;
        delay = Math.min(delay * 2, options.retry.maxMs);
      }
    }
    await source.ack(entries.map((entry) => entry.id));
    delivered += entries.length;
  }
  return delivered;
}

/** JSON lines to a stream (stdout): delivered once written and flushed to the OS. */
export function streamSink(out: NodeJS.WritableStream): ForwardSink {
  return (lines) =>
    new Promise<void>((resolve, reject) => {
      out.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve()));
    });
}

/** POSTs each batch as NDJSON; delivered on a 2xx answer. */
export function webhookBatchSink(
  url: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): ForwardSink {
  const post = options.fetch ?? fetch;
  return async (lines) => {
    const response = await post(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${lines.join('\n')}\n`,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
  };
}
