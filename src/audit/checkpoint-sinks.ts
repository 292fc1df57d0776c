/** The places a checkpoint is emitted to outside Redis: a log line at info, a JSON-lines file, an HTTP webhook. */
import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { CheckpointSink } from './checkpointer.js';

export function logSink(logger: Logger): CheckpointSink {
  return async (checkpoint) => {
    logger.info({ checkpoint }, 'audit checkpoint signed');
  };
}

/** Appends one JSON line per checkpoint: the file `audit verify --checkpoints` reads. */
export function fileSink(path: string): CheckpointSink {
  return async (checkpoint) => {
    await appendFile(path, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  };
}

/** POSTs the checkpoint as JSON; a few attempts, then the error (the checkpoint is in the stream and the log anyway). */
export function webhookSink(
  url: string,
  options: { fetch?: typeof fetch; attempts?: number; timeoutMs?: number } = {},
): CheckpointSink {
  const post = options.fetch ?? fetch;
  const attempts = options.attempts ?? 3;
  return async (checkpoint) => {
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await post(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(checkpoint),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (response.ok) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    throw new Error(`checkpoint webhook ${new URL(url).origin} failed ${attempts} times (${last})`);
  };
}
