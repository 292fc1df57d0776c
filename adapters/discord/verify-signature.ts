/**
 * Verifies Discord's ed25519 request signature over `X-Signature-Timestamp + raw body` with node:crypto.
 * Discord deliberately sends bad signatures and removes endpoints that accept them, so this must fail closed.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** DER prefix of an ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Requests whose timestamp is further than this from our clock, in either direction, are refused. */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new Error(
      'discord.public_key must be the 64 hex characters shown as "Public Key" in the Developer Portal',
    );
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyDiscordSignature(input: {
  key: KeyObject;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
  now: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'malformed' };
  if (Math.abs(input.now - Number(timestamp) * 1000) > SIGNATURE_MAX_SKEW_MS)
    return { ok: false, reason: 'stale' };
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), input.body]);
  const valid = verify(null, message, input.key, Buffer.from(signature, 'hex'));
  return valid ? { ok: true } : { ok: false, reason: 'mismatch' };
}
