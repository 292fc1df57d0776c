/**
 * The risk review: every draft and every edit is scanned before its review card is shown. Built-in rule families
 * live in their own files; this composes them with the operator's custom rules and severity overrides.
 */

import type { Finding } from '../draft.js';
import type { RiskReviewer } from '../ports.js';
import type { RiskSettings } from '../settings.js';
import { ACCESS_RULES } from './access-rules.js';
import { compileCustomRules } from './custom-rules.js';
import { DATA_EXPOSURE_RULES } from './data-exposure-rules.js';
import { dedupeFindings, dedupeSameExcerpt, limitPerRule } from './dedupe-findings.js';
import { DESTRUCTIVE_RULES } from './destructive-rules.js';
import { DISABLED_CONTROL_RULES } from './disabled-control-rules.js';
import {
  DISGUISED_LINK_RULE,
  LINK_TRICK_RULE,
  scanDisguisedLinks,
  scanLinkTricks,
} from './disguised-links.js';
import { MASS_MENTION_RULES } from './mass-mention-rules.js';
import { type ScanView, scanViews } from './normalize-text.js';
import { scanPersonalData } from './personal-data.js';
import { PUBLIC_ACCESS_RULES } from './public-access-rules.js';
import { redactSlice } from './redact-secrets.js';
import { lowerSeverity, type PatternRule, type RawFinding } from './rule.js';
import { ScanMemo } from './scan-memo.js';
import { precompile, scanPatternRules } from './scan-patterns.js';
import { LEFTOVER_RULE, SCAN_ERROR_RULE, scanLeftoverRedactions, scanSecrets } from './scan-secrets.js';
import { CREDENTIAL_RULES, SECRET_RULES } from './secret-rules.js';
import { secretlintRuleIds } from './secretlint-scan.js';
import { type RuleInfo, type SeverityResolver, severityResolver } from './severity-overrides.js';

const EXCERPT_MAX = 160;
const MAX_PER_RULE = 20;
const ALL_SECRET_RULES: readonly PatternRule[] = [...SECRET_RULES, ...CREDENTIAL_RULES];
const BUILT_IN_PATTERN_RULES: readonly PatternRule[] = [
  ...ACCESS_RULES,
  ...PUBLIC_ACCESS_RULES,
  ...DISABLED_CONTROL_RULES,
  ...DESTRUCTIVE_RULES,
  ...DATA_EXPOSURE_RULES,
  ...MASS_MENTION_RULES,
];

/** Every built-in pattern rule, secrets first: what the reviewer scans with (custom rules come on top). */
export function builtInPatternRules(): readonly PatternRule[] {
  return [...ALL_SECRET_RULES, ...BUILT_IN_PATTERN_RULES];
}

/** Every built-in rule with its default severity (for `check-text`, docs, and override validation). */
export function builtInRules(): RuleInfo[] {
  return [
    ...builtInPatternRules().map(({ id, category, severity }) => ({
      id,
      category,
      severity,
    })),
    ...secretlintRuleIds().map((id) => ({ id, category: 'secret' as const, severity: 'block' as const })),
    { id: SCAN_ERROR_RULE, category: 'secret', severity: 'block' },
    { id: LEFTOVER_RULE, category: 'secret', severity: 'confirm' },
    { id: DISGUISED_LINK_RULE, category: 'disguised_link', severity: 'confirm' },
    { id: LINK_TRICK_RULE, category: 'disguised_link', severity: 'confirm' },
    { id: 'data.personal-data', category: 'data_exposure', severity: 'confirm' },
  ];
}

/** Throws, naming the config key, when a custom rule or an override is invalid. */
export function createRiskReviewer(config: RiskSettings): RiskReviewer {
  const builtIns = builtInRules();
  const custom = compileCustomRules(config.rules, new Set(builtIns.map((rule) => rule.id)));
  const resolve = severityResolver(config.severity_overrides, [...builtIns, ...custom]);
  return new PatternRiskReviewer(
    precompile(ALL_SECRET_RULES),
    precompile([...BUILT_IN_PATTERN_RULES, ...custom]),
    resolve,
  );
}

class PatternRiskReviewer implements RiskReviewer {
  /** Secret findings of recent texts: a flow asks for the same texts again when its audit events are redacted (the
   * question, the drafted text, the published text), and the scan is a pure function of the text. */
  readonly #recentSecrets = new ScanMemo<Finding[]>();

  constructor(
    private readonly secretRules: readonly PatternRule[],
    private readonly rules: readonly PatternRule[],
    private readonly resolve: SeverityResolver,
  ) {}

  async review(text: string): Promise<Finding[]> {
    const views = scanViews(text);
    const primary = views[0] as ScanView;
    const secrets = [
      ...(await this.#secretsOf(text, views)),
      ...this.settleSecrets(scanLeftoverRedactions(text)),
    ];
    const settled = [
      ...scanPatternRules(primary.text, this.rules).map((raw) => mapped(raw, primary)),
      ...scanPersonalData(primary.text).map((raw) => mapped(raw, primary)),
      ...scanDisguisedLinks(text),
      ...scanLinkTricks(text),
    ].map((raw) => this.settle(raw));
    const others: Finding[] = limitPerRule(dedupeFindings(settled), MAX_PER_RULE).map(
      ({ maskedExcerpt: _unused, ...finding }) => ({
        ...finding,
        excerpt: excerptOf(text, finding, secrets),
      }),
    );
    return dedupeSameExcerpt(dedupeFindings([...secrets, ...others]));
  }

  /** The secret findings alone: what the audit log's free texts are redacted with. */
  async secrets(text: string): Promise<Finding[]> {
    return this.#secretsOf(text);
  }

  /** The secret scan of `text`, remembered for the next few texts; callers get their own copies. */
  async #secretsOf(text: string, views?: readonly ScanView[]): Promise<Finding[]> {
    const found = this.#recentSecrets.get(
      text,
      () => this.scanSecretViews(views ?? scanViews(text)),
      // A failed secretlint run is reported as a blocking finding; the next scan of the text tries again.
      (findings) => !findings.some((finding) => finding.rule === SCAN_ERROR_RULE),
    );
    return (await found).map((finding) => ({ ...finding }));
  }

  private async scanSecretViews(views: readonly ScanView[]): Promise<Finding[]> {
    return this.settleSecrets(await scanSecrets(views, this.secretRules));
  }

  private settleSecrets(raw: readonly RawFinding[]): Finding[] {
    return dedupeFindings(raw.map((finding) => this.settle(finding))).map(
      ({ maskedExcerpt, ...finding }) => ({
        ...finding,
        excerpt: maskedExcerpt ?? '[redacted]',
      }),
    );
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

/** A finding in the normalized view, moved to the range of the text the reviewer sees. */
function mapped(raw: RawFinding, view: ScanView): RawFinding {
  const [start, end] = view.toOriginal(raw.start, raw.end);
  return { ...raw, start, end, matchStart: start };
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
