/**
 * The optional second opinion (`risk.judge`): a model classifies the draft against the same families, in parallel
 * with the rules. It may add findings or raise a rule's severity; it never lowers or removes one. A timeout or a bad
 * answer adds one visible note ("model review unavailable") and changes nothing else. The port is declared here; the
 * HTTP client lives outside the core.
 */
import type { Finding, RiskCategory, Severity } from '../draft.js';
import type { RiskReviewer } from '../ports.js';
import { SEVERITY_RANK } from './rule.js';

export interface JudgeFinding {
  category: Exclude<RiskCategory, 'custom'>;
  severity: Severity;
  /** The words of the draft the model points at (located in the text to place the finding). */
  excerpt: string;
  explanation: string;
}

export interface RiskJudge {
  /** Resolves with the model's findings; rejects on a timeout, an HTTP error or an answer that fails validation. */
  judge(text: string, signal: AbortSignal): Promise<JudgeFinding[]>;
}

export const JUDGE_UNAVAILABLE_RULE = 'judge.unavailable';

/** Wraps the rule-based reviewer: both run at once; the judge's answer is merged, bounded by `timeoutMs`. */
export function withJudge(rules: RiskReviewer, judge: RiskJudge, timeoutMs: number): RiskReviewer {
  return {
    secrets: (text) => (rules.secrets ? rules.secrets(text) : rules.review(text)),
    async review(text) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
      const verdict = judge.judge(text, controller.signal).then(
        (findings) => ({ ok: true as const, findings }),
        (error: unknown) => ({
          ok: false as const,
          reason: controller.signal.aborted ? `no answer within ${timeoutMs} ms` : describe(error),
        }),
      );
      const timedOut = new Promise<{ ok: false; reason: string }>((resolve) => {
        controller.signal.addEventListener('abort', () =>
          resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }),
        );
      });
      try {
        const [found, answer] = await Promise.all([rules.review(text), Promise.race([verdict, timedOut])]);
        return answer.ok
          ? mergeJudgement(text, found, answer.findings)
          : [...found, unavailable(answer.reason)];
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Adds the judge's findings; raises an overlapping rule finding of the same category; never lowers or removes. */
export function mergeJudgement(
  text: string,
  found: readonly Finding[],
  judged: readonly JudgeFinding[],
): Finding[] {
  const merged = found.map((finding) => ({ ...finding }));
  for (const verdict of judged) {
    const at = verdict.excerpt.trim() === '' ? -1 : text.indexOf(verdict.excerpt.trim());
    const start = Math.max(0, at);
    const end = at === -1 ? 0 : at + verdict.excerpt.trim().length;
    const same = merged.find(
      (finding) =>
        finding.category === verdict.category && (at === -1 || (finding.start < end && start < finding.end)),
    );
    if (same) {
      if (SEVERITY_RANK[verdict.severity] > SEVERITY_RANK[same.severity]) {
        same.severity = verdict.severity;
        same.explanation = `${same.explanation} (Raised to ${verdict.severity} by the model review: ${clip(verdict.explanation)})`;
      }
      continue;
    }
    merged.push({
      rule: `judge.${verdict.category}`,
      category: verdict.category,
      severity: verdict.severity,
      excerpt: verdict.category === 'secret' ? '…[redacted]' : clip(verdict.excerpt),
      explanation: `Model review: ${clip(verdict.explanation)}`,
      // A secret the model points at but that can't be located is still redacted as a whole draft would need
      // editing anyway; a located one is redacted where it is.
      start,
      end,
    });
  }
  return merged;
}

function unavailable(reason: string): Finding {
  return {
    rule: JUDGE_UNAVAILABLE_RULE,
    category: 'custom',
    severity: 'note',
    excerpt: '',
    explanation: `Model review unavailable (${clip(reason)}); the rule-based review is complete.`,
    start: 0,
    end: 0,
  };
}

function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
