/**
 * Retention (`draftgate audit archive`): writes the entries older than a time to a file, with their hashes, then
 * trims them from the stream behind a signed checkpoint that becomes the live log's new base. The chain is verified
 * before anything is written, the file is complete on disk before anything is trimmed, and the trim only happens if
 * the last archived entry is still the one that was signed.
 */
import type { KeyObject } from 'node:crypto';
import { type Checkpoint, signCheckpoint } from '../core/audit-checkpoint.js';
import type { AuditEntry } from '../core/audit-event.js';
import type { AuditLog, Clock } from '../core/ports.js';
import { verifyChain } from '../core/verify-chain.js';
import { ARCHIVE_FORMAT, writeArchive } from './archive-file.js';

export interface ArchiveOptions {
  audit: AuditLog;
  stream: string;
  key: KeyObject;
  /** Entries strictly older than this (ms since the epoch) are archived. */
  beforeMs: number;
  out: string;
  clock: Clock;
  /** Refuses to trim entries that a forwarding consumer group has not delivered yet; see `audit forward`. */
  undelivered?: (lastId: string) => Promise<string | undefined>;
}

export type ArchiveResult =
  | { archived: 0 }
  | { archived: number; trimmed: number; base: Checkpoint; first: string; last: string };

async function* from(entries: readonly AuditEntry[]): AsyncIterable<AuditEntry> {
  yield* entries;
}

export async function archiveAudit(options: ArchiveOptions): Promise<ArchiveResult> {
  const { audit, stream, key, beforeMs, clock } = options;
  const base = await audit.base();
  const entries = await audit.range({ until: beforeMs - 1 });
  const last = entries.at(-1);
  if (!last) return { archived: 0 };
  const verdict = await verifyChain(from(entries), last.hash, { base, stream });
  if (!verdict.ok) {
    throw new Error(
      `the audit chain is broken at ${verdict.badEntry} (${verdict.problem}); nothing was archived: investigate with \`draftgate audit verify\``,
    );
  }
  const blocked = await options.undelivered?.(last.id);
  if (blocked) throw new Error(`${blocked}; nothing was archived`);
  const at = new Date(clock.now()).toISOString();
  const newBase = signCheckpoint({ stream, id: last.id, count: verdict.count, head: last.hash, at }, key);
  await writeArchive(
    options.out,
    { format: ARCHIVE_FORMAT, stream, base: base ?? null, created_at: at },
    entries,
    newBase,
  );
  const trimmed = await audit.trimTo(newBase);
  return {
    archived: entries.length,
    trimmed,
    base: newBase,
    first: entries[0]?.id ?? last.id,
    last: last.id,
  };
}
