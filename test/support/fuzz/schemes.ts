/**
 * How Slack and Discord sign their webhook requests, as SigningSchemes for the mutation operators, and the base
 * requests (valid and signed) the fuzz tests start from.
 */
import { createHmac, type KeyObject, sign } from 'node:crypto';
import type { Clock } from '../../../src/core/ports.js';
import type { Delivery } from '../../../testkit/slack-requests.js';
import type { BaseRequest, BodyFormat, SigningScheme } from './mutate-request.js';

/** RouteReceiver's default body limit for `POST /slack/events`. */
export const SLACK_BODY_LIMIT = 2 * 1024 * 1024;
/** The interactions route's body limit for `POST /discord/interactions`. */
export const DISCORD_BODY_LIMIT = 256 * 1024;

export function slackScheme(secret: string, clock: Clock): SigningScheme {
  return {
    signatureHeader: 'X-Slack-Signature',
    timestampHeader: 'X-Slack-Request-Timestamp',
    sign: (timestamp, body) =>
      `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
    nowMs: () => clock.now(),
    bodyLimit: SLACK_BODY_LIMIT,
    canonicalSignature: (value) => value,
  };
}

export function discordScheme(privateKey: KeyObject, clock: Clock): SigningScheme {
  return {
    signatureHeader: 'X-Signature-Ed25519',
    timestampHeader: 'X-Signature-Timestamp',
    sign: (timestamp, body) =>
      sign(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), privateKey).toString('hex'),
    nowMs: () => clock.now(),
    bodyLimit: DISCORD_BODY_LIMIT,
    // The server decodes the hex signature, so upper and lower case are the same signature.
    canonicalSignature: (value) => value.toLowerCase(),
  };
}

/** A Slack delivery as a base request: slash commands are plain form fields, interactivity a `payload` field. */
export function slackBase(kind: string, delivery: Delivery): BaseRequest {
  const format: BodyFormat = delivery.contentType.includes('json')
    ? 'json'
    : new URLSearchParams(delivery.body).has('payload')
      ? 'form-payload'
      : 'form';
  return { kind, contentType: delivery.contentType, format, body: delivery.body };
}

export function discordBase(kind: string, payload: unknown): BaseRequest {
  return { kind, contentType: 'application/json', format: 'json', body: JSON.stringify(payload) };
}
