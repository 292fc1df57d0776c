/**
 * `draftgate risk eval FILE.jsonl [--json] [--min-recall R] [--max-fp F] [--config F]`: measures the risk review on a
 * labelled corpus, in-process. Prints recall per risky category and the false-positive rate per benign category, then
 * every miss and false alarm by id. Exits 1 when recall is below --min-recall or false positives above --max-fp
 * (fractions, e.g. 0.95 and 0.05), 64 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RiskConfig } from '../config/schema.js';
import { evaluateCorpus, formatEvalReport, parseEvalCorpus } from '../core/risk/risk-eval.js';
import { createRiskReviewer } from '../core/risk/risk-reviewer.js';
import { type CliIo, line } from './io.js';

export const RISK_EVAL_USAGE =
  'usage: draftgate risk eval FILE.jsonl [--json] [--min-recall 0.95] [--max-fp 0.05] [--config F]\n' +
  '  FILE.jsonl: one JSON object per line with id, cat, expect (none|note|confirm|block) and text.';

export async function riskEvalCommand(
  io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>,
  args: readonly string[],
  config: RiskConfig,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      'min-recall': { type: 'string' },
      'max-fp': { type: 'string' },
      config: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  const minRecall = fraction(values['min-recall'], '--min-recall');
  const maxFp = fraction(values['max-fp'], '--max-fp');
  if (!file || minRecall === null || maxFp === null) {
    line(io.stderr, RISK_EVAL_USAGE);
    return 64;
  }
  let text: string;
  try {
    text = await readFile(new URL(file, `file://${io.cwd.replace(/\/?$/, '/')}`), 'utf8');
  } catch (error) {
    line(
      io.stderr,
      `draftgate risk eval: cannot read ${file} (${error instanceof Error ? error.message : String(error)}).`,
    );
    return 1;
  }
  const items = parseEvalCorpus(text);
  const report = await evaluateCorpus(createRiskReviewer(config), items);
  line(io.stdout, values.json ? JSON.stringify(report, null, 2) : formatEvalReport(report));
  const failures: string[] = [];
  if (minRecall !== undefined && report.recall < minRecall)
    failures.push(`recall ${report.recall.toFixed(3)} is below --min-recall ${minRecall}`);
  if (maxFp !== undefined && report.falsePositiveRate > maxFp)
    failures.push(`false-positive rate ${report.falsePositiveRate.toFixed(3)} is above --max-fp ${maxFp}`);
  for (const failure of failures) line(io.stderr, `draftgate risk eval: ${failure}.`);
  return failures.length > 0 ? 1 : 0;
}

/** undefined: not given; null: given but not a fraction between 0 and 1. */
function fraction(value: string | undefined, flag: string): number | undefined | null {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) {
    void flag;
    return null;
  }
  return number;
}
