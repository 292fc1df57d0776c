/** Runs secretlint 11 with the rules of its recommended preset over a draft and maps its messages to raw findings. */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { RawFinding } from './rule.js';

// secretlint 11 profiles every lint through a process-wide profiler: ~60 performance marks per scan, kept forever
// (in Node's timeline and in the profiler's own list, which it searches end to end on every new mark). In a
// long-running process that is unbounded memory and a scan that gets slower with every scan before it (measured:
// ~50 ms per 1 KB scan after 1,000 scans, ~100 ms after 2,000; `npm run bench` checks it stays flat). draftgate
// never reads the profile, so its marks are dropped.
secretLintProfiler.mark = () => {};

const RULE_PREFIX = '@secretlint/secretlint-rule-';
// An agent must not be able to switch the scan off with a `secretlint-disable` comment in its own draft. secretlint 11
// ignores `disabled` for a rule inside a preset, so the preset's rules are registered one by one, without this one.
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
const SCANNERS = presetRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS);

/** `secret.<name>` for every rule in the preset (e.g. `secret.aws`, `secret.github`). */
export function secretlintRuleIds(): string[] {
  return SCANNERS.map((rule) => toRuleId(rule.meta.id));
}

export async function scanWithSecretlint(text: string): Promise<RawFinding[]> {
  const result = await lintSource({
    source: { content: text, filePath: 'draft.txt', ext: '.txt', contentType: 'text' },
    options: {
      config: { rules: SCANNERS.map((rule) => ({ id: rule.meta.id, rule })) },
      maskSecrets: true,
      noPhysicFilePath: true,
    },
  });
  return result.messages.map((message) => {
    const [start, end] = message.range;
    const rule = toRuleId(message.ruleId);
    // A few leading characters help the reviewer find it; they are not enough to use the secret.
    const shown = end - start >= 24 ? text.slice(start, start + 4) : '';
    return {
      rule,
      category: 'secret' as const,
      severity: 'block' as const,
      explanation: `A credential (${message.messageId}, found by secretlint): remove it before publishing, and rotate it if it is real.`,
      start,
      end,
      matchStart: start,
      maskedExcerpt: `${shown}…[redacted]`,
    };
  });
}

function toRuleId(secretlintId: string): string {
  return `secret.${secretlintId.startsWith(RULE_PREFIX) ? secretlintId.slice(RULE_PREFIX.length) : secretlintId}`;
}
