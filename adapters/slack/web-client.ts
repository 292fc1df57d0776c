/**
 * The Web API client draftgate uses. The WebClient's own retries are off: its default policy retries for about
 * 30 minutes, and a retried chat.postMessage can post twice (Slack has no idempotency key). Rate limits are
 * rejected at once, and the callers that may wait (card updates) honour Retry-After themselves.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { boltLogger } from './bolt-logger.js';

export interface WebClientSettings {
  token: string;
  /** The Web API base (slack.api_url); normalized to end in `/api/`. */
  apiUrl?: string;
  /** Per-call timeout (ms). */
  timeoutMs: number;
  logger: Logger;
}

/** Options shared by draftgate's client and Bolt's listener clients. */
export function webClientOptions(settings: Omit<WebClientSettings, 'token'>): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl !== undefined ? { slackApiUrl: normalizeApiUrl(settings.apiUrl) } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.timeoutMs,
    logger: boltLogger(settings.logger),
  };
}

export function createWebClient(settings: WebClientSettings): webApi.WebClient {
  return new webApi.WebClient(settings.token, webClientOptions(settings));
}

/** `https://host` and `https://host/api` both become `https://host/api/` (the WebClient appends method names). */
export function normalizeApiUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? `${trimmed}/` : `${trimmed}/api/`;
}
