/**
 * The `draftgate` command's surface: help and version have no side effects, usage errors exit 64 naming the
 * problem, and operator errors are one line saying what to do.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { repoRoot, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'draftgate-cli-surface-'));
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/** An environment where any side effect fails loudly: config validation (PORT), Redis (nothing listens on port 1). */
const hostile = { PORT: 'abc', REDIS_URL: 'redis://127.0.0.1:1' };

async function runInProcess(argv: string[], options: { env?: Record<string, string>; tty?: boolean } = {}) {
  const stdin = new PassThrough();
  if (options.tty) Object.assign(stdin, { isTTY: true });
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
  let stdinRead = false;
  stdin.on('resume', () => {
    stdinRead = true;
  });
  const io: CliIo = { argv, env: options.env ?? {}, cwd: repoRoot, stdin, stdout, stderr };
  const signals: (() => void)[] = [];
  const pending = main(io, (handler) => signals.push(handler));
  return { pending, stdin, stdout: () => out, stderr: () => err, stdinRead: () => stdinRead, signals };
}

describe('draftgate --help', () => {
  it('prints help and exits 0 for every command, without validating config, reading stdin or touching Redis', async () => {
    const names: string[] = [];
    for (const load of COMMANDS) names.push((await load()).default.name);
    expect(names).toEqual(expect.arrayContaining(['start', 'check-text', 'audit tail', 'slack manifest']));
    for (const name of names) {
      for (const flag of ['--help', '-h']) {
        const run = await runInProcess([...name.split(' '), flag], { env: hostile });
        const code = await run.pending;
        expect({ name, flag, code, stderr: run.stderr() }).toEqual({ name, flag, code: 0, stderr: '' });
        expect(run.stdout()).toContain(`Usage: draftgate ${name}`);
        expect(run.stdinRead()).toBe(false);
      }
    }
  });

  it('`start --help` as a process prints help and exits instead of starting the server', async () => {
    const result = await runCli(['start', '--help'], { env: { PORT: '0' }, timeoutMs: 15_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: draftgate start');
    expect(result.stdout).not.toContain('"level"');
  });

  it('`help <command>` and the group help list the subcommands', async () => {
    const run = await runInProcess(['audit', '--help']);
    expect(await run.pending).toBe(0);
    for (const sub of ['tail', 'show', 'search', 'export', 'verify']) expect(run.stdout()).toContain(sub);
  });
});

describe('draftgate usage errors', () => {
  it('--version prints the package version and exits 0', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('an unknown command names itself, lists the commands and exits 64', async () => {
    const result = await runCli(['bogus']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("draftgate: unknown command 'bogus'");
    expect(result.stderr).toContain('audit tail');
    expect(result.stderr).toContain('check-text');
    const sub = await runInProcess(['audit', 'shwo']);
    expect(await sub.pending).toBe(64);
    expect(sub.stderr()).toContain("unknown command 'shwo' (did you mean show?)");
  });

  it('no command prints the help on stderr and exits 64; an unknown option exits 64 in one line', async () => {
    const none = await runInProcess([]);
    expect(await none.pending).toBe(64);
    expect(none.stderr()).toContain('Usage: draftgate');
    const option = await runInProcess(['slack', 'manifest', '--sokcet']);
    expect(await option.pending).toBe(64);
    expect(option.stderr().trim().split('\n')).toHaveLength(1);
    expect(option.stderr()).toContain("unknown option '--sokcet'");
  });
});

describe('draftgate check-text', () => {
  it('says how to give the text when stdin is a terminal', async () => {
    const run = await runInProcess(['check-text'], { tty: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.stdin.end('kubectl get pods');
    expect(await run.pending).toBe(0);
    expect(run.stderr()).toContain('press Ctrl-D');
    expect(JSON.parse(run.stdout())).toEqual({ findings: [], blocked: false });
  });

  it('prints no hint when the text is piped', async () => {
    const run = await runInProcess(['check-text']);
    run.stdin.end('kubectl get pods');
    expect(await run.pending).toBe(0);
    expect(run.stderr()).toBe('');
  });
});

describe('draftgate discord register --print', () => {
  it('prints the request and sends nothing (the API URL is unreachable)', async () => {
    const run = await runInProcess(['discord', 'register', '--print', '--guild', '42'], {
      env: {
        DISCORD_TOKEN: 'not-a-token',
        DISCORD_APPLICATION_ID: '1234',
        DISCORD_API_URL: 'http://127.0.0.1:1/api',
      },
    });
    expect(await run.pending).toBe(0);
    const [route, ...body] = run.stdout().split('\n');
    expect(route).toBe('PUT /applications/1234/guilds/42/commands');
    const commands = JSON.parse(body.join('\n')) as { name: string }[];
    expect(commands.map((c) => c.name)).toEqual(['draftgate', 'Draft AI reply']);
  });
});

describe('draftgate operator errors are one line saying what to do', () => {
  it('Redis down: names host:port and suggests unsetting REDIS_URL, no stack trace', async () => {
    const result = await runCli(['audit', 'verify'], { env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot reach Redis at 127.0.0.1:1');
    expect(result.stderr).toContain('unset REDIS_URL to use the in-memory store');
  });

  it('a busy port says which port and what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runCli(['start'], { env: { PORT: String(port) } });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `draftgate: port ${port} is already in use (127.0.0.1:${port}): stop the other process, or choose another port with PORT=${port + 1}\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('PORT=abc names the variable and its value instead of "received NaN"', async () => {
    const run = await runInProcess(['config', 'check'], { env: { PORT: 'abc' } });
    expect(await run.pending).toBe(2);
    expect(run.stderr()).toContain('server.port (from PORT="abc"): expected a port number from 0 to 65535');
    expect(run.stderr()).not.toContain('NaN');
  });

  it('a YAML error gives line, column and a code frame with a caret', async () => {
    const file = join(dir, 'indent.yaml');
    writeFileSync(file, 'policy:\n  draft_ttl: 1h\n bad: true\n');
    const run = await runInProcess(['config', 'check', file]);
    expect(await run.pending).toBe(2);
    expect(run.stderr()).toContain('not valid YAML at line 3, column 1');
    expect(run.stderr()).toContain('> 3 |  bad: true');
    expect(run.stderr()).toMatch(/\n {6}\| \^\n/);
  });
});

describe('draftgate slack manifest', () => {
  async function scopes(config?: string): Promise<string[]> {
    const args = ['slack', 'manifest', '--socket'];
    if (config !== undefined) {
      const file = join(dir, `manifest-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, config);
      args.push('--config', file);
    }
    const run = await runInProcess(args);
    expect(await run.pending).toBe(0);
    return (JSON.parse(run.stdout()) as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes
      .bot;
  }

  it('asks for usergroups:read only when the policy names roles', async () => {
    expect(await scopes()).not.toContain('usergroups:read');
    expect(await scopes('policy:\n  approvers:\n    users: [U0LEAD]\n')).not.toContain('usergroups:read');
    expect(await scopes('policy:\n  approvers:\n    roles: [S0APPROVERS]\n')).toContain('usergroups:read');
    expect(await scopes('policy:\n  requesters:\n    - channels: ["*"]\n      roles: [S0ENG]\n')).toContain(
      'usergroups:read',
    );
  });
});
