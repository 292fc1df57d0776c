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

/** One pattern of one rule, with everything a scan needs worked out once. */
interface Compiled {
  rule: PatternRule;
  /** With the global and indices flags: re-run from a match's start for its groups' positions. */
  indexed: RegExp;
  /**
   * The same pattern without the indices flag, for finding where matches are: indices make every exec slower
   * (about a quarter of a whole review) although most patterns match nothing.
   */
  search: RegExp;
  /** requiredLiterals, compiled; undefined when the pattern has none and always runs. */
  prefilter: Prefilter | undefined;
}

/** Per rule list, its patterns compiled: one lookup per scan instead of several per pattern. */
const compiledLists = new WeakMap<readonly PatternRule[], readonly Compiled[]>();
function compiledOf(rules: readonly PatternRule[]): readonly Compiled[] {
  let compiled = compiledLists.get(rules);
  if (!compiled) {
    compiled = rules.flatMap((rule) =>
      rule.patterns.map((pattern) => {
        const indexed = iterable(pattern);
        const literals = requiredLiterals(indexed);
        return {
          rule,
          indexed,
          search: new RegExp(indexed.source, indexed.flags.replace('d', '')),
          prefilter: literals ? compilePrefilter(literals) : undefined,
        };
      }),
    );
    compiledLists.set(rules, compiled);
  }
  return compiled;
}

/**
 * The last scanned text's grams, in one buffer refilled for each new text: a review scans the same text for secrets
 * and then for rules, and allocating the 10 KB afresh cost more than computing it. A scan runs synchronously, so
 * the buffer is never refilled under one in progress; `busy` guards against a rule's `accept` scanning (it gets its
 * own buffer).
 */
const lastGrams = { text: undefined as string | undefined, grams: new Uint8Array(GRAM_BYTES), busy: false };

/** The rules with their patterns compiled for scanning (done when the reviewer is built, not per scan). */
export function precompile(rules: readonly PatternRule[]): readonly PatternRule[] {
  const copy = [...rules];
  compiledOf(copy);
  return copy;
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
  for (const { rule, indexed: regex, search, prefilter: needs } of compiledOf(rules)) {
    if (grams && !mayMatch(needs, grams)) continue;
    search.lastIndex = 0;
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
