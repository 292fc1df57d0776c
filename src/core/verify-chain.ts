/**
 * Walks the audit chain: every entry's hash must match its fields for its hash version (v1 or v2), and link to the
 * previous entry's hash; every signed checkpoint (kept outside Redis, or appended to the stream) must match the
 * chain at the entry it names. Names the first problem found.
 */

import {
  type ChainPoint,
  type Checkpoint,
  checkpointSignatureValid,
  compareStreamIds,
  parseCheckpoint,
} from './audit-checkpoint.js';
import type { AuditEntry } from './audit-event.js';
import { GENESIS_HASH } from './audit-event.js';
import { expectedHash } from './audit-hash.js';

export interface VerifyOptions {
  /** Where the walk starts when the older entries were archived: the signed base checkpoint. Default: the genesis. */
  base?: Checkpoint | undefined;
  /** Signed checkpoints kept outside Redis; each must match the chain at the entry it names. */
  checkpoints?: readonly Checkpoint[];
  /** Verifies the signatures of the base, of `checkpoints` and of the checkpoint entries in the stream. */
  publicKey?: import('node:crypto').KeyObject | undefined;
  /** The stream key: checkpoints of another stream are ignored (with a warning). */
  stream?: string;
}

export interface ChainSummary {
  /** Entries walked. */
  entries: number;
  /** Entries in the chain from the genesis (archived ones included) up to the last one walked. */
  count: number;
  head: string;
  v1: number;
  v2: number;
  /** The first v2 entry after v1 entries: where a deployment upgraded its chain. */
  upgradedAt?: string;
  /** Signed checkpoints matched against the chain (external and in-stream). */
  checkpointsChecked: number;
  warnings: string[];
}

export type ChainVerdict =
  | ({ ok: true } & ChainSummary)
  | ({ ok: false; badEntry: string; problem: string } & ChainSummary);

/** In-stream checkpoints name an entry shortly before themselves: the last entries are kept to check them. */
const RECENT = 4096;

export async function verifyChain(
  entries: AsyncIterable<AuditEntry>,
  recordedHead: string,
  options: VerifyOptions = {},
): Promise<ChainVerdict> {
  const { base, publicKey } = options;
  const summary: ChainSummary = {
    entries: 0,
    count: base?.count ?? 0,
    head: base?.head ?? GENESIS_HASH,
    v1: 0,
    v2: 0,
    checkpointsChecked: 0,
    warnings: [],
  };
  const fail = (badEntry: string, problem: string): ChainVerdict => ({
    ok: false,
    badEntry,
    problem,
    ...summary,
  });
  const signed = (checkpoint: Checkpoint) =>
    publicKey === undefined || checkpointSignatureValid(checkpoint, publicKey);
  const ofThisStream = (checkpoint: Checkpoint) =>
    options.stream === undefined || checkpoint.stream === options.stream;

  if (base) {
    if (!signed(base)) {
      return fail(
        base.id,
        'the base checkpoint (left by `audit archive`) is not signed by the given key: forged or altered',
      );
    }
    if (!publicKey)
      summary.warnings.push('the base checkpoint’s signature was not checked: pass --public-key');
  }
  const external: Checkpoint[] = [];
  for (const checkpoint of options.checkpoints ?? []) {
    if (!ofThisStream(checkpoint)) {
      summary.warnings.push(`checkpoint of another stream (${checkpoint.stream}) ignored`);
      continue;
    }
    if (publicKey === undefined)
      return fail(checkpoint.id, 'checkpoints can only be trusted with --public-key');
    if (!signed(checkpoint)) {
      return fail(
        checkpoint.id,
        `the checkpoint signed at ${checkpoint.at} does not verify with the given public key: forged or altered`,
      );
    }
    if (base && checkpoint.count <= base.count) {
      if (checkpoint.count === base.count && (checkpoint.id !== base.id || checkpoint.head !== base.head)) {
        return fail(
          checkpoint.id,
          'the base checkpoint disagrees with a signed checkpoint at the same count: the chain was rewritten',
        );
      }
      if (checkpoint.count < base.count) {
        summary.warnings.push(
          `checkpoint at entry ${checkpoint.id} is in the archive: pass --archive to check it`,
        );
      }
      continue;
    }
    external.push(checkpoint);
  }
  external.sort((a, b) => a.count - b.count);

  const recent = new Map<string, ChainPoint>();
  if (base) recent.set(base.id, base);
  let previousId = base ? base.id : '(start of the log)';
  let next = 0;
  for await (const entry of entries) {
    summary.entries++;
    summary.count++;
    if (entry.prev_hash !== summary.head) {
      return fail(
        entry.id,
        `prev_hash does not match the hash of ${previousId}: an entry before it was removed or altered`,
      );
    }
    const expected = expectedHash(entry);
    if (expected === undefined) {
      return fail(entry.id, `unknown hash version hv=${entry.hv}: verify with a draftgate that knows it`);
    }
    if (entry.hash !== expected)
      return fail(entry.id, 'its fields do not match its hash: the entry was modified');
    if (entry.hv === '2') {
      if (summary.v2 === 0 && summary.v1 > 0) summary.upgradedAt = entry.id;
      summary.v2++;
    } else {
      summary.v1++;
    }
    for (let cp = external[next]; cp && compareStreamIds(cp.id, entry.id) <= 0; cp = external[++next]) {
      if (cp.id !== entry.id) {
        return fail(
          cp.id,
          `a signed checkpoint (${cp.at}) names entry ${cp.id}, which is not in the chain: removed or rewritten`,
        );
      }
      if (cp.count !== summary.count || cp.head !== entry.hash) {
        return fail(
          entry.id,
          `the checkpoint signed at ${cp.at} says entry ${cp.id} is number ${cp.count} with hash ${cp.head}; the chain has number ${summary.count} with hash ${entry.hash}: the chain was rewritten`,
        );
      }
      summary.checkpointsChecked++;
    }
    if (entry.type === 'checkpoint') {
      const problem = checkInStream(entry, recent, signed, ofThisStream);
      if (problem) return fail(entry.id, problem);
      summary.checkpointsChecked++;
    }
    recent.set(entry.id, { id: entry.id, count: summary.count, head: entry.hash });
    if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
    summary.head = entry.hash;
    previousId = entry.id;
  }
  const missing = external[next];
  if (missing) {
    return fail(
      previousId,
      `truncated: the chain ends at ${previousId} (entry number ${summary.count}) but a checkpoint signed at ${missing.at} covers entry ${missing.id} (number ${missing.count}): the entries after ${previousId} were removed`,
    );
  }
  if (summary.head !== recordedHead) {
    return fail(
      previousId,
      'the recorded chain head is not the last entry’s hash: entries after it were removed',
    );
  }
  if (publicKey === undefined && summary.checkpointsChecked > 0) {
    summary.warnings.push('checkpoint signatures were not checked: pass --public-key');
  }
  return { ok: true, ...summary };
}

function checkInStream(
  entry: AuditEntry,
  recent: Map<string, ChainPoint>,
  signed: (checkpoint: Checkpoint) => boolean,
  ofThisStream: (checkpoint: Checkpoint) => boolean,
): string | undefined {
  let detail: unknown;
  try {
    detail = JSON.parse(entry.detail);
  } catch {
    return 'a checkpoint entry whose detail is not JSON';
  }
  const checkpoint = parseCheckpoint(detail);
  if (!checkpoint) return 'a checkpoint entry without a stream, id, count, head and signature';
  if (!signed(checkpoint))
    return 'a checkpoint entry whose signature does not verify with the given public key: forged';
  if (!ofThisStream(checkpoint)) return undefined;
  const point = recent.get(checkpoint.id);
  if (!point) {
    return `a checkpoint entry names entry ${checkpoint.id}, which is not among the entries before it: removed or rewritten`;
  }
  if (point.count !== checkpoint.count || point.head !== checkpoint.head) {
    return `a checkpoint entry says entry ${checkpoint.id} is number ${checkpoint.count} with hash ${checkpoint.head}; the chain has number ${point.count} with hash ${point.head}: the chain was rewritten`;
  }
  return undefined;
}
