/** One signed POST of a callback. Any 2xx is a delivery; anything else (or no answer in time) is retried. */
import type { CallbackJob } from './callback-queue.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signCallback,
  TIMESTAMP_HEADER,
} from './sign-callback.js';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

export async function deliverCallback(
  job: CallbackJob,
  secret: string,
  nowMs: number,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  const body = JSON.stringify(job.body);
  const timestamp = Math.floor(nowMs / 1000);
  try {
    const response = await fetch(job.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'draftgate-callbacks',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signCallback(secret, timestamp, body),
        [DELIVERY_HEADER]: job.body.delivery_id,
        [EVENT_HEADER]: job.body.type,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
