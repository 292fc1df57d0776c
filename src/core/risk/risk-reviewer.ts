/**
 * The risk review: every draft and every edit is scanned before its review card is shown. Built-in rule families
 * live in their own files; this composes them with the operator's custom rules and severity overrides.
 */

import type { Finding } from '../draft.js';
import type { RiskReviewer } from '../ports.js';
import type { RiskSettings } from '../settings.js';
import { compileCustomRules } from './custom-rules.js';
import { DATA_EXPOSURE_RULES } from './data-exposure-rules.js';
import { dedupeFindings, limitPerRule } from './dedupe-findings.js';
import { DESTRUCTIVE_RULES } from './destructive-rules.js';
import { DISGUISED_LINK_RULE, scanDisguisedLinks } from './disguised-links.js';
import { MASS_MENTION_RULES } from './mass-mention-rules.js';
import { PERMISSION_RULES } from './permission-rules.js';
import { redactSlice } from './redact-secrets.js';
import { lowerSeverity, type PatternRule, type RawFinding } from './rule.js';
import { scanPatternRules } from './scan-patterns.js';
import { SECRET_RULES } from './secret-rules.js';
import { scanWithSecretlint, secretlintRuleIds } from './secretlint-scan.js';
import { type RuleInfo, type SeverityResolver, severityResolver } from './severity-overrides.js';

const SCAN_ERROR_RULE = 'secret.scan-error';
const EXCERPT_MAX = 160;
const MAX_PER_RULE = 20;
const BUILT_IN_PATTERN_RULES: readonly PatternRule[] = [
  ...PERMISSION_RULES,
  ...DESTRUCTIVE_RULES,
  ...DATA_EXPOSURE_RULES,
  ...MASS_MENTION_RULES,
];

/** Every built-in rule with its default severity (for `check-text`, docs, and override validation). */
export function builtInRules(): RuleInfo[] {
  return [
    ...[...SECRET_RULES, ...BUILT_IN_PATTERN_RULES].map(({ id, category, severity }) => ({
      id,
      category,
      severity,
    })),
    ...secretlintRuleIds().map((id) => ({ id, category: 'secret' as const, severity: 'block' as const })),
    { id: SCAN_ERROR_RULE, category: 'secret', severity: 'block' },
    { id: DISGUISED_LINK_RULE, category: 'disguised_link', severity: 'confirm' },
  ];
}

/** Throws, naming the config key, when a custom rule or an override is invalid. */
export function createRiskReviewer(config: RiskSettings): RiskReviewer {
  const builtIns = builtInRules();
  const custom = compileCustomRules(config.rules, new Set(builtIns.map((rule) => rule.id)));
  const resolve = severityResolver(config.severity_overrides, [...builtIns, ...custom]);
  return new PatternRiskReviewer(custom, resolve);
}

class PatternRiskReviewer implements RiskReviewer {
  constructor(
    private readonly custom: readonly PatternRule[],
    private readonly resolve: SeverityResolver,
  ) {}

  async review(text: string): Promise<Finding[]> {
    const secrets = await this.secrets(text);
    const settled = [
      ...scanPatternRules(text, BUILT_IN_PATTERN_RULES),
      ...scanDisguisedLinks(text),
      ...scanPatternRules(text, this.custom),
    ].map((raw) => this.settle(raw));
    const others: Finding[] = limitPerRule(dedupeFindings(settled), MAX_PER_RULE).map(
      ({ maskedExcerpt: _unused, ...finding }) => ({
        ...finding,
        excerpt: excerptOf(text, finding, secrets),
      }),
    );
    return dedupeFindings([...secrets, ...others]);
  }

  /** The secret findings alone: what the audit log's free texts are redacted with. */
  async secrets(text: string): Promise<Finding[]> {
    return dedupeFindings(
      [...scanPatternRules(text, SECRET_RULES), ...(await this.secretlint(text))].map((raw) =>
        this.settle(raw),
      ),
    ).map(({ maskedExcerpt, ...finding }) => ({ ...finding, excerpt: maskedExcerpt ?? '[redacted]' }));
  }

  /** secretlint failing must not let a draft through unscanned: the draft is blocked until a rescan succeeds. */
  private async secretlint(text: string): Promise<RawFinding[]> {
    try {
      return await scanWithSecretlint(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [
        {
          rule: SCAN_ERROR_RULE,
          category: 'secret',
          severity: 'block',
          explanation: `The secret scan failed (${reason.slice(0, 120)}); edit or regenerate the draft to scan it again.`,
          start: 0,
          end: 0,
          matchStart: 0,
          maskedExcerpt: '',
        },
      ];
    }
  }

  /** Applies overrides, then lowers a merely reported mention by one level. */
  private settle(raw: RawFinding): Settled {
    let severity = this.resolve(raw.rule, raw.category, raw.severity);
    let explanation = raw.explanation;
    if (raw.narrative) {
      severity = lowerSeverity(severity);
      explanation = `${explanation} (Reported or warned against here, not advised: one level lower.)`;
    }
    const settled: Settled = {
      rule: raw.rule,
      category: raw.category,
      severity,
      explanation,
      start: raw.start,
      end: raw.end,
    };
    if (raw.maskedExcerpt !== undefined) settled.maskedExcerpt = raw.maskedExcerpt;
    return settled;
  }
}

type Settled = Omit<Finding, 'excerpt'> & { maskedExcerpt?: string };

function excerptOf(
  text: string,
  finding: Pick<Finding, 'start' | 'end'>,
  secrets: readonly Finding[],
): string {
  const slice = redactSlice(text, finding.start, finding.end, secrets).replace(/\s+/g, ' ').trim();
  return slice.length > EXCERPT_MAX ? `${slice.slice(0, EXCERPT_MAX - 1)}…` : slice;
}
