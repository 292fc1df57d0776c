/**
 * Keeps one finding per overlapping stretch of text within a category: the most severe, then the longest.
 * (secretlint and our own patterns often find the same token; two permission patterns can match one statement.)
 * Different categories on the same text are all kept: each tells the reviewer something else.
 */
import type { Finding } from '../draft.js';
import { SEVERITY_RANK } from './rule.js';

export function dedupeFindings<T extends Pick<Finding, 'rule' | 'category' | 'severity' | 'start' | 'end'>>(
  findings: readonly T[],
): T[] {
  const ranked = findings
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        b.finding.end - b.finding.start - (a.finding.end - a.finding.start) ||
        a.order - b.order,
    );
  const kept: T[] = [];
  for (const { finding } of ranked) {
    const overlaps = kept.some(
      (other) =>
        other.category === finding.category && other.start < finding.end && finding.start < other.end,
    );
    if (!overlaps) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}

/**
 * At most `max` findings per rule, the most severe first, except secrets: every secret must stay, to be redacted.
 * A draft that repeats one risky line hundreds of times needs no hundred findings on its card and in its audit event.
 */
export function limitPerRule<T extends Pick<Finding, 'rule' | 'category' | 'severity' | 'start' | 'end'>>(
  findings: readonly T[],
  max: number,
): T[] {
  const ranked = [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.start - b.start,
  );
  const counts = new Map<string, number>();
  const kept = new Set<T>();
  for (const finding of ranked) {
    const count = counts.get(finding.rule) ?? 0;
    if (finding.category !== 'secret' && count >= max) continue;
    counts.set(finding.rule, count + 1);
    kept.add(finding);
  }
  return findings.filter((finding) => kept.has(finding));
}

/**
 * The same rule on the same excerpt is one finding on the card (a command repeated in prose and in a code block).
 * Secrets are all kept: each occurrence must be redacted, and their excerpts are masked alike.
 */
export function dedupeSameExcerpt<T extends Pick<Finding, 'rule' | 'category' | 'excerpt'>>(
  findings: readonly T[],
): T[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (finding.category === 'secret') return true;
    const key = `${finding.rule}\u0000${finding.excerpt.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
