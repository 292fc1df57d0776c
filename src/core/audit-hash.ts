import { createHash } from 'node:crypto';
import type { AuditEntry, EntryField } from './audit-event.js';
import { ENTRY_FIELDS, V1_HASHED_FIELDS } from './audit-event.js';

export type EntryFields = Readonly<Record<EntryField, string>>;

/** The canonical encoding of an entry: every ENTRY_FIELDS value as `<byte length>:<value>\n`, in that order. */
function canonicalEncoding(fields: EntryFields): string {
  let out = '';
  for (const name of ENTRY_FIELDS) {
    const value = fields[name];
    out += `${Buffer.byteLength(value)}:${value}\n`;
  }
  return out;
}

/** Chain v2: the SHA-256 (hex) of the entry's canonical encoding. Node computes it; the append script links it. */
export function entryDigest(fields: EntryFields): string {
  return createHash('sha256').update(canonicalEncoding(fields)).digest('hex');
}

/** Chain v2 link: SHA-256 of the 64 bytes prev_hash ‖ entry_digest (both hex). The Lua twin is chain-link-lua.ts. */
export function linkHash(prevHash: string, digest: string): string {
  return createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(Buffer.from(digest, 'hex'))
    .digest('hex');
}

/** Chain v1: sha256 over ENTRY_FIELDS and prev_hash, each as `<byte length>:<value>\n`. Only verified, never written. */
export function chainHashV1(fields: EntryFields & { prev_hash: string }): string {
  const hash = createHash('sha256');
  for (const name of V1_HASHED_FIELDS) {
    const value = fields[name];
    hash.update(`${Buffer.byteLength(value)}:${value}\n`);
  }
  return hash.digest('hex');
}

/** The hash an entry must carry for its hash version, or undefined for a version this code does not know. */
export function expectedHash(entry: AuditEntry): string | undefined {
  if (entry.hv === '' || entry.hv === '1') return chainHashV1(entry);
  if (entry.hv === '2') return linkHash(entry.prev_hash, entryDigest(entry));
  return undefined;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
