/** `draftgate audit archive --before T --out FILE.jsonl.gz`: retention behind a signed checkpoint. */
import { type ArchiveOptions, archiveAudit } from '../audit/archive.js';
import { type Checkpointer, checkpointEvent } from '../audit/checkpointer.js';
import { type CliIo, line } from './io.js';

export function parseBefore(value: string | undefined): number {
  if (value === undefined)
    throw new Error('audit archive needs --before T (ISO-8601, epoch ms, or an age like 90d)');
  const age = /^(\d+)([dh])$/.exec(value);
  if (age) return Date.now() - Number(age[1]) * (age[2] === 'd' ? 86_400_000 : 3_600_000);
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms))
    throw new Error('--before takes an ISO-8601 time (2026-11-29T10:00:00Z), epoch ms, or 90d');
  return ms;
}

export async function auditArchive(
  io: CliIo,
  options: Omit<ArchiveOptions, 'beforeMs' | 'out'> & {
    before: string | undefined;
    out: string | undefined;
    checkpointer: Checkpointer;
  },
): Promise<number> {
  if (!options.out || !/\.jsonl\.gz$/.test(options.out))
    throw new Error('audit archive needs --out FILE.jsonl.gz');
  const result = await archiveAudit({ ...options, beforeMs: parseBefore(options.before), out: options.out });
  if (!('base' in result)) {
    line(io.stdout, 'nothing to archive: no entries before that time');
    return 0;
  }
  await options.audit.append(checkpointEvent(result.base));
  line(
    io.stdout,
    `archived ${result.archived} entries (${result.first} … ${result.last}) to ${options.out}; trimmed ${result.trimmed} from the stream; new base: entry ${result.base.count} (${result.base.id})`,
  );
  line(io.stdout, JSON.stringify(result.base));
  await options.checkpointer.emit(result.base);
  return 0;
}
