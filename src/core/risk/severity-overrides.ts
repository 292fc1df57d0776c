/**
 * `risk.severity_overrides`: a rule id or a category mapped to a severity. A rule id wins over its category.
 * Unknown keys are refused (a typo would silently keep the default), and secrets can only be made stricter.
 */

import type { RiskCategory, Severity } from '../draft.js';
import type { RiskSettings } from '../settings.js';
import { SEVERITY_RANK } from './rule.js';

export const RISK_CATEGORIES: readonly RiskCategory[] = [
  'secret',
  'permission',
  'destructive',
  'data_exposure',
  'mass_mention',
  'disguised_link',
  'custom',
];

export interface RuleInfo {
  id: string;
  category: RiskCategory;
  severity: Severity;
}

export type SeverityResolver = (rule: string, category: RiskCategory, severity: Severity) => Severity;

export function severityResolver(
  overrides: RiskSettings['severity_overrides'],
  rules: readonly RuleInfo[],
): SeverityResolver {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  for (const [key, severity] of Object.entries(overrides)) {
    const where = `risk.severity_overrides.${key}`;
    const rule = byId.get(key);
    const category = RISK_CATEGORIES.find((name) => name === key);
    if (!rule && !category) {
      throw new Error(
        `${where}: no rule or category is called "${key}". Use a category (${RISK_CATEGORIES.join(', ')}) or a rule id: ${[...byId.keys()].join(', ')}.`,
      );
    }
    const affected = rule ? [rule] : rules.filter((r) => r.category === category);
    const weakened = affected.find(
      (r) => r.category === 'secret' && SEVERITY_RANK[severity] < SEVERITY_RANK[r.severity],
    );
    if (weakened) {
      throw new Error(
        `${where}: secrets can only be made stricter (${weakened.id} is "${weakened.severity}" by default). Remove this override; edit the draft to remove a secret instead.`,
      );
    }
  }
  return (rule, category, severity) => overrides[rule] ?? overrides[category] ?? severity;
}
