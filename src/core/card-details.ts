/**
 * What a review card explains beyond the draft itself, decided once for every platform: the findings grouped by
 * what they are (plain titles, not rule ids), what Approve will do, and what changed since the previous version.
 */
import type { Draft, Finding, RiskCategory, Severity } from './draft.js';
import { needsConfirmation } from './draft.js';
import type { Policy } from './policy.js';
import type { ReviewRole } from './review-card.js';
import { findingLabel } from './risk/risk-summary.js';
import { SEVERITY_RANK } from './risk/rule.js';

/** Findings of one kind ("Public bucket"), with every distinct excerpt. */
export interface FindingGroup {
  /** Plain title, e.g. "Public bucket", "Secret in the text". */
  title: string;
  /** The most severe finding's severity. */
  severity: Severity;
  category: RiskCategory;
  /** The rule ids behind the group (for the audit log and data attributes; never a heading). */
  rules: string[];
  /** The most severe finding's explanation. */
  explanation: string;
  /** Distinct excerpts, in text order (secrets already masked). */
  excerpts: string[];
  /** How many findings the group holds. */
  count: number;
}

export interface DiffLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/** A small line diff of the previous version against this one. */
export interface CardChanges {
  fromVersion: number;
  toVersion: number;
  added: number;
  removed: number;
  /** Changed lines with one line of context; skipped stretches appear as one `same` line "…". */
  lines: DiffLine[];
}

const MAX_EXCERPTS = 3;

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, { group: FindingGroup; rank: number; first: number }>();
  const ordered = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const finding of ordered) {
    const label = findingLabel(finding);
    const existing = groups.get(label);
    const excerpt = finding.excerpt.replace(/\s+/g, ' ').trim();
    if (!existing) {
      groups.set(label, {
        rank: SEVERITY_RANK[finding.severity],
        first: finding.start,
        group: {
          title: label.charAt(0).toUpperCase() + label.slice(1),
          severity: finding.severity,
          category: finding.category,
          rules: [finding.rule],
          explanation: finding.explanation,
          excerpts: excerpt ? [excerpt] : [],
          count: 1,
        },
      });
      continue;
    }
    const { group } = existing;
    group.count += 1;
    if (!group.rules.includes(finding.rule)) group.rules.push(finding.rule);
    if (excerpt && !group.excerpts.includes(excerpt) && group.excerpts.length < MAX_EXCERPTS)
      group.excerpts.push(excerpt);
    if (SEVERITY_RANK[finding.severity] > existing.rank) {
      existing.rank = SEVERITY_RANK[finding.severity];
      group.severity = finding.severity;
      group.explanation = finding.explanation;
    }
  }
  return [...groups.values()].sort((a, b) => b.rank - a.rank || a.first - b.first).map(({ group }) => group);
}

/** "15 minutes", "23 h", "2 days": how long, for a sentence. */
export function spokenDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** Whether approving now asks for a second person instead of publishing. */
export function approvalNeedsSecond(draft: Draft, policy: Policy, role: ReviewRole): boolean {
  if (role !== 'requester') return false;
  const mode = policy.config.second_approval.mode;
  return mode === 'always' || (mode === 'on_risk' && needsConfirmation(draft));
}

/**
 * One line: where Approve posts, as whom, credited to whom, for how long it can be retracted, and when the draft
 * expires. "Approve posts to #eng-help in the thread of the message it answers, as draftgate, credited to you; you
 * can retract it for 15 minutes; expires in 23 h".
 */
export function consequenceLine(draft: Draft, policy: Policy, role: ReviewRole, now: number): string {
  const { target } = draft;
  const channel = target.channelName ? `#${target.channelName.replace(/^#/, '')}` : 'the channel';
  const where =
    target.thread !== undefined
      ? `${channel} in the thread of the message it answers`
      : target.message !== undefined
        ? `${channel} as a reply to the message it answers`
        : `${channel} at the top level, quoting the question`;
  const retract = `you can retract it for ${spokenDuration(policy.retractWindowMs)}`;
  const expires = draft.expiresAt > now ? `; expires in ${spokenDuration(draft.expiresAt - now)}` : '';
  if (approvalNeedsSecond(draft, policy, role)) {
    return `Approve asks a second person to approve; nothing is posted until they do. Then it posts to ${where}, as draftgate, credited to you both; ${retract}${expires}`;
  }
  const credited = role === 'second_approver' ? 'the first approver and you' : 'you';
  return `Approve posts to ${where}, as draftgate, credited to ${credited}; ${retract}${expires}`;
}

const MAX_DIFF_LINES = 400;

/** A line diff (longest common subsequence) of `before` against `after`, with one line of context. */
export function lineChanges(
  before: string,
  after: string,
  fromVersion: number,
  toVersion: number,
): CardChanges {
  const a = before.split('\n').slice(0, MAX_DIFF_LINES);
  const b = after.split('\n').slice(0, MAX_DIFF_LINES);
  // lcs[i][j]: length of the longest common subsequence of a[i…] and b[j…].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const all: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      all.push({ kind: 'same', text: a[i] ?? '' });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      // Removed lines before the added ones that replace them, as diffs read.
      all.push({ kind: 'removed', text: a[i] ?? '' });
      i++;
    } else {
      all.push({ kind: 'added', text: b[j] ?? '' });
      j++;
    }
  }
  const lines: DiffLine[] = [];
  let skipping = false;
  for (const [index, line] of all.entries()) {
    const neighbourChanged =
      (all[index - 1] !== undefined && all[index - 1]?.kind !== 'same') ||
      (all[index + 1] !== undefined && all[index + 1]?.kind !== 'same');
    if (line.kind !== 'same' || neighbourChanged) {
      lines.push(line);
      skipping = false;
    } else if (!skipping) {
      lines.push({ kind: 'same', text: '…' });
      skipping = true;
    }
  }
  return {
    fromVersion,
    toVersion,
    added: all.filter((line) => line.kind === 'added').length,
    removed: all.filter((line) => line.kind === 'removed').length,
    lines,
  };
}
