/** `draftgate audit tail|show|export|verify`: read the audit log on Redis. */
import type { AuditEntry } from '../core/audit-event.js';
import type { AuditLog } from '../core/ports.js';
import { verifyChain } from '../core/verify-chain.js';
import { type CliIo, line } from './io.js';

function parseDetail(entry: AuditEntry): unknown {
  try {
    return JSON.parse(entry.detail) as unknown;
  } catch {
    return entry.detail;
  }
}

function jsonLine(entry: AuditEntry): string {
  return JSON.stringify({ ...entry, detail: parseDetail(entry) });
}

export async function auditTail(
  io: CliIo,
  audit: AuditLog,
  options: { count: number; follow: boolean; signal: AbortSignal },
): Promise<number> {
  const all = await audit.range({});
  const recent = all.slice(-options.count);
  for (const entry of recent) line(io.stdout, jsonLine(entry));
  let last = recent.at(-1)?.id ?? all.at(-1)?.id ?? '0-0';
  while (options.follow && !options.signal.aborted) {
    const entries = await audit.follow(last, 1000);
    for (const entry of entries) {
      line(io.stdout, jsonLine(entry));
      last = entry.id;
    }
  }
  return 0;
}

export async function auditShow(io: CliIo, audit: AuditLog, draftId: string): Promise<number> {
  const entries = await audit.range({ draftId });
  if (entries.length === 0) {
    line(io.stderr, `draftgate: no audit entries for draft ${draftId}`);
    return 1;
  }
  line(io.stdout, `draft ${draftId}: ${entries.length} events`);
  for (const entry of entries) {
    const detail = parseDetail(entry) as Record<string, unknown>;
    const { text, ...rest } = typeof detail === 'object' && detail !== null ? detail : { text: undefined };
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    line(io.stdout, `${entry.at}  v${entry.version}  ${entry.type.padEnd(26)} by ${entry.actor}${extra}`);
    if (typeof text === 'string') {
      const label =
        entry.type === 'drafted'
          ? 'agent original'
          : entry.type === 'published'
            ? 'published text'
            : `${entry.type} text`;
      line(io.stdout, `    ── ${label} (sha256 ${entry.text_sha256.slice(0, 12)}…) ──`);
      for (const textLine of text.split('\n')) line(io.stdout, `    │ ${textLine}`);
    }
  }
  return 0;
}

function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms))
    throw new Error(`--${name} takes an ISO-8601 time (2026-11-29T10:00:00Z) or epoch milliseconds`);
  return ms;
}

export async function auditExport(
  io: CliIo,
  audit: AuditLog,
  options: { since?: string | undefined; until?: string | undefined },
): Promise<number> {
  const since = parseTime(options.since, 'since');
  const until = parseTime(options.until, 'until');
  const entries = await audit.range({
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  });
  for (const entry of entries) line(io.stdout, jsonLine(entry));
  return 0;
}

export async function auditVerify(io: CliIo, audit: AuditLog): Promise<number> {
  const verdict = await verifyChain(audit.walk(), await audit.head());
  if (verdict.ok) {
    line(io.stdout, `ok: ${verdict.entries} entries, chain intact, head ${verdict.head}`);
    return 0;
  }
  line(
    io.stderr,
    `draftgate: audit chain broken at entry ${verdict.badEntry}: ${verdict.problem} (${verdict.entries} entries read)`,
  );
  return 1;
}
