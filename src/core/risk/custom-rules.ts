/** Operator-defined rules from `risk.rules`, compiled once at start-up. A bad regex stops start-up, naming the rule. */
import type { RiskSettings } from '../settings.js';
import type { PatternRule } from './rule.js';

export function compileCustomRules(
  rules: RiskSettings['rules'],
  builtInIds: ReadonlySet<string>,
): PatternRule[] {
  const seen = new Set<string>();
  return rules.map((rule, index) => {
    const where = `risk.rules[${index}] (id "${rule.id}")`;
    if (builtInIds.has(rule.id)) {
      throw new Error(
        `${where}: "${rule.id}" is a built-in rule id. Pick another id, or change the built-in rule's severity with risk.severity_overrides.`,
      );
    }
    if (seen.has(rule.id))
      throw new Error(`${where}: the id "${rule.id}" is used twice; give each rule its own id.`);
    seen.add(rule.id);
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.pattern, rule.flags);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${where}: the pattern is not a valid JavaScript regular expression (${reason}). Fix risk.rules[${index}].pattern.`,
      );
    }
    if (pattern.test('')) {
      throw new Error(
        `${where}: the pattern matches the empty string, so it would flag every draft. Make it match something.`,
      );
    }
    return {
      id: rule.id,
      category: 'custom' as const,
      severity: rule.severity,
      explanation: rule.explanation,
      patterns: [pattern],
    };
  });
}
