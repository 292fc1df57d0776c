/**
 * Splits a text into pieces whose *escaped* length stays within a limit (Slack's 3000 characters per section),
 * preferring paragraph, then line, then word boundaries. Joining the pieces gives back the text exactly.
 */
import { escapedLength } from './escape-text.js';

export function splitForBlocks(text: string, maxEscaped: number): string[] {
  if (maxEscaped < 8)
    throw new Error('splitForBlocks: the limit must leave room for at least one escaped character');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (escapedLength(rest) <= maxEscaped) {
      pieces.push(rest);
      break;
    }
    const hardEnd = longestPrefixWithin(rest, maxEscaped);
    const cut = preferredCut(rest, hardEnd);
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pieces;
}

/** The largest n such that escaping rest[0, n) fits; never splits a surrogate pair. */
function longestPrefixWithin(rest: string, maxEscaped: number): number {
  let used = 0;
  let index = 0;
  while (index < rest.length) {
    const char = rest[index];
    const cost = char === '&' ? 5 : char === '<' || char === '>' ? 4 : 1;
    if (used + cost > maxEscaped) break;
    used += cost;
    index += 1;
  }
  const code = rest.charCodeAt(index - 1);
  if (index > 1 && code >= 0xd800 && code <= 0xdbff) index -= 1;
  return index;
}

/** Cuts after a blank line, a newline or a space in the last third of the window, else at the hard end. */
function preferredCut(rest: string, hardEnd: number): number {
  const window = rest.slice(0, hardEnd);
  const floor = Math.floor(hardEnd * (2 / 3));
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= floor) return at + separator.length;
  }
  return hardEnd;
}
