/**
 * Signed checkpoints of the audit chain (DESIGN.md "Audit events", type `checkpoint`): an ed25519 signature over the
 * stream, an entry id, the number of entries in the chain up to and including it (counted from the genesis, archived
 * entries included) and the chain hash there. Kept outside Redis as well, they make truncation and a rewritten chain
 * show: whoever can write to Redis cannot sign.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

/** A point of the chain: an entry id, how many entries the chain has up to it, and its hash. */
export interface ChainPoint {
  id: string;
  count: number;
  head: string;
}

export interface Checkpoint extends ChainPoint {
  /** The stream key. */
  stream: string;
  /** ISO-8601 time of signing. */
  at: string;
  /** The first 16 hex characters of the SHA-256 of the signer's public key (SPKI DER). */
  key_id: string;
  /** base64 ed25519 signature over checkpointMessage(). */
  sig: string;
}

/** The exact bytes that are signed. */
export function checkpointMessage(point: ChainPoint & { stream: string; at: string }): Buffer {
  return Buffer.from(
    `draftgate-audit-checkpoint\nstream=${point.stream}\nid=${point.id}\ncount=${point.count}\nhead=${point.head}\nat=${point.at}\n`,
  );
}

export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signCheckpoint(
  point: ChainPoint & { stream: string; at: string },
  privateKey: KeyObject,
): Checkpoint {
  const publicKey = createPublicKey(privateKey);
  return {
    stream: point.stream,
    id: point.id,
    count: point.count,
    head: point.head,
    at: point.at,
    key_id: keyId(publicKey),
    sig: sign(null, checkpointMessage(point), privateKey).toString('base64'),
  };
}

export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.sig, 'base64'));
  } catch {
    return false;
  }
}

/** Reads a checkpoint from JSON (a file line, an entry's detail); undefined when it is not one. */
export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = ['stream', 'id', 'head', 'at', 'key_id', 'sig'] as const;
  if (!strings.every((name) => typeof v[name] === 'string')) return undefined;
  if (typeof v.count !== 'number' || !Number.isInteger(v.count) || v.count < 0) return undefined;
  return {
    stream: v.stream as string,
    id: v.id as string,
    count: v.count,
    head: v.head as string,
    at: v.at as string,
    key_id: v.key_id as string,
    sig: v.sig as string,
  };
}

/** A new key pair as one-line base64 DER: the private key (PKCS#8) for DRAFTGATE_AUDIT_KEY, the public key (SPKI). */
export function generateAuditKeys(): { privateKey: string; publicKey: string; keyId: string } {
  const pair = generateKeyPairSync('ed25519');
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    keyId: keyId(pair.publicKey),
  };
}

function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN');
}

/** DRAFTGATE_AUDIT_KEY: base64 PKCS#8 DER (as `audit keygen` prints) or PEM. Throws a message saying what to do. */
export function parseAuditPrivateKey(text: string): KeyObject {
  try {
    const key = looksLikePem(text)
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new Error(
      `DRAFTGATE_AUDIT_KEY is not an ed25519 private key (${error instanceof Error ? error.message : String(error)}): generate one with \`draftgate audit keygen\``,
    );
  }
}

/** A public key: base64 SPKI DER (as `audit keygen` prints), PEM, or a private key whose public half is meant. */
export function parseAuditPublicKey(text: string): KeyObject {
  try {
    const trimmed = text.trim();
    const key = looksLikePem(trimmed)
      ? createPublicKey(trimmed)
      : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new Error(
      `the public key is not an ed25519 public key (${error instanceof Error ? error.message : String(error)}): pass the "public key" line printed by \`draftgate audit keygen\``,
    );
  }
}

/** Compares two stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am === bm ? as - bs : am - bm;
}
