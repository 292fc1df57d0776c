import { describe, expect, it } from 'vitest';
import { escapedLength, escapeSlackText } from '../../adapters/slack/escape-text.js';
import { splitForBlocks } from '../../adapters/slack/split-text.js';

describe('splitting a draft for Block Kit sections', () => {
  it('keeps a short text whole', () => {
    expect(splitForBlocks('short', 3000)).toEqual(['short']);
    expect(splitForBlocks('', 3000)).toEqual([]);
  });

  it('gives back the exact text, every piece within the limit once escaped', () => {
    const text = `${'a & b <c> '.repeat(700)}\n\n${'word '.repeat(900)}${'z'.repeat(5000)}`;
    const pieces = splitForBlocks(text, 3000);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(escapedLength(piece)).toBeLessThanOrEqual(3000);
    for (const piece of pieces) expect(escapeSlackText(piece).length).toBe(escapedLength(piece));
  });

  it('prefers paragraph and line boundaries', () => {
    const paragraph = `${'x'.repeat(2500)}\n\n`;
    const pieces = splitForBlocks(paragraph + 'y'.repeat(1000), 3000);
    expect(pieces[0]).toBe(paragraph);
  });

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(2000);
    const pieces = splitForBlocks(text, 3001);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.length % 2).toBe(0);
  });
});
