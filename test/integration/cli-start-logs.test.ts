/**
 * `draftgate start` logs for people and machines: on a terminal, readable lines whose first line says where to
 * open the sandbox; otherwise JSON lines with string levels. The last line ("stopped") is written before exit.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../support/run-cli.js';

async function startInProcess(terminal: boolean) {
  const stdout = new PassThrough();
  if (terminal) Object.assign(stdout, { isTTY: true });
  let out = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const io: CliIo = {
    argv: ['start'],
    env: { PORT: '0' },
    cwd: repoRoot,
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
  };
  const signals: (() => void)[] = [];
  const exited = main(io, (handler) => signals.push(handler));
  const deadline = Date.now() + 30_000;
  while (signals.length === 0) {
    if (Date.now() > deadline) throw new Error(`start never finished starting:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    output: () => out,
    async stop() {
      for (const signal of signals) signal();
      return await exited;
    },
  };
}

describe('draftgate start logs', () => {
  it('on a terminal: the first line is "Open <url>", then readable lines, "stopped" last', async () => {
    const started = await startInProcess(true);
    const code = await started.stop();
    expect(code).toBe(0);
    const lines = started.output().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Open http:\/\/127\.0\.0\.1:\d+$/);
    const text = lines.join('\n');
    expect(text).not.toContain('{"level"');
    expect(text).toMatch(/INFO.*store: memory/);
    expect(lines.at(-1)).toMatch(/INFO.*stopped/);
  });

  it('otherwise: JSON lines with string levels and the URL as a field, "stopped" last', async () => {
    const started = await startInProcess(false);
    const code = await started.stop();
    expect(code).toBe(0);
    const lines = started
      .output()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: unknown; msg: string; url?: string });
    expect(lines.every((l) => typeof l.level === 'string')).toBe(true);
    expect(lines.find((l) => l.url !== undefined)?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
  });
});
