/**
 * Slack request signing: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret.
 * Requests more than 5 minutes old are refused, and so are requests from the future beyond a small clock skew
 * (Bolt's own verifier accepts any future timestamp).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_AGE_MS = 5 * 60_000;
/** Tolerated clock difference for timestamps ahead of ours. */
export const MAX_FUTURE_SKEW_MS = 60_000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
}

export function signSlackRequest(secret: string, timestampSec: number, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestampSec}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function verifySlackSignature(secret: string, request: SignedRequest, nowMs: number): SignatureCheck {
  const { signature, timestamp } = request;
  if (signature === undefined || timestamp === undefined) {
    return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp' };
  const ageMs = nowMs - Number(timestamp) * 1000;
  if (ageMs > MAX_AGE_MS) return { ok: false, reason: 'request timestamp is more than 5 minutes old' };
  if (-ageMs > MAX_FUTURE_SKEW_MS) return { ok: false, reason: 'request timestamp is in the future' };
  const expected = Buffer.from(signSlackRequest(secret, Number(timestamp), request.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
