/**
 * What the scanners read: the draft with its disguises taken off. NFKC (fullwidth `ｘｏｘｂ` → `xoxb`), zero-width and
 * bidi characters removed, Cyrillic/Greek look-alikes folded to Latin, typographic quotes and dashes made plain,
 * obvious percent-encoding decoded; and, as extra views, what base64 blobs hold (a Kubernetes Secret's `data:`).
 * Every view maps its positions back to the text the reviewer sees, so findings point at the visible excerpt.
 */

export interface ScanView {
  /** The text the rules scan. */
  text: string;
  /** The range in the original text that `text[start, end)` came from. */
  toOriginal(start: number, end: number): [number, number];
  /** True for the content of a decoded base64 blob. */
  decoded: boolean;
}

// Soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Mongolian vowel separator, zero-width
// space/joiners, LRM/RLM, bidi embeddings/overrides/isolates, word joiner and invisible operators, variation
// selectors, BOM.
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];
const isInvisible = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0xad && INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
};
const NEEDS_WORK = /[^\t\n\r -~]|%[0-9A-Fa-f]{2}/;
const PERCENT_RUN = /^(?:%[0-9A-Fa-f]{2})+/;

/** Cyrillic, Greek and other letters that render like Latin ones (the usual homograph set). */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ı: 'i',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  τ: 't',
  υ: 'u',
  κ: 'k',
  ι: 'i',
  ε: 'e',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2212': '-',
  '\u2014': '--',
};

/** Builds the views of one draft: the normalized text, then the decoded content of its base64 blobs. */
export function scanViews(text: string, maxDecoded = 32): ScanView[] {
  const primary = normalizeView(text);
  const views: ScanView[] = [primary];
  addDecodedViews(primary, views, maxDecoded, 2);
  return views;
}

function normalizeView(text: string): ScanView {
  if (!NEEDS_WORK.test(text)) {
    return { text, toOriginal: (start, end) => [start, end], decoded: false };
  }
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (piece: string, from: number, to: number): void => {
    for (const char of piece) {
      if (isInvisible(char)) continue;
      const folded = LOOK_ALIKES[char] ?? char;
      for (const unit of folded) {
        out.push(unit);
        starts.push(from);
        ends.push(to);
      }
    }
  };
  let index = 0;
  while (index < text.length) {
    const code = text.codePointAt(index) ?? 0;
    if (code === 0x25) {
      const run = PERCENT_RUN.exec(text.slice(index, index + 96))?.[0];
      const decoded = run ? decodePercent(run) : undefined;
      if (run && decoded !== undefined) {
        emit(decoded.normalize('NFKC'), index, index + run.length);
        index += run.length;
        continue;
      }
    }
    const width = code > 0xffff ? 2 : 1;
    const char = text.slice(index, index + width);
    emit(code < 0x80 ? char : char.normalize('NFKC'), index, index + width);
    index += width;
  }
  const normalized = out.join('');
  return {
    text: normalized,
    toOriginal: (start, end) => {
      if (normalized.length === 0) return [0, 0];
      const from = starts[Math.min(start, starts.length - 1)] ?? 0;
      const to = end > start ? (ends[Math.min(end - 1, ends.length - 1)] ?? text.length) : from;
      return [from, to];
    },
    decoded: false,
  };
}

/** `%41%42` → `AB`; a run that is not valid UTF-8 or decodes to control characters stays as written. */
function decodePercent(run: string): string | undefined {
  try {
    const decoded = decodeURIComponent(run);
    for (const char of decoded) {
      const code = char.charCodeAt(0);
      if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return undefined;
    }
    return decoded;
  } catch {
    return undefined;
  }
}

const BASE64_BLOB = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;

/** Adds a view for every base64 blob in `view` that decodes to text (and for blobs inside those, `depth` deep). */
function addDecodedViews(view: ScanView, views: ScanView[], max: number, depth: number): void {
  if (depth === 0) return;
  for (const match of view.text.matchAll(BASE64_BLOB)) {
    if (views.length > max) return;
    const blob = match[0];
    // Identifiers, hex digests and words decode to noise; a real blob mixes cases or digits.
    if (blob.length % 4 === 1 || /^[a-z_-]+$|^[A-Z_-]+$|^[0-9a-f]+$/i.test(blob)) continue;
    const decoded = decodeBase64Text(blob);
    if (decoded === undefined) continue;
    const [start, end] = view.toOriginal(match.index, match.index + blob.length);
    const inner: ScanView = { text: decoded, toOriginal: () => [start, end], decoded: true };
    views.push(inner);
    addDecodedViews(inner, views, max, depth - 1);
  }
}

function decodeBase64Text(blob: string): string | undefined {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < 8) return undefined;
  for (const byte of bytes) {
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte < 0x20 || byte > 0x7e) return undefined;
  }
  return bytes.toString('latin1');
}
