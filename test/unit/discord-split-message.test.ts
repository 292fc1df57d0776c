import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../adapters/discord/split-message.js';

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('splitMessage', () => {
  it('returns short text as one part', () => {
    expect(splitMessage('Hello there.', 2000)).toEqual(['Hello there.']);
  });

  it('splits on paragraph breaks first', () => {
    const a = 'A'.repeat(60);
    const b = 'B'.repeat(60);
    expect(splitMessage(`${a}\n\n${b}`, 100)).toEqual([a, b]);
  });

  it('falls back to sentence ends when a paragraph is too long', () => {
    const text = `${'First sentence is here. '.repeat(3)}${'Second one follows now! '.repeat(3)}`;
    const parts = splitMessage(text, 80);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(80);
      expect(part).toMatch(/[.!]$/);
    }
    expect(normalize(parts.join(' '))).toBe(normalize(text));
  });

  it('cuts a single word longer than the limit, losing nothing', () => {
    const word = 'x'.repeat(250);
    const parts = splitMessage(word, 100);
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(parts.join('')).toBe(word);
  });

  it('never exceeds the limit and keeps every word in order', () => {
    const words = Array.from(
      { length: 900 },
      (_, i) => `w${i}${i % 17 === 0 ? '.' : ''}${i % 50 === 0 ? '\n\n' : ''}`,
    );
    const text = words.join(' ');
    const parts = splitMessage(text, 333);
    expect(parts.every((p) => p.length <= 333 && p.length > 0)).toBe(true);
    expect(normalize(parts.join(' '))).toBe(normalize(text));
  });
});
