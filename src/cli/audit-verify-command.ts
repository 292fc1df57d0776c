/** `draftgate audit verify [--checkpoints FILE] [--public-key KEY] [--archive FILE...]`: walk archive + live chain. */

import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type ArchiveReader, openArchive } from '../audit/archive-file.js';
import { type Checkpoint, parseAuditPublicKey, parseCheckpoint } from '../core/audit-checkpoint.js';
import type { AuditEntry } from '../core/audit-event.js';
import type { AuditLog } from '../core/ports.js';
import { verifyChain } from '../core/verify-chain.js';
import { type CliIo, line } from './io.js';

export interface AuditVerifyOptions {
  stream: string;
  /** JSON-lines file of signed checkpoints kept outside Redis (`audit.checkpoint_file`). */
  checkpoints?: string | undefined;
  /** The public key (base64 SPKI as `audit keygen` prints it, PEM) or a file holding it. */
  publicKey?: string | undefined;
  /** Archive files written by `audit archive`, in any order. */
  archives?: readonly string[];
}

/** A key given inline or as a file name. */
export function readPublicKey(value: string): KeyObject {
  return parseAuditPublicKey(existsSync(value) ? readFileSync(value, 'utf8') : value);
}

export function readCheckpointsFile(path: string): Checkpoint[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  return lines.flatMap((text, index) => {
    if (text.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(
        `${path} line ${index + 1} is not JSON: pass the file written by audit.checkpoint_file`,
      );
    }
    const checkpoint = parseCheckpoint(value);
    if (!checkpoint) throw new Error(`${path} line ${index + 1} is not a signed checkpoint`);
    return [checkpoint];
  });
}

export async function auditVerify(io: CliIo, audit: AuditLog, options: AuditVerifyOptions): Promise<number> {
  const publicKey = options.publicKey ? readPublicKey(options.publicKey) : undefined;
  const checkpoints = options.checkpoints ? readCheckpointsFile(options.checkpoints) : [];
  const archives: ArchiveReader[] = await Promise.all((options.archives ?? []).map(openArchive));
  archives.sort((a, b) => (a.header.base?.count ?? 0) - (b.header.base?.count ?? 0));
  const liveBase = await audit.base();
  const base = archives.length > 0 ? (archives[0]?.header.base ?? undefined) : liveBase;
  if (publicKey) {
    // Where one archive ends and the next (or the live log) starts must be the signed points, too.
    for (const archive of archives.slice(1)) if (archive.header.base) checkpoints.push(archive.header.base);
    if (archives.length > 0 && liveBase) checkpoints.push(liveBase);
  }
  async function* chain(): AsyncIterable<AuditEntry> {
    for (const archive of archives) yield* archive.entries();
    yield* audit.walk();
  }
  const verdict = await verifyChain(chain(), await audit.head(), {
    base,
    checkpoints,
    publicKey,
    stream: options.stream,
  });
  for (const warning of verdict.warnings) line(io.stderr, `draftgate: warning: ${warning}`);
  const versions = `v1 ${verdict.v1}, v2 ${verdict.v2}${verdict.upgradedAt ? ` (upgraded at ${verdict.upgradedAt})` : ''}`;
  const from = base ? `from the base at ${base.id} (entry ${base.count})` : 'from the genesis';
  if (verdict.ok) {
    line(
      io.stdout,
      `ok: ${verdict.entries} entries ${from}, ${verdict.count} in all; chain intact (${versions}), ${verdict.checkpointsChecked} signed checkpoints matched, head ${verdict.head}`,
    );
    return 0;
  }
  line(
    io.stderr,
    `draftgate: audit chain broken at entry ${verdict.badEntry}: ${verdict.problem} (${verdict.entries} entries read ${from})`,
  );
  return 1;
}
