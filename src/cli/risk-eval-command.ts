/**
 * `draftgate risk eval FILE.jsonl`: measures the risk review on a labelled corpus, in-process (one reviewer, no process
 * per item). Prints recall per risky category and the false-positive rate per benign category, then every miss and
 * false alarm by id; `--json` prints the report as JSON. Exits 1 when recall is below `minRecall` or the
 * false-positive rate above `maxFp` (fractions, e.g. 0.95 and 0.05).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { evaluateCorpus, formatEvalReport, parseEvalCorpus } from '../core/risk/risk-eval.js';
import { createRiskReviewer } from '../core/risk/risk-reviewer.js';
import type { RiskSettings } from '../core/settings.js';
import { CliError, EX_USAGE } from './cli-command.js';
import { type CliIo, line } from './io.js';

export interface RiskEvalOptions {
  json?: boolean;
  minRecall?: number | undefined;
  maxFp?: number | undefined;
}

export async function riskEval(
  io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>,
  file: string,
  options: RiskEvalOptions,
  config: RiskSettings,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(
      `risk eval: cannot read ${file} (${error instanceof Error ? error.message : String(error)}); pass a JSONL file.`,
    );
  }
  let items: ReturnType<typeof parseEvalCorpus>;
  try {
    items = parseEvalCorpus(text);
  } catch (error) {
    throw new CliError(`risk eval: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report = await evaluateCorpus(createRiskReviewer(config), items);
  line(io.stdout, options.json ? JSON.stringify(report, null, 2) : formatEvalReport(report));
  const failures: string[] = [];
  if (options.minRecall !== undefined && report.recall < options.minRecall)
    failures.push(`recall ${report.recall.toFixed(3)} is below --min-recall ${options.minRecall}`);
  if (options.maxFp !== undefined && report.falsePositiveRate > options.maxFp)
    failures.push(
      `false-positive rate ${report.falsePositiveRate.toFixed(3)} is above --max-fp ${options.maxFp}`,
    );
  for (const failure of failures) line(io.stderr, `risk eval: ${failure}.`);
  return failures.length > 0 ? 1 : 0;
}

/** Parses `--min-recall` / `--max-fp`: a fraction between 0 and 1. */
export function parseFraction(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    !Number.isFinite(number) ||
    number < 0 ||
    number > 1
  )
    throw new CliError(
      `risk eval: ${flag} takes a fraction between 0 and 1 (e.g. 0.95), not "${String(value)}".`,
      EX_USAGE,
    );
  return number;
}
