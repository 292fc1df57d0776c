/** `draftgate risk eval`: the table, the JSON report, the exit code against --min-recall / --max-fp, bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'draftgate-risk-eval-'));
const corpus = (name: string, items: readonly object[]): string => {
  const file = join(dir, name);
  writeFileSync(file, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  return file;
};

const ITEMS = [
  {
    id: 'r1',
    cat: 'destructive',
    expect: 'confirm',
    text: 'Run `terraform destroy -auto-approve` to start over.',
  },
  { id: 'r2', cat: 'access', expect: 'confirm', text: 'GRANT ALL PRIVILEGES ON *.* TO analyst;' },
  { id: 'r3', cat: 'access', expect: 'confirm', text: 'Maybe look at the permissions page.' },
  { id: 'b1', cat: 'benign_cleanup', expect: 'none', text: 'rm -rf node_modules && npm install' },
  {
    id: 'b2',
    cat: 'benign_prose',
    expect: 'none',
    text: 'Delete the staging namespace with kubectl delete ns staging.',
  },
];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const io: CliIo = { argv, env: {}, cwd: dir, stdin: new PassThrough(), stdout, stderr };
  const code = await main(io, () => {});
  return { code, out, err };
}

describe('draftgate risk eval', () => {
  it('prints recall per risky category, false positives per benign category, then each miss and false alarm', async () => {
    const { code, out } = await run(['risk', 'eval', corpus('mixed.jsonl', ITEMS)]);
    expect(code).toBe(0);
    expect(out).toMatch(/access\s+risky\s+2\s+recall 50\.0% \(1\/2\)/);
    expect(out).toMatch(/destructive\s+risky\s+1\s+recall 100\.0% \(1\/1\)/);
    expect(out).toMatch(/benign_prose\s+benign\s+1\s+false positives 100\.0% \(1\/1\)/);
    expect(out).toMatch(/benign_cleanup\s+benign\s+1\s+false positives 0\.0% \(0\/1\)/);
    expect(out).toContain('r3 [access] expected confirm, got none');
    expect(out).toContain('b2 [benign_prose] got confirm (destructive.kubectl-delete:confirm)');
  });

  it('exits 1 below --min-recall or above --max-fp, and prints JSON with --json', async () => {
    const file = corpus('bars.jsonl', ITEMS);
    const strict = await run(['risk', 'eval', file, '--min-recall', '0.9', '--max-fp', '0.05']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('recall 0.667 is below --min-recall 0.9');
    expect(strict.err).toContain('false-positive rate 0.500 is above --max-fp 0.05');
    const lenient = await run(['risk', 'eval', file, '--json', '--min-recall', '0.6', '--max-fp', '0.5']);
    expect(lenient.code).toBe(0);
    const report = JSON.parse(lenient.out) as { recall: number; misses: { id: string }[] };
    expect(report.recall).toBeCloseTo(2 / 3);
    expect(report.misses.map((miss) => miss.id)).toEqual(['r3']);
  });

  it('names the bad line of a corpus and refuses a threshold that is not a fraction', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(ITEMS[0])}\n{"id":"x","cat":"a","expect":"maybe","text":"t"}\n`);
    const bad = await run(['risk', 'eval', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 2: expect/);
    const usage = await run(['risk', 'eval', file, '--min-recall', '95']);
    expect(usage.code).toBe(64);
    expect(usage.err).toContain('--min-recall takes a fraction between 0 and 1');
  });
});
