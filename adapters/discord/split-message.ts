/**
 * Splits text into ordered parts of at most `limit` characters, preferring paragraph breaks, then line breaks,
 * then sentence ends, then spaces. Only a single word longer than the limit is cut mid-word. Nothing is dropped:
 * joining the parts with the separators they were split on gives the text back (modulo the whitespace at the cuts).
 */

export function splitMessage(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('splitMessage: limit must be at least 1');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    parts.push(head.length > 0 ? head : rest.slice(0, limit));
    rest = (head.length > 0 ? rest.slice(cut) : rest.slice(limit)).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** The index to cut at: the end of the last good boundary within `limit`, never in the first quarter. */
function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  const floor = Math.floor(limit / 4);
  const boundaries: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…][)"'»\]]*\s/g, /[;:,]\s/g, /\s/g];
  for (const pattern of boundaries) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + match[0].length;
      // The boundary's trailing whitespace may sit just past the limit; the text before it must fit.
      const contentEnd = match.index + match[0].trimEnd().length;
      if (contentEnd <= limit && contentEnd > floor) best = Math.max(best, Math.min(end, limit));
    }
    if (best > 0) return best;
  }
  return limit;
}
