/** Walks the audit chain: every entry's hash must match its fields, and link to the previous entry's hash. */
import type { AuditEntry } from './audit-event.js';
import { GENESIS_HASH } from './audit-event.js';
import { chainHash } from './audit-hash.js';

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; badEntry: string; problem: string };

export async function verifyChain(
  entries: AsyncIterable<AuditEntry>,
  recordedHead: string,
): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let previousId = '(start of the log)';
  let count = 0;
  for await (const entry of entries) {
    count++;
    if (entry.prev_hash !== previous) {
      return {
        ok: false,
        entries: count,
        badEntry: entry.id,
        problem: `prev_hash does not match the hash of ${previousId}: an entry before it was removed or altered`,
      };
    }
    const expected = chainHash(entry);
    if (entry.hash !== expected) {
      return {
        ok: false,
        entries: count,
        badEntry: entry.id,
        problem: 'its fields do not match its hash: the entry was modified',
      };
    }
    previous = entry.hash;
    previousId = entry.id;
  }
  if (previous !== recordedHead) {
    return {
      ok: false,
      entries: count,
      badEntry: previousId,
      problem: 'the recorded chain head is not the last entry’s hash: entries after it were removed',
    };
  }
  return { ok: true, entries: count, head: previous };
}
