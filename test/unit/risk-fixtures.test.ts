/**
 * The public corpus (test/fixtures/risk/corpus.jsonl) measured the way `draftgate risk eval` measures a team's own:
 * at least 150 risky items across every family and 150 benign hard negatives, recall >= 97%, false positives <= 3%.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/risk/redact-secrets.js';
import { evaluateCorpus, maxSeverity, parseEvalCorpus } from '../../src/core/risk/risk-eval.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const items = parseEvalCorpus(
  readFileSync(new URL('../fixtures/risk/corpus.jsonl', import.meta.url), 'utf8'),
);
const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });
const risky = items.filter((item) => item.expect === 'confirm' || item.expect === 'block');
const benign = items.filter((item) => item.expect === 'none' || item.expect === 'note');

describe('public risk corpus', () => {
  it('holds at least 150 risky items across every family and 150 benign hard negatives, each with a why', () => {
    expect(risky.length).toBeGreaterThanOrEqual(150);
    expect(benign.length).toBeGreaterThanOrEqual(150);
    const families = new Set(risky.map((item) => item.cat));
    for (const family of ['secret', 'access', 'disabled_control', 'data_exposure', 'destructive', 'link'])
      expect(families).toContain(family);
    for (const item of items) expect(item.why, item.id).toBeTruthy();
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  });

  it('catches >= 97% of risky items at the right severity with <= 3% false positives', async () => {
    const report = await evaluateCorpus(reviewer, items);
    const summary = {
      misses: report.misses.map((m) => m.id),
      falseAlarms: report.falseAlarms.map((f) => f.id),
    };
    expect(report.recall, JSON.stringify(summary)).toBeGreaterThanOrEqual(0.97);
    expect(report.falsePositiveRate, JSON.stringify(summary)).toBeLessThanOrEqual(0.03);
  });

  it('blocks every secret item and never shows the secret in an excerpt', async () => {
    for (const item of items.filter((i) => i.cat === 'secret' && i.expect === 'block')) {
      const findings = await reviewer.review(item.text);
      expect(maxSeverity(findings), item.id).toBe('block');
      const redacted = redactSecrets(item.text, findings);
      for (const secret of findings.filter((f) => f.category === 'secret' && f.end > f.start)) {
        const value = item.text.slice(secret.start, secret.end);
        expect(redacted, item.id).not.toContain(value);
        for (const finding of findings) expect(finding.excerpt, item.id).not.toContain(value);
      }
    }
  });
});
