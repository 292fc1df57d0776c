/**
 * `draftgate audit search [--user U] [--type T] [--channel C] [--draft ID] [--since T] [--until T] [--json]`:
 * the audit events that match every filter given, as a table (or JSON lines with --json).
 */
import type { AuditEntry } from '../../core/audit-event.js';
import { jsonLine, parseCount, parseDetail, parseTime } from '../audit-format.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';
import { resolveDraftId } from '../resolve-draft-id.js';

const command: CliCommand = {
  name: 'audit search',
  summary: 'audit events by user, type, channel, draft and time (a table, or --json)',
  define: (cmd) =>
    cmd
      .option('--user <id>', 'the actor: a platform user id, agent:<name> or system')
      .option('--type <types>', 'event types, comma-separated (denied,published)')
      .option('--channel <id>', 'the channel id')
      .option('--draft <id>', 'a draft id or unique prefix')
      .option('--since <time>', 'from this time (ISO-8601 or epoch ms)')
      .option('--until <time>', 'up to this time (ISO-8601 or epoch ms)')
      .option('-n, --limit <n>', 'print at most the last N matches', '200')
      .option('--json', 'JSON lines instead of a table')
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const since = parseTime(options.since, 'since');
    const until = parseTime(options.until, 'until');
    const limit = parseCount(options.limit, 'limit');
    const types =
      typeof options.type === 'string' ? new Set(options.type.split(',').map((t) => t.trim())) : null;
    const config = context.loadConfig(options.config as string | undefined);
    const { stdout } = context.io;
    return await withAuditLog(config, async (audit) => {
      const draftId =
        typeof options.draft === 'string' ? await resolveDraftId(audit, options.draft) : undefined;
      const entries = await audit.range({
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(draftId !== undefined ? { draftId } : {}),
      });
      const matches = entries
        .filter(
          (entry) =>
            (options.user === undefined || entry.actor === options.user) &&
            (options.channel === undefined || entry.channel === options.channel) &&
            (types === null || types.has(entry.type)),
        )
        .slice(-limit);
      if (options.json === true) {
        for (const entry of matches) line(stdout, jsonLine(entry));
        return 0;
      }
      if (matches.length === 0) {
        line(stdout, 'no audit events match');
        return 0;
      }
      for (const row of table(matches)) line(stdout, row);
      line(stdout, `${matches.length} event${matches.length === 1 ? '' : 's'}`);
      return 0;
    });
  },
};
export default command;

const HEADERS = ['TIME', 'TYPE', 'DRAFT', 'V', 'ACTOR', 'CHANNEL', 'DETAIL'];

function table(entries: AuditEntry[]): string[] {
  const rows = entries.map((entry) => [
    entry.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    entry.type,
    entry.draft_id.slice(0, 8),
    entry.version,
    entry.actor,
    entry.channel,
    summary(entry),
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(HEADERS), ...rows.map(format)];
}

/** The detail in a few words: a reason when there is one, else its keys and short values. */
function summary(entry: AuditEntry): string {
  const detail = parseDetail(entry);
  if (typeof detail !== 'object' || detail === null) return String(detail ?? '');
  const fields = detail as Record<string, unknown>;
  if (typeof fields.reason === 'string') return clip(fields.reason);
  return clip(
    Object.entries(fields)
      .filter(([key]) => key !== 'text')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' '),
  );
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
