/** Honours Slack's Retry-After for calls that are safe to repeat (chat.update, chat.delete, reads). */
import { rateLimitedMs } from './slack-errors.js';

export interface RetryAfterPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const defaultRetryAfterPolicy: RetryAfterPolicy = { attempts: 3, maxWaitMs: 30_000, sleep };

export async function withRetryAfter<T>(policy: RetryAfterPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const waitMs = rateLimitedMs(error);
      if (waitMs === undefined || attempt >= policy.attempts || waitMs > policy.maxWaitMs) throw error;
      await policy.sleep(waitMs);
    }
  }
}
