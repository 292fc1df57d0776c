/**
 * A prefilter for pattern rules, in the manner of RE2's and Hyperscan's: from a regex's syntax tree, a few literal
 * strings of which every match must contain at least one. A text that holds none of them (compared in lower case)
 * cannot match, so the regex is not run on it. Most of the ~270 built-in patterns name words that ordinary prose
 * never holds (`AdministratorAccess`, `atlasv1`, `chmod`), and running them was the biggest single cost of a review.
 *
 * The answer only ever skips a regex that cannot match: when the tree holds anything this does not understand, or
 * no literal is long enough to be worth looking for, the pattern has no prefilter and always runs.
 */
import { type AST, parseRegExpLiteral } from '@eslint-community/regexpp';

/** A one-character literal (`_`, `.`) passes on almost any text: not worth a lookup. */
const MIN_LITERAL = 2;
/** More alternatives than this cost more to look up than the regex costs to run. */
const MAX_LITERALS = 24;

/** Any literal of a set must occur; `undefined` means nothing is known (the element can match without a literal). */
type Required = readonly string[] | undefined;

/**
 * The literals (lower case, ASCII) of which every match of `pattern` contains one, or `undefined` when the pattern
 * must always run. compilePrefilter turns them into what mayMatch checks against a text's textGrams.
 */
export function requiredLiterals(pattern: RegExp): readonly string[] | undefined {
  let tree: AST.RegExpLiteral;
  try {
    tree = parseRegExpLiteral(pattern);
  } catch {
    return undefined;
  }
  const found = ofAlternatives(tree.pattern.alternatives);
  if (!found || found.length === 0 || found.length > MAX_LITERALS) return undefined;
  if (found.some((literal) => literal.length < MIN_LITERAL)) return undefined;
  return found;
}

/**
 * What the prefilter knows of a text: which pairs and (hashed) triples of adjacent characters it holds, in lower
 * case. A literal can only occur where all of its pairs or triples occur, so a literal with one missing is absent;
 * the converse may fail (a false "maybe"), which only means that the regex runs. Built in one pass, ~1 µs per KB,
 * where looking for each of ~1,400 literals with `includes` would read the text 1,400 times.
 */
export type TextGrams = Uint8Array;

const PAIRS = 128 * 128;
const TRIPLE_BITS = 1 << 16;

/** A pattern's literals as the bits each needs set in TextGrams. */
export type Prefilter = readonly Int32Array[];

/** The size of a TextGrams, for callers that keep one to refill (textGrams' `into`). */
export const GRAM_BYTES = (PAIRS + TRIPLE_BITS) / 8;

export function textGrams(text: string, into?: Uint8Array): TextGrams {
  const bits = into ? into.fill(0) : new Uint8Array(GRAM_BYTES);
  // `window` holds the last three folded characters, 7 bits each; `run` how many of them are valid (0 to 3).
  let window = 0;
  let run = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = foldChar(text.charCodeAt(index));
    if (char < 0) {
      run = 0;
      continue;
    }
    window = ((window << 7) | char) & 0x1fffff;
    run = run < 3 ? run + 1 : 3;
    if (run >= 2) {
      const pair = window & 0x3fff;
      bits[pair >> 3] = (bits[pair >> 3] as number) | (1 << (pair & 7));
      if (run === 3) {
        const triple = tripleSlot(window);
        bits[triple >> 3] = (bits[triple >> 3] as number) | (1 << (triple & 7));
      }
    }
  }
  return bits;
}

/** The bits of each literal (at least two characters each, as requiredLiterals returns them). */
export function compilePrefilter(literals: readonly string[]): Prefilter {
  return literals.map((literal) => {
    const codes = [...literal].map((char) => char.charCodeAt(0));
    if (codes.length === 2) return Int32Array.of(pairBit(codes[0] ?? 0, codes[1] ?? 0));
    const needed: number[] = [];
    for (let index = 2; index < codes.length; index += 1)
      needed.push(tripleBit(codes[index - 2] ?? 0, codes[index - 1] ?? 0, codes[index] ?? 0));
    return Int32Array.from(needed);
  });
}

/** False only when the text holds none of the literals; always true without a prefilter. */
export function mayMatch(prefilter: Prefilter | undefined, grams: TextGrams): boolean {
  if (prefilter === undefined) return true;
  for (const needed of prefilter) {
    let all = true;
    for (const bit of needed) {
      if (((grams[bit >> 3] ?? 0) & (1 << (bit & 7))) === 0) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/**
 * A text character as a literal's character would compare with it: ASCII in lower case, and the two non-ASCII
 * letters that a case-insensitive Unicode regex matches to ASCII ones (U+017F long s, U+212A Kelvin sign). Any other
 * character is -1: no literal holds it, so no literal spans it.
 */
function foldChar(code: number): number {
  if (code < 0x80) return code >= 65 && code <= 90 ? code + 32 : code;
  if (code === 0x17f) return 115;
  if (code === 0x212a) return 107;
  return -1;
}

function pairBit(a: number, b: number): number {
  return (a << 7) | b;
}

function tripleBit(a: number, b: number, c: number): number {
  return tripleSlot((a << 14) | (b << 7) | c);
}

/** Three 7-bit characters, packed, hashed into the triples' part of the bits. */
function tripleSlot(packed: number): number {
  return PAIRS + ((packed ^ (packed >>> 16)) & (TRIPLE_BITS - 1));
}

/** A disjunction: a match matches one alternative, so it contains a literal of that alternative's set. */
function ofAlternatives(alternatives: readonly AST.Alternative[]): Required {
  const union = new Set<string>();
  for (const alternative of alternatives) {
    const required = ofSequence(alternative.elements);
    if (!required) return undefined;
    for (const literal of required) union.add(literal);
  }
  return [...union];
}

/**
 * A sequence: every element must match, so any one element's set is required. Adjacent single characters are joined
 * into one literal (zero-width assertions between them consume nothing, so they do not break it). Of the sets found,
 * the most selective one wins: the one whose shortest literal is longest.
 */
function ofSequence(elements: readonly AST.Element[]): Required {
  const candidates: (readonly string[])[] = [];
  let run = '';
  const endRun = () => {
    if (run.length > 0) candidates.push([run]);
    run = '';
  };
  for (const element of elements) {
    if (element.type === 'Assertion') continue;
    const char = singleChar(element);
    if (char !== undefined) {
      run += char;
      continue;
    }
    endRun();
    const required = ofElement(element);
    if (required) candidates.push(required);
  }
  endRun();
  return best(candidates);
}

function ofElement(element: AST.QuantifiableElement | AST.Quantifier): Required {
  switch (element.type) {
    case 'Group':
    case 'CapturingGroup':
      return ofAlternatives(element.alternatives);
    case 'Quantifier':
      // `x?`, `x*`, `x{0,n}` can match without x.
      return element.min >= 1 ? ofElement(element.element) : undefined;
    default:
      // Classes, sets (\d, \w, .), back-references, non-ASCII characters: no literal known.
      return undefined;
  }
}

/**
 * The one character (lower case, ASCII) an element always matches when compared in lower case: a plain character, or
 * a class of one letter in both cases (`[Gg]`); `undefined` for anything else.
 */
function singleChar(element: AST.Element): string | undefined {
  if (element.type === 'Character') return asciiLower(element.value);
  if (element.type === 'CharacterClass' && !element.negate && !element.unicodeSets) {
    let only: string | undefined;
    for (const member of element.elements) {
      if (member.type !== 'Character') return undefined;
      const char = asciiLower(member.value);
      if (char === undefined || (only !== undefined && only !== char)) return undefined;
      only = char;
    }
    return only;
  }
  if ((element.type === 'Group' || element.type === 'CapturingGroup') && element.alternatives.length === 1) {
    const [alternative] = element.alternatives;
    const [only] = alternative?.elements ?? [];
    if (alternative?.elements.length === 1 && only) return singleChar(only);
  }
  return undefined;
}

/** Only ASCII characters are used: every text character that can match one folds to it (see foldChar). */
function asciiLower(codePoint: number): string | undefined {
  if (codePoint >= 0x80) return undefined;
  return String.fromCharCode(codePoint).toLowerCase();
}

function best(candidates: readonly (readonly string[])[]): Required {
  let chosen: readonly string[] | undefined;
  let score = -1;
  for (const candidate of candidates) {
    const shortest = Math.min(...candidate.map((literal) => literal.length));
    if (shortest > score || (shortest === score && chosen && candidate.length < chosen.length)) {
      chosen = candidate;
      score = shortest;
    }
  }
  return chosen;
}
