/**
 * The README Quickstart, literally: `npm start` in the checkout with no configuration and no platform, Redis or
 * agent variables. `npm start` builds dist/ when it is missing or stale and runs the compiled JavaScript. The only variable set besides PATH and HOME is PORT (a free port, so that the test does not
 * collide with anything on 3000). It waits for the URL in the log, completes a request → approve flow over the
 * sandbox's HTTP API, then sends SIGTERM to npm (as `kill <pid>` or a process manager would) and expects exit
 * code 0 with no process left behind.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testkit/redis-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LogLine {
  msg?: string;
  [key: string]: unknown;
}

interface StateMessage {
  id: string;
  text: string;
  thread?: string;
  published?: { draftId: string; attribution: string };
}

// The timeout covers a first build of dist/ (tsc) on a busy machine.
describe('README Quickstart: npm start', { timeout: 300_000 }, () => {
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;

  /** Whether any process of the group that `npm start` leads is still alive. */
  const groupAlive = (pid: number): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  afterAll(async () => {
    // Only if the test failed half-way: stop what is left of the process group this test started.
    if (child?.pid !== undefined && groupAlive(child.pid)) {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  });

  it('serves the sandbox with no environment, completes request → approve over HTTP, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env: Record<string, string> = { PORT: String(port) };
    for (const name of ['PATH', 'HOME']) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const started = spawn('npm', ['start'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
    let output = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const lines: LogLine[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        buffer += chunk.toString();
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const text = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          try {
            lines.push(JSON.parse(text) as LogLine);
          } catch {
            // npm's own banner lines are not JSON
          }
          const found = /https?:\/\/[\w.[\]:-]+:\d+/.exec(text);
          if (found) resolve(found[0]);
        }
      });
      started.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)),
      );
    });

    expect(url).toBe(`http://127.0.0.1:${port}`);
    // The server in npm's process group is node running the compiled entry, not TypeScript through tsx.
    const group = execFileSync('ps', ['-eo', 'pgid=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((row) => row.trim().split(/\s+/)[0] === String(started.pid))
      .join('\n');
    expect(group).toMatch(/node [^\n]*dist\/src\/cli\/run\.js start/);
    expect(group).not.toContain('tsx');
    const messages = lines.map((l) => l.msg ?? '');
    expect(messages.some((m) => m.startsWith('store: memory'))).toBe(true);
    expect(messages.some((m) => m.startsWith('agent: demo'))).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('draftgate sandbox');

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const state = async () =>
      (await (await fetch(`${url}/sandbox/api/state?inbox=alice`)).json()) as { messages: StateMessage[] };

    const question = (await state()).messages.find((m) => m.text.includes('feature flag'));
    if (!question) throw new Error('the seeded feature-flag question is missing');

    const requested = await post('/sandbox/api/request', { user: 'alice', message: question.id });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ ok: true, state: 'pending', version: 1 });
    const draftId = requested.body.draftId;
    expect(typeof draftId).toBe('string');
    expect((await state()).messages.filter((m) => m.published)).toEqual([]);

    const approved = await post('/sandbox/api/approve', {
      user: 'alice',
      draftId,
      version: 1,
      confirmed: false,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ ok: true, state: 'published' });

    const reply = (await state()).messages.find((m) => m.published?.draftId === draftId);
    expect(reply?.thread).toBe(question.id);
    expect(reply?.published?.attribution).toBe('AI-drafted · approved by Alice');
    expect(reply?.text).toContain('demo agent');

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('draftgate_drafts_finished_total{state="published"} 1');

    // `kill <pid>`, as a process manager does: npm passes it on, draftgate drains and exits 0.
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Nothing is left behind (no orphaned server still holding the port).
    await expect.poll(() => groupAlive(started.pid ?? 0), { timeout: 10_000 }).toBe(false);
  });
});
