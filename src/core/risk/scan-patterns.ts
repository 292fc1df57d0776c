/** Runs pattern rules over a text and returns raw findings (before overrides, narrative lowering and masking). */
import { type NarrativeTest, narrativeTest } from './narrative-context.js';
import {
  compilePrefilter,
  GRAM_BYTES,
  mayMatch,
  type Prefilter,
  requiredLiterals,
  type TextGrams,
  textGrams,
} from './required-literals.js';
import type { PatternRule, RawFinding } from './rule.js';

/** Returns a copy of `pattern` with the global and indices flags, so that matches can be iterated with groups. */
export function iterable(pattern: RegExp): RegExp {
  if (pattern.global && pattern.hasIndices) {
    pattern.lastIndex = 0;
    return pattern;
  }
  let flags = pattern.flags;
  if (!flags.includes('g')) flags += 'g';
  if (!flags.includes('d')) flags += 'd';
  return new RegExp(pattern.source, flags);
}

/**
 * The same pattern without the indices flag, for finding where matches are: indices make every exec slower
 * (about a quarter of a whole review) although most patterns match nothing. A match found by it is re-run
 * with indices from its start, which yields the same match with its groups' positions.
 */
const searchers = new WeakMap<RegExp, RegExp>();
function searcher(indexed: RegExp): RegExp {
  let fast = searchers.get(indexed);
  if (!fast) {
    fast = new RegExp(indexed.source, indexed.flags.replace('d', ''));
    searchers.set(indexed, fast);
  }
  fast.lastIndex = 0;
  return fast;
}

/** Each pattern's prefilter (requiredLiterals), worked out once; `null` when it has none and always runs. */
const prefilters = new WeakMap<RegExp, Prefilter | null>();
function prefilterOf(pattern: RegExp): Prefilter | undefined {
  let prefilter = prefilters.get(pattern);
  if (prefilter === undefined) {
    const literals = requiredLiterals(pattern);
    prefilter = literals ? compilePrefilter(literals) : null;
    prefilters.set(pattern, prefilter);
  }
  return prefilter ?? undefined;
}

/**
 * The last scanned text's grams, in one buffer refilled for each new text: a review scans the same text for secrets
 * and then for rules, and allocating the 10 KB afresh cost more than computing it. A scan runs synchronously, so
 * the buffer is never refilled under one in progress; `busy` guards against a rule's `accept` scanning (it gets its
 * own buffer).
 */
const lastGrams = { text: undefined as string | undefined, grams: new Uint8Array(GRAM_BYTES), busy: false };

/** The rules with their patterns compiled once for iteration (done when the reviewer is built, not per scan). */
export function precompile(rules: readonly PatternRule[]): PatternRule[] {
  return rules.map((rule) => ({
    ...rule,
    patterns: rule.patterns.map((pattern) => {
      const compiled = iterable(pattern);
      prefilterOf(compiled);
      return compiled;
    }),
  }));
}

/**
 * Every match of every rule's patterns in `text`. A pattern whose prefilter says the text holds none of its literals
 * is not run (`prefilter: false` runs them all, to compare).
 */
export function scanPatternRules(
  text: string,
  rules: readonly PatternRule[],
  options: { prefilter?: boolean } = {},
): RawFinding[] {
  if (options.prefilter === false || lastGrams.busy) return scan(text, rules, options.prefilter !== false);
  lastGrams.busy = true;
  try {
    if (lastGrams.text !== text) {
      lastGrams.text = undefined;
      textGrams(text, lastGrams.grams);
      lastGrams.text = text;
    }
    return scan(text, rules, true, lastGrams.grams);
  } finally {
    lastGrams.busy = false;
  }
}

function scan(
  text: string,
  rules: readonly PatternRule[],
  prefilter: boolean,
  known?: TextGrams,
): RawFinding[] {
  const findings: RawFinding[] = [];
  let narrative: NarrativeTest | undefined;
  const grams = prefilter ? (known ?? textGrams(text)) : undefined;
  for (const rule of rules) {
    for (const pattern of rule.patterns) {
      const regex = iterable(pattern);
      if (grams && !mayMatch(prefilterOf(regex), grams)) continue;
      const search = searcher(regex);
      for (let found = search.exec(text); found !== null; found = search.exec(text)) {
        if (found[0].length === 0) {
          search.lastIndex += 1;
          continue;
        }
        regex.lastIndex = found.index;
        const match = regex.exec(text);
        if (match === null) continue;
        if (
          rule.accept &&
          !rule.accept(match[0], { text, start: match.index, end: match.index + match[0].length })
        )
          continue;
        const whole = match.indices?.[0];
        const secret = match.indices?.groups?.secret;
        const [start, end] = secret ?? whole ?? [match.index, match.index + match[0].length];
        const finding: RawFinding = {
          rule: rule.id,
          category: rule.category,
          severity: rule.severity,
          explanation: rule.explanation,
          start,
          end,
          matchStart: match.index,
        };
        if (rule.category === 'secret')
          finding.maskedExcerpt = maskedExcerpt(text, match.index, start, end, rule);
        if (rule.narrative) {
          narrative ??= narrativeTest(text);
          if (narrative(match.index, match.index + match[0].length)) finding.narrative = true;
        }
        findings.push(finding);
      }
    }
  }
  return findings;
}

/** `password = [redacted]`, `xoxb-…[redacted]`: the key name and a known prefix stay, the secret goes. */
function maskedExcerpt(
  text: string,
  matchStart: number,
  start: number,
  end: number,
  rule: PatternRule,
): string {
  const lead = text.slice(matchStart, start).replace(/\s+/g, ' ');
  const prefix = rule.visiblePrefix?.exec(text.slice(start, end))?.[0] ?? '';
  return `${lead}${prefix}…[redacted]`;
}
