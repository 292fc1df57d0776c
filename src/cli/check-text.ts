/**
 * `draftgate check-text [--config F]`: the policy author's dry run. Reads a text on stdin, prints its risk findings as
 * JSON (`{"findings":[…],"blocked":bool}`) and returns exit code 0, or 1 when a finding is block-severity.
 * Excerpts of secrets are masked, as on a review card. An invalid custom rule throws, naming the rule.
 */

import { createRiskReviewer } from '../core/risk/risk-reviewer.js';
import type { RiskSettings } from '../core/settings.js';

/** 8 MB: far more than any draft; a stdin that never ends is refused rather than buffered forever. */
const MAX_INPUT = 8 * 1024 * 1024;

export async function checkText(
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream },
  config: RiskSettings,
): Promise<number> {
  const reviewer = createRiskReviewer(config);
  const text = await readAll(io.stdin);
  const findings = await reviewer.review(text);
  const blocked = findings.some((finding) => finding.severity === 'block');
  await new Promise<void>((resolve, reject) => {
    io.stdout.write(`${JSON.stringify({ findings, blocked }, null, 2)}\n`, (error) =>
      error ? reject(error) : resolve(),
    );
  });
  return blocked ? 1 : 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_INPUT)
      throw new Error(`check-text reads at most ${MAX_INPUT} bytes from stdin; pass a shorter text.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
