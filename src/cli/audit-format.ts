/** How the audit commands print entries and read time bounds. */
import type { AuditEntry } from '../core/audit-event.js';
import { CliError } from './cli-command.js';

export function parseDetail(entry: AuditEntry): unknown {
  try {
    return JSON.parse(entry.detail) as unknown;
  } catch {
    return entry.detail;
  }
}

/** One JSON line per entry, with `detail` parsed. */
export function jsonLine(entry: AuditEntry): string {
  return JSON.stringify({ ...entry, detail: parseDetail(entry) });
}

/** An ISO-8601 time or epoch milliseconds, as epoch milliseconds. */
export function parseTime(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms))
    throw new CliError(`--${name} takes an ISO-8601 time (2026-11-29T10:00:00Z) or epoch milliseconds`, 64);
  return ms;
}

/** A whole positive number of entries. */
export function parseCount(value: unknown, name: string): number {
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new CliError(`--${name} takes a whole number, not "${text}"`, 64);
  return Number(text);
}
