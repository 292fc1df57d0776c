/**
 * Replaces the secrets that the risk review found with `[REDACTED:<rule>]`. The Gate uses it for the audit log
 * and for the review card's displayText, so that a secret never leaves the draft store.
 */
import type { Finding } from '../draft.js';

type Range = Pick<Finding, 'rule' | 'category' | 'start' | 'end'>;

export function redactSecrets(text: string, findings: readonly Range[]): string {
  return redactSlice(text, 0, text.length, findings);
}

/** Redacts the secrets inside `text[start, end)` and returns that slice (a secret cut by the edge is still hidden). */
export function redactSlice(text: string, start: number, end: number, findings: readonly Range[]): string {
  const secrets = findings
    .filter((f) => f.category === 'secret' && f.end > start && f.start < end && f.end > f.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = start;
  for (const secret of secrets) {
    const from = Math.max(secret.start, start);
    const to = Math.min(secret.end, end);
    if (to <= cursor) continue;
    if (from > cursor) out += text.slice(cursor, from);
    if (from >= cursor) out += `[REDACTED:${secret.rule}]`;
    cursor = to;
  }
  return out + text.slice(cursor, end);
}
