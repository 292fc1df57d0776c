import type { Finding } from './draft.js';

/**
 * Replaces every secret finding's range with `[REDACTED:<rule>]`. Used for the audit log and for what reviewers are
 * shown, so a secret an agent leaked never leaves the draft store.
 */
export function redactSecrets(text: string, findings: readonly Finding[]): string {
  const ranges = findings
    .filter((f) => f.category === 'secret' && f.end > f.start)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const finding of ranges) {
    if (finding.start < cursor) continue;
    out += `${text.slice(cursor, finding.start)}[REDACTED:${finding.rule}]`;
    cursor = finding.end;
  }
  return out + text.slice(cursor);
}
