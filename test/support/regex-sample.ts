/**
 * Random strings that a regex is likely to match, generated from its syntax tree: one alternative of each
 * disjunction, a repetition count within each quantifier's bounds, a character that the class or escape accepts
 * (found by trying candidates against the element itself). Assertions and back-references generate nothing, so a
 * sample can miss; callers keep the samples the regex really matches.
 */
import { type AST, parseRegExpLiteral } from '@eslint-community/regexpp';

/** A small seeded generator (mulberry32), so that a failing sample can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CANDIDATES = [
  ...Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)),
  '\n',
  '\t',
  'é',
  'ß',
  '\u017f',
  '\u212a',
  '\u00a0',
];

export class RegexSampler {
  readonly #tree: AST.RegExpLiteral;
  readonly #flags: string;
  readonly #accepted = new Map<AST.Node, string[]>();

  constructor(
    regex: RegExp,
    private readonly random: () => number,
  ) {
    this.#tree = parseRegExpLiteral(regex);
    this.#flags = regex.flags.replace(/[gyd]/g, '');
  }

  sample(): string {
    return this.#alternatives(this.#tree.pattern.alternatives);
  }

  #pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)];
  }

  #alternatives(alternatives: readonly AST.Alternative[]): string {
    const alternative = this.#pick(alternatives);
    return alternative ? alternative.elements.map((element) => this.#element(element)).join('') : '';
  }

  #element(element: AST.Element): string {
    switch (element.type) {
      case 'Assertion':
      case 'Backreference':
        return '';
      case 'Group':
      case 'CapturingGroup':
        return this.#alternatives(element.alternatives);
      case 'Quantifier': {
        const spread = Number.isFinite(element.max) ? element.max - element.min : 3;
        const count = element.min + Math.floor(this.random() * (Math.min(spread, 3) + 1));
        return Array.from({ length: count }, () => this.#element(element.element)).join('');
      }
      case 'Character': {
        const char = String.fromCodePoint(element.value);
        return this.#flags.includes('i') && this.random() < 0.3 ? char.toUpperCase() : char;
      }
      default:
        return this.#pick(this.#acceptedBy(element)) ?? '';
    }
  }

  /** The candidate characters that this one element (a class or an escape such as \d, \w, .) matches. */
  #acceptedBy(element: AST.Node): string[] {
    let accepted = this.#accepted.get(element);
    if (!accepted) {
      const alone = new RegExp(`^(?:${element.raw})$`, this.#flags);
      accepted = CANDIDATES.filter((char) => alone.test(char));
      this.#accepted.set(element, accepted);
    }
    return accepted;
  }
}
