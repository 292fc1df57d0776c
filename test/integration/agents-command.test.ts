/** The command agent with a real child process (a small Node script): success and every failure it must type. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnvironment } from '../../src/agents/child-env.js';
import { CommandAgent, type CommandAgentOptions } from '../../src/agents/command-agent.js';
import type { AgentRequest } from '../../src/core/ports.js';

const SCRIPT = fileURLToPath(new URL('../support/agent-command-fixture.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'draftgate-agent-'));
const request: AgentRequest = {
  draftId: 'd42',
  question: 'How do I read the payments logs?',
  context: 'bob: the API returns 502 since noon',
  requester: 'U999',
  target: { platform: 'discord', workspace: 'G1', channel: 'C7' },
};

const agent = (
  mode: string,
  overrides: Partial<CommandAgentOptions> = {},
  extraArgs: string[] = [],
): CommandAgent =>
  new CommandAgent({
    argv: [process.execPath, SCRIPT, mode, ...extraArgs],
    env: childEnvironment({ PATH: process.env.PATH }),
    timeoutMs: 10_000,
    killGraceMs: 100,
    ...overrides,
  });
const never = (): AbortSignal => new AbortController().signal;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('CommandAgent', () => {
  it('sends the request as JSON on stdin and returns stdout', async () => {
    const result = await agent('echo').draft(request, never());
    expect(result).toEqual({
      ok: true,
      text: [
        'Answer to: How do I read the payments logs?',
        'Requester: U999',
        'Draft: d42',
        'Context: bob: the API returns 502 since noon',
      ].join('\n'),
    });
  });

  it('passes the previous draft and the feedback of a regenerate', async () => {
    const result = await agent('echo').draft(
      { ...request, previous: { text: 'first try', feedback: 'shorter' } },
      never(),
    );
    expect(result.ok && result.text).toContain('Previous: first try\nFeedback: shorter');
  });

  it('uses the text field of a JSON object on stdout', async () => {
    expect(await agent('json').draft(request, never())).toEqual({
      ok: true,
      text: 'JSON answer to: How do I read the payments logs?',
    });
  });

  it("withholds draftgate's credentials from the child's environment", async () => {
    const env = childEnvironment({
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-not-for-agents',
      REDIS_URL: 'redis://:pw@localhost:6379',
      AGENT_SETTING: 'kept',
    });
    const result = await agent('env', { env }).draft(request, never());
    expect(result).toEqual({ ok: true, text: 'slack=absent redis=absent custom=kept' });
  });

  it('times out, ignores partial output, and kills a program that ignores SIGTERM', async () => {
    const pidFile = join(dir, 'hang.pid');
    // Long enough for node to start and install its SIGTERM handler even on a busy machine.
    const result = await agent('hang', { timeoutMs: 1_500 }, [pidFile]).draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
    const pid = readPid(pidFile);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 5_000, interval: 50 }).toBe(false);
  });

  it('reports a non-zero exit with the tail of stderr', async () => {
    const result = await agent('fail').draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'exit' });
    if (result.ok) return;
    expect(result.reason).toContain('exited with code 3');
    expect(result.reason).toContain('TAIL-MARKER: model quota exceeded');
    expect(result.reason).not.toContain('HEAD-MARKER');
    expect(result.reason.length).toBeLessThan(700);
  });

  it('reports empty output', async () => {
    expect(await agent('empty').draft(request, never())).toMatchObject({ ok: false, code: 'empty' });
  });

  it('reports malformed JSON and a JSON object without text', async () => {
    const malformed = await agent('malformed').draft(request, never());
    expect(malformed).toMatchObject({ ok: false, code: 'bad_output' });
    expect(malformed.ok ? '' : malformed.reason).toContain('malformed JSON');
    expect(await agent('no-text').draft(request, never())).toMatchObject({ ok: false, code: 'bad_output' });
  });

  it('fails on output larger than the cap', async () => {
    const result = await agent('huge', { maxOutputBytes: 256 * 1024 }).draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'bad_output' });
    expect(result.ok ? '' : result.reason).toContain('more than 262144 bytes');
  });

  it('copes with a program that does not read its stdin', async () => {
    expect(await agent('ignore-stdin').draft(request, never())).toEqual({
      ok: true,
      text: 'answered without reading the request',
    });
  });

  it('reports a program that cannot be started', async () => {
    const missing = new CommandAgent({
      argv: [join(dir, 'no-such-agent')],
      env: {},
      timeoutMs: 5_000,
    });
    const result = await missing.draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'spawn' });
    expect(result.ok ? '' : result.reason).toContain('agent.command.argv');
  });

  it('reports a shutdown as aborted and stops the program', async () => {
    const pidFile = join(dir, 'abort.pid');
    const shutdown = new AbortController();
    const pending = agent('hang', {}, [pidFile]).draft(request, shutdown.signal);
    await expect.poll(() => readPid(pidFile), { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    shutdown.abort();
    expect(await pending).toMatchObject({ ok: false, code: 'aborted' });
    await expect.poll(() => isAlive(readPid(pidFile)), { timeout: 5_000, interval: 50 }).toBe(false);
  });
});

function readPid(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
