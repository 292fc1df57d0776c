/**
 * The archive file `audit archive` writes: gzip'd JSON lines. Line 1 is a header naming the stream and the base the
 * archived entries start from (null: the genesis); then every entry exactly as stored (detail as its JSON string, so
 * that hashes can be recomputed); the last line is the signed checkpoint of the last archived entry, the new base.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Checkpoint, parseCheckpoint } from '../core/audit-checkpoint.js';
import type { AuditEntry } from '../core/audit-event.js';

export const ARCHIVE_FORMAT = 'draftgate-audit-archive/1';

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  stream: string;
  base: Checkpoint | null;
  created_at: string;
}

/** Writes the archive to `path` (through a temporary file renamed at the end, flushed to disk). */
export async function writeArchive(
  path: string,
  header: ArchiveHeader,
  entries: readonly AuditEntry[],
  end: Checkpoint,
): Promise<void> {
  const temporary = `${path}.partial`;
  async function* lines() {
    yield `${JSON.stringify(header)}\n`;
    for (const entry of entries) yield `${JSON.stringify(entry)}\n`;
    yield `${JSON.stringify({ end })}\n`;
  }
  const out = createWriteStream(temporary, { mode: 0o600, flush: true });
  await pipeline(lines, createGzip(), out);
  await rename(temporary, path);
}

export interface ArchiveReader {
  header: ArchiveHeader;
  /** The archived entries, in order. Reads the file again on each iteration. */
  entries(): AsyncIterable<AuditEntry>;
  /** The signed checkpoint of the last entry; read with the entries. */
  end(): Promise<Checkpoint | undefined>;
}

async function* readLines(path: string): AsyncIterable<string> {
  const lines = createInterface({
    input: createReadStream(path).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.trim() !== '') yield line;
}

function asEntry(value: Record<string, unknown>, path: string): AuditEntry {
  const text = (name: string) => {
    const v = value[name];
    if (typeof v !== 'string')
      throw new Error(`${path}: an entry without ${name}: not a draftgate audit archive`);
    return v;
  };
  return {
    id: text('id'),
    type: text('type'),
    draft_id: text('draft_id'),
    version: text('version'),
    actor: text('actor'),
    platform: text('platform'),
    workspace: text('workspace'),
    channel: text('channel'),
    at: text('at'),
    text_sha256: text('text_sha256'),
    detail: text('detail'),
    hv: typeof value.hv === 'string' ? value.hv : '',
    prev_hash: text('prev_hash'),
    hash: text('hash'),
  };
}

export async function openArchive(path: string): Promise<ArchiveReader> {
  let header: ArchiveHeader | undefined;
  for await (const line of readLines(path)) {
    const parsed = JSON.parse(line) as Partial<ArchiveHeader>;
    if (parsed.format !== ARCHIVE_FORMAT || typeof parsed.stream !== 'string') break;
    const base =
      parsed.base === null || parsed.base === undefined ? null : (parseCheckpoint(parsed.base) ?? null);
    header = {
      format: ARCHIVE_FORMAT,
      stream: parsed.stream,
      base,
      created_at: String(parsed.created_at ?? ''),
    };
    break;
  }
  if (!header) throw new Error(`${path} is not a draftgate audit archive (no ${ARCHIVE_FORMAT} header)`);
  let end: Checkpoint | undefined;
  return {
    header,
    async *entries() {
      let first = true;
      for await (const line of readLines(path)) {
        if (first) {
          first = false;
          continue;
        }
        const value = JSON.parse(line) as Record<string, unknown>;
        if ('end' in value) {
          end = parseCheckpoint(value.end);
          continue;
        }
        yield asEntry(value, path);
      }
    },
    async end() {
      return end;
    },
  };
}
