/**
 * Measures the risk review on a labelled corpus (one JSON object per line: `id`, `cat`, `expect`, `text`, optional
 * `why`). An item expecting `confirm` or `block` is risky: it is caught when the review's most severe finding has
 * exactly that severity. An item expecting `none` or `note` is benign: it is a false alarm when the review flags it
 * at `confirm` or `block`. Runs in-process, item after item, with one reviewer.
 */
import type { Finding, Severity } from '../draft.js';
import type { RiskReviewer } from '../ports.js';
import { SEVERITY_RANK } from './rule.js';

export interface EvalItem {
  id: string;
  cat: string;
  expect: 'none' | 'note' | 'confirm' | 'block';
  text: string;
  why?: string;
}

const EXPECTS: readonly string[] = ['none', 'note', 'confirm', 'block'];

/** The problem with one parsed line, or undefined when it is a valid item. */
function problemOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'item: not a JSON object';
  const item = json as Record<string, unknown>;
  for (const key of ['id', 'cat'] as const) {
    if (typeof item[key] !== 'string' || item[key] === '') return `${key}: a non-empty string is required`;
  }
  if (typeof item.expect !== 'string' || !EXPECTS.includes(item.expect))
    return `expect: one of ${EXPECTS.join(', ')} is required`;
  if (typeof item.text !== 'string') return 'text: a string is required';
  if (item.why !== undefined && typeof item.why !== 'string') return 'why: must be a string';
  return undefined;
}

export interface EvalCategory {
  cat: string;
  kind: 'risky' | 'benign';
  total: number;
  /** Risky: caught at the expected severity. Benign: flagged at confirm or block. */
  count: number;
  rate: number;
}

export interface EvalOutcome {
  id: string;
  cat: string;
  expect: EvalItem['expect'];
  got: Severity | 'none';
  rules: string[];
}

export interface EvalReport {
  items: number;
  risky: number;
  benign: number;
  recall: number;
  falsePositiveRate: number;
  categories: EvalCategory[];
  misses: EvalOutcome[];
  falseAlarms: EvalOutcome[];
}

/** Parses JSONL; a bad line is reported with its line number, so the corpus author can fix it. */
export function parseEvalCorpus(text: string): EvalItem[] {
  const items: EvalItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(
        `line ${index + 1}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const problem = problemOf(json);
    if (problem !== undefined) {
      throw new Error(
        `line ${index + 1}: ${problem} (each line needs id, cat, expect: none|note|confirm|block, text).`,
      );
    }
    items.push(json as EvalItem);
  });
  return items;
}

export function maxSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity | 'none' {
  let max: Severity | 'none' = 'none';
  for (const finding of findings) {
    if (max === 'none' || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[max]) max = finding.severity;
  }
  return max;
}

export async function evaluateCorpus(
  reviewer: RiskReviewer,
  items: readonly EvalItem[],
): Promise<EvalReport> {
  const byCat = new Map<string, EvalCategory>();
  const misses: EvalOutcome[] = [];
  const falseAlarms: EvalOutcome[] = [];
  let risky = 0;
  let caught = 0;
  let benign = 0;
  let flagged = 0;
  for (const item of items) {
    const findings = await reviewer.review(item.text);
    const got = maxSeverity(findings);
    const isRisky = item.expect === 'confirm' || item.expect === 'block';
    const category = byCat.get(item.cat) ?? {
      cat: item.cat,
      kind: isRisky ? 'risky' : 'benign',
      total: 0,
      count: 0,
      rate: 0,
    };
    byCat.set(item.cat, category);
    category.total += 1;
    const outcome = (): EvalOutcome => ({
      id: item.id,
      cat: item.cat,
      expect: item.expect,
      got,
      rules: [
        ...new Set(findings.filter((f) => f.severity !== 'note').map((f) => `${f.rule}:${f.severity}`)),
      ],
    });
    if (isRisky) {
      risky += 1;
      if (got === item.expect) {
        caught += 1;
        category.count += 1;
      } else misses.push({ ...outcome(), rules: findings.map((f) => `${f.rule}:${f.severity}`) });
    } else {
      benign += 1;
      if (got === 'confirm' || got === 'block') {
        flagged += 1;
        category.count += 1;
        falseAlarms.push(outcome());
      }
    }
  }
  const categories = [...byCat.values()]
    .map((category) => ({ ...category, rate: category.total === 0 ? 0 : category.count / category.total }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.cat.localeCompare(b.cat));
  return {
    items: items.length,
    risky,
    benign,
    recall: risky === 0 ? 1 : caught / risky,
    falsePositiveRate: benign === 0 ? 0 : flagged / benign,
    categories,
    misses,
    falseAlarms,
  };
}

/** The human-readable report: a table per category, then every miss and false alarm with its id. */
export function formatEvalReport(report: EvalReport): string {
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const width = Math.max(8, ...report.categories.map((c) => c.cat.length));
  const lines = [
    `${'category'.padEnd(width)}  kind    items  result`,
    ...report.categories.map(
      (c) =>
        `${c.cat.padEnd(width)}  ${c.kind.padEnd(6)}  ${String(c.total).padStart(5)}  ${
          c.kind === 'risky'
            ? `recall ${pct(c.rate)} (${c.count}/${c.total})`
            : `false positives ${pct(c.rate)} (${c.count}/${c.total})`
        }`,
    ),
    '',
    `all risky: recall ${pct(report.recall)} (${report.risky} items); all benign: false positives ${pct(report.falsePositiveRate)} (${report.benign} items)`,
  ];
  if (report.misses.length > 0) {
    lines.push('', 'misses (risky, not caught at the expected severity):');
    for (const miss of report.misses)
      lines.push(
        `  ${miss.id} [${miss.cat}] expected ${miss.expect}, got ${miss.got}${miss.rules.length ? ` (${miss.rules.join(', ')})` : ''}`,
      );
  }
  if (report.falseAlarms.length > 0) {
    lines.push('', 'false alarms (benign, flagged at confirm or block):');
    for (const alarm of report.falseAlarms)
      lines.push(`  ${alarm.id} [${alarm.cat}] got ${alarm.got} (${alarm.rules.join(', ')})`);
  }
  return lines.join('\n');
}
