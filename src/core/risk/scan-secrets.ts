/**
 * The secret scan over every view of a draft (normalized text, decoded base64 blobs): secretlint's recommended
 * preset plus our gitleaks-derived rules, placeholders and published samples dropped, positions mapped back to the
 * text the reviewer sees. A failing secretlint blocks the draft rather than letting it through unscanned.
 */
import { lineAt } from './match-context.js';
import type { ScanView } from './normalize-text.js';
import type { PatternRule, RawFinding } from './rule.js';
import { scanPatternRules } from './scan-patterns.js';
import { isPlaceholderSecret } from './secret-placeholders.js';
import { scanWithSecretlint } from './secretlint-scan.js';

export const SCAN_ERROR_RULE = 'secret.scan-error';
export const LEFTOVER_RULE = 'secret.redaction-left-in';

const LEFTOVER = /\[REDACTED(?::[\w.-]{1,80})?\]/g;

export async function scanSecrets(
  views: readonly ScanView[],
  rules: readonly PatternRule[],
): Promise<RawFinding[]> {
  const found: RawFinding[] = [];
  for (const view of views) {
    const raw = [...scanPatternRules(view.text, rules), ...(await secretlintOrBlock(view.text))];
    for (const finding of raw) {
      if (finding.rule !== SCAN_ERROR_RULE) {
        const value = view.text.slice(finding.start, finding.end);
        if (isPlaceholderSecret(value, lineAt(view.text, finding.matchStart))) continue;
      }
      found.push(toOriginal(finding, view));
    }
  }
  return found;
}

/** `[REDACTED:…]` left in an edited draft: publishing the placeholder is a mistake too. */
export function scanLeftoverRedactions(text: string): RawFinding[] {
  return [...text.matchAll(LEFTOVER)].map((match) => ({
    rule: LEFTOVER_RULE,
    category: 'secret' as const,
    severity: 'confirm' as const,
    explanation:
      'A redaction placeholder is still in the text: put the intended value (not a secret) or remove it.',
    start: match.index,
    end: match.index + match[0].length,
    matchStart: match.index,
    maskedExcerpt: match[0],
  }));
}

function toOriginal(finding: RawFinding, view: ScanView): RawFinding {
  if (finding.rule === SCAN_ERROR_RULE) return finding;
  const [start, end] = view.toOriginal(finding.start, finding.end);
  const [matchStart] = view.toOriginal(finding.matchStart, finding.matchStart + 1);
  const mapped: RawFinding = { ...finding, start, end, matchStart: Math.min(matchStart, start) };
  if (view.decoded) {
    mapped.explanation = `${finding.explanation} (Found inside a base64-encoded value.)`;
    mapped.maskedExcerpt = 'base64 value …[redacted]';
  }
  return mapped;
}

async function secretlintOrBlock(text: string): Promise<RawFinding[]> {
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
