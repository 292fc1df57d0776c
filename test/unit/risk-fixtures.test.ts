/** Every risky fixture is flagged as annotated; no benign fixture produces a finding above `note`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { redactSecrets } from '../../src/core/risk/redact-secrets.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { RISK_CATEGORIES } from '../../src/core/risk/severity-overrides.js';

const fixture = (name: string): unknown =>
  parse(readFileSync(new URL(`../fixtures/risk/${name}`, import.meta.url), 'utf8'));

const risky = z
  .array(
    z.object({
      name: z.string(),
      rule: z.string(),
      category: z.enum(RISK_CATEGORIES as [string, ...string[]]),
      severity: z.enum(['block', 'confirm', 'note']),
      secret: z.string().optional(),
      text: z.string(),
    }),
  )
  .parse(fixture('risky.yaml'));
const benign = z.array(z.object({ name: z.string(), text: z.string() })).parse(fixture('benign.yaml'));

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });

describe('risk fixtures', () => {
  it('has at least 25 of each, and risky ones cover every built-in category', () => {
    expect(risky.length).toBeGreaterThanOrEqual(25);
    expect(benign.length).toBeGreaterThanOrEqual(25);
    const covered = new Set(risky.map((r) => r.category));
    for (const category of RISK_CATEGORIES.filter((c) => c !== 'custom')) expect(covered).toContain(category);
  });

  it.each(risky.map((r) => [r.name, r] as const))('flags: %s', async (_name, snippet) => {
    const findings = await reviewer.review(snippet.text);
    const summary = findings.map(({ rule, category, severity }) => ({ rule, category, severity }));
    expect(summary).toContainEqual({
      rule: snippet.rule,
      category: snippet.category,
      severity: snippet.severity,
    });
    if (snippet.secret) {
      expect(snippet.text).toContain(snippet.secret);
      for (const finding of findings) expect(finding.excerpt).not.toContain(snippet.secret);
      const redacted = redactSecrets(snippet.text, findings);
      expect(redacted).not.toContain(snippet.secret);
      expect(redacted).toContain('[REDACTED:');
    }
  });

  it.each(benign.map((b) => [b.name, b] as const))('stays quiet: %s', async (_name, paragraph) => {
    const findings = await reviewer.review(paragraph.text);
    expect(findings.filter((f) => f.severity !== 'note')).toEqual([]);
  });
});
