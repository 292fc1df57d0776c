/**
 * The pattern rules' prefilter may only skip a regex that cannot match. Checked three ways: the literals worked out
 * for regexes of known shape; every built-in pattern against the public corpus; and every built-in pattern against
 * strings generated from its own syntax tree, set in prose, so that each one matches many times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanViews } from '../../src/core/risk/normalize-text.js';
import {
  compilePrefilter,
  mayMatch,
  type Prefilter,
  requiredLiterals,
  textGrams,
} from '../../src/core/risk/required-literals.js';
import { parseEvalCorpus } from '../../src/core/risk/risk-eval.js';
import { builtInPatternRules } from '../../src/core/risk/risk-reviewer.js';
import { precompile, scanPatternRules } from '../../src/core/risk/scan-patterns.js';
import { RegexSampler, seededRandom } from '../support/regex-sample.js';

const BUILT_IN = builtInPatternRules();
const PATTERNS = BUILT_IN.flatMap((rule) => rule.patterns.map((pattern) => ({ rule: rule.id, pattern })));

function prefilter(pattern: RegExp): Prefilter | undefined {
  const literals = requiredLiterals(pattern);
  return literals && compilePrefilter(literals);
}

/** The invariant: wherever the regex matches, the prefilter lets the text through. */
function assertNeverSkipsAMatch(pattern: RegExp, text: string, label: string): boolean {
  const matches = new RegExp(pattern.source, pattern.flags.replace(/[gyd]/g, '')).test(text);
  if (matches) expect(mayMatch(prefilter(pattern), textGrams(text)), label).toBe(true);
  return matches;
}

describe('requiredLiterals', () => {
  it.each([
    [/\bAKIA[0-9A-Z]{16}\b/, ['akia']],
    [/\b[Gg]rant(?:s|ed)?\b/, ['grant']],
    [/\b(?:chmod|chown)\s+-R\s+777\b/, ['chmod', 'chown']],
    [/colou?r/, ['colo']],
    [/(?:a|b)?xyz/, ['xyz']],
    [/(?:foo|)bar/, ['bar']],
    [/caf\u00e9 latte/, [' latte']],
    [/(?<secret>ghp_[A-Za-z0-9]{36})/, ['ghp_']],
    [/\bpassword\b|\bpasswd\b/i, ['password', 'passwd']],
    [/\brm\s+-rf\b/, ['-rf']],
  ])('%s needs one of %j', (pattern, literals) => {
    expect(requiredLiterals(pattern)).toEqual(literals);
  });

  it.each([/x*/, /\d{4,}/, /(?:foo|)/, /(?:foo)?/, /(a)\1/, /[a-z]+@[a-z]+/, /\u00e9t\u00e9/])(
    '%s has no prefilter and always runs',
    (pattern) => {
      expect(requiredLiterals(pattern)).toBeUndefined();
      expect(mayMatch(prefilter(pattern), textGrams('nothing in common'))).toBe(true);
    },
  );

  it('lets a literal through in any case, and skips a text without it', () => {
    const literals = compilePrefilter(['akia', 'administratoraccess']);
    expect(mayMatch(literals, textGrams('key AKIAY2DG227WGOAOFZOG'))).toBe(true);
    expect(mayMatch(literals, textGrams('attach AdministratorAccess to the role'))).toBe(true);
    expect(mayMatch(literals, textGrams('give the role read access to the bucket'))).toBe(false);
    // A character no literal holds breaks the text: `ak` + `é` + `ia` holds no `akia`.
    expect(mayMatch(literals, textGrams('ak\u00e9ia'))).toBe(false);
  });

  it('folds the two letters a case-insensitive Unicode regex matches to ASCII (long s, Kelvin sign)', () => {
    expect(assertNeverSkipsAMatch(/password/iu, 'the pa\u017f\u017fword is', 'long s')).toBe(true);
    expect(assertNeverSkipsAMatch(/kubectl/iu, '\u212aubectl delete ns', 'Kelvin sign')).toBe(true);
  });
});

describe('the built-in patterns under the prefilter', () => {
  it('all but a few have a prefilter, and a benign text runs few of them', () => {
    const without = PATTERNS.filter(({ pattern }) => requiredLiterals(pattern) === undefined);
    expect(without.length).toBeLessThanOrEqual(PATTERNS.length / 20);
    const prose = textGrams(
      'The build went red because two workers share one temporary directory. Give each worker its own.',
    );
    const run = PATTERNS.filter(({ pattern }) => mayMatch(prefilter(pattern), prose));
    expect(run.length).toBeLessThan(PATTERNS.length / 5);
  });

  it('never skips a pattern that matches a text of the public corpus, or one of its decoded views', () => {
    const corpus = parseEvalCorpus(
      readFileSync(new URL('../fixtures/risk/corpus.jsonl', import.meta.url), 'utf8'),
    );
    let matched = 0;
    for (const item of corpus) {
      for (const view of scanViews(item.text)) {
        for (const { rule, pattern } of PATTERNS)
          if (assertNeverSkipsAMatch(pattern, view.text, `${rule} ${pattern} on ${item.id}`)) matched += 1;
      }
    }
    // The corpus exercises the rules: hundreds of (text, pattern) pairs match.
    expect(matched).toBeGreaterThan(300);
  });

  it('never skips a pattern on strings generated from its own syntax tree, set in prose', () => {
    const random = seededRandom(20261202);
    const words = ['please', 'run', 'then', 'Token:', '\n', 'the', 'config', '(see', 'docs)', '`'];
    const word = () => words[Math.floor(random() * words.length)] ?? '';
    let patternsMatched = 0;
    for (const { rule, pattern } of PATTERNS) {
      const sampler = new RegexSampler(pattern, random);
      let hits = 0;
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const text = `${word()} ${word()} ${sampler.sample()} ${word()}`;
        if (assertNeverSkipsAMatch(pattern, text, `${rule} ${pattern} on ${JSON.stringify(text)}`)) hits += 1;
      }
      if (hits > 0) patternsMatched += 1;
    }
    // Lookarounds and accept-free shapes make some samples miss, but nearly every pattern is exercised.
    expect(patternsMatched).toBeGreaterThanOrEqual(PATTERNS.length * 0.9);
  });

  it('gives the same findings as running every pattern, on the corpus', () => {
    const corpus = parseEvalCorpus(
      readFileSync(new URL('../fixtures/risk/corpus.jsonl', import.meta.url), 'utf8'),
    );
    const rules = precompile(BUILT_IN);
    let findings = 0;
    for (const item of corpus) {
      const withPrefilter = scanPatternRules(item.text, rules);
      const everyPattern = scanPatternRules(item.text, rules, { prefilter: false });
      expect(withPrefilter, item.id).toEqual(everyPattern);
      findings += everyPattern.length;
    }
    expect(findings).toBeGreaterThan(100);
  });
});
