/** The shape of a built-in risk rule: one id, one category, one default severity, one or more patterns. */
import type { Finding, RiskCategory, Severity } from '../draft.js';

export interface PatternRule {
  /** Rule id, `<family>.<name>`; operators override severities by it. */
  id: string;
  category: RiskCategory;
  severity: Severity;
  /** One line a reviewer understands. */
  explanation: string;
  /**
   * Regexes (the scanner adds the `g` and `d` flags). A named group `secret` narrows the finding's range to the
   * secret itself, so that redaction keeps the key name readable (`password = [REDACTED:…]`).
   */
  patterns: readonly RegExp[];
  /**
   * Rejects a match that only looks like the thing (placeholders, too short a body) or that does the opposite of
   * what the rule is about (a revoke, a deny statement, an egress rule, the removed side of a diff).
   */
  accept?: (match: string, context: MatchContext) => boolean;
  /** For secrets: the non-secret start of a match that the masked excerpt may show (`xoxb-`, `eyJ`). */
  visiblePrefix?: RegExp;
  /** A mention in a past-tense or negated sentence is reported one severity lower (incident write-ups). */
  narrative?: boolean;
}

/** Where a match sits: the scanned text and the match's range in it. */
export interface MatchContext {
  text: string;
  start: number;
  end: number;
}

/** A finding before severity overrides and excerpt masking are applied. */
export interface RawFinding extends Omit<Finding, 'excerpt'> {
  /** Start of the whole match, which can begin before the finding's range (a secret's key name). */
  matchStart: number;
  /** The masked form of a secret's excerpt; absent for other categories. */
  maskedExcerpt?: string;
  /** True when the finding sits in a past-tense or negated sentence. */
  narrative?: boolean;
}

export const SEVERITY_RANK: Record<Severity, number> = { note: 0, confirm: 1, block: 2 };

export function lowerSeverity(severity: Severity): Severity {
  return severity === 'block' ? 'confirm' : 'note';
}

type Accept = NonNullable<PatternRule['accept']>;

/**
 * A maker of `confirm` rules about advice in one category, reported one level lower when told as history. `always`
 * must hold for every rule it makes (e.g. not on the removed side of a diff); `byDefault` is the rule's own test,
 * which a rule may replace with its own.
 */
export function confirmRules(
  category: RiskCategory,
  guards: { always?: Accept; byDefault?: Accept } = {},
): (id: string, explanation: string, patterns: readonly RegExp[], accept?: Accept) => PatternRule {
  const { always, byDefault } = guards;
  return (id, explanation, patterns, accept = byDefault) => ({
    id,
    category,
    severity: 'confirm',
    explanation,
    patterns,
    ...(always || accept
      ? {
          accept: (match, context) =>
            (always?.(match, context) ?? true) && (accept?.(match, context) ?? true),
        }
      : {}),
    narrative: true,
  });
}
