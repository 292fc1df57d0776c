import { describe, expect, it } from 'vitest';
import { ScanMemo } from '../../src/core/risk/scan-memo.js';

/** A scan that counts its runs per text. */
function countingScan() {
  const runs = new Map<string, number>();
  const scan = async (text: string) => {
    runs.set(text, (runs.get(text) ?? 0) + 1);
    return text.length;
  };
  return { runs, scan };
}

describe('ScanMemo', () => {
  it('scans a text once while it is remembered, and answers the same result', async () => {
    const memo = new ScanMemo<number>({ entries: 4, chars: 1_000 });
    const { runs, scan } = countingScan();
    expect(await memo.get('first text', scan)).toBe(10);
    expect(await memo.get('first text', scan)).toBe(10);
    expect(runs.get('first text')).toBe(1);
  });

  it('forgets the least recently used text first when it holds too many', async () => {
    const memo = new ScanMemo<number>({ entries: 2, chars: 1_000 });
    const { runs, scan } = countingScan();
    await memo.get('a', scan);
    await memo.get('b', scan);
    await memo.get('a', scan); // a is now the most recently used
    await memo.get('c', scan); // b goes
    expect(memo.size).toBe(2);
    await memo.get('a', scan);
    await memo.get('b', scan);
    expect(runs.get('a')).toBe(1);
    expect(runs.get('b')).toBe(2);
  });

  it('keeps no more characters than its limit, and never keeps a text longer than it', async () => {
    const memo = new ScanMemo<number>({ entries: 100, chars: 25 });
    const { runs, scan } = countingScan();
    await memo.get('x'.repeat(10), scan);
    await memo.get('y'.repeat(10), scan);
    await memo.get('z'.repeat(10), scan);
    expect(memo.chars).toBeLessThanOrEqual(25);
    expect(memo.size).toBe(2);
    const long = 'w'.repeat(26);
    await memo.get(long, scan);
    await memo.get(long, scan);
    expect(runs.get(long)).toBe(2);
    expect(memo.chars).toBe(20);
  });

  it('forgets a scan that failed, and a result that keep refuses, so the next call scans again', async () => {
    const memo = new ScanMemo<string>({ entries: 10, chars: 1_000 });
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('scanner down');
    };
    await expect(memo.get('text', failing)).rejects.toThrow('scanner down');
    await expect(memo.get('text', failing)).rejects.toThrow('scanner down');
    expect(calls).toBe(2);
    expect(memo.size).toBe(0);

    let scans = 0;
    const reportsError = async () => {
      scans += 1;
      return 'scan-error';
    };
    const keep = (result: string) => result !== 'scan-error';
    expect(await memo.get('other', reportsError, keep)).toBe('scan-error');
    expect(await memo.get('other', reportsError, keep)).toBe('scan-error');
    expect(scans).toBe(2);
    expect(memo.size).toBe(0);
    expect(memo.chars).toBe(0);
  });

  it('shares one scan between callers that ask while it runs', async () => {
    const memo = new ScanMemo<number>({ entries: 10, chars: 1_000 });
    const { runs, scan } = countingScan();
    const [one, two] = await Promise.all([memo.get('same', scan), memo.get('same', scan)]);
    expect([one, two]).toEqual([4, 4]);
    expect(runs.get('same')).toBe(1);
  });

  it('by default remembers a few hundred flows of texts: 300 questions and 300 drafts of 1 KB', async () => {
    const memo = new ScanMemo<number>();
    const { runs, scan } = countingScan();
    const texts = Array.from({ length: 600 }, (_, i) => `${i} ${'x'.repeat(1_000)}`);
    for (const text of texts) await memo.get(text, scan);
    for (const text of texts) await memo.get(text, scan);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });
});
