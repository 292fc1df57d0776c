import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyFromHex, verifyDiscordSignature } from '../../adapters/discord/verify-signature.js';

function keys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { hex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

describe('verifyDiscordSignature', () => {
  const { hex, privateKey } = keys();
  const key = publicKeyFromHex(hex);
  const now = Date.parse('2026-11-29T12:00:00Z');
  const timestamp = String(Math.floor(now / 1000));
  const body = Buffer.from('{"type":1}');
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('hex');

  it('accepts Discord’s signature over timestamp + raw body', () => {
    expect(verifyDiscordSignature({ key, signature, timestamp, body, now })).toEqual({ ok: true });
  });

  it('refuses another body, another timestamp, another key, and missing or malformed headers', () => {
    expect(
      verifyDiscordSignature({ key, signature, timestamp, body: Buffer.from('{"type":2}'), now }).ok,
    ).toBe(false);
    const later = String(Number(timestamp) + 1);
    expect(verifyDiscordSignature({ key, signature, timestamp: later, body, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const other = publicKeyFromHex(keys().hex);
    expect(verifyDiscordSignature({ key: other, signature, timestamp, body, now }).ok).toBe(false);
    expect(verifyDiscordSignature({ key, signature: undefined, timestamp, body, now })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyDiscordSignature({ key, signature: 'zz', timestamp, body, now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses timestamps more than 5 minutes away in either direction', () => {
    for (const skew of [-301_000, 301_000]) {
      expect(verifyDiscordSignature({ key, signature, timestamp, body, now: now + skew })).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
    expect(verifyDiscordSignature({ key, signature, timestamp, body, now: now + 299_000 }).ok).toBe(true);
  });

  it('explains a malformed public key', () => {
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hex characters/);
  });
});
