/**
 * Callback signatures, Slack-style: `v0=` + hex HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the agent's
 * secret, sent as `X-Draftgate-Signature` beside `X-Draftgate-Request-Timestamp` (seconds since the epoch).
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-draftgate-signature';
export const TIMESTAMP_HEADER = 'x-draftgate-request-timestamp';
export const DELIVERY_HEADER = 'x-draftgate-delivery-id';
export const EVENT_HEADER = 'x-draftgate-event';

export function signCallback(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The environment variable that holds an intake agent's callback secret: `DRAFTGATE_CALLBACK_SECRET_<NAME>`. */
export function callbackSecretVariable(agent: string): string {
  return `DRAFTGATE_CALLBACK_SECRET_${agent.toUpperCase().replace(/-/g, '_')}`;
}
