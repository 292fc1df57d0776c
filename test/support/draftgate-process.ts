/**
 * Real draftgate processes for the fault tests: `node --import tsx src/cli/run.ts start` as a child, configured only through
 * its environment and a YAML file, as in production. The helper waits for the process to log the URL it listens
 * on, keeps its JSON log lines for assertions and failure messages, and kills it (SIGKILL on demand, else SIGTERM
 * with a SIGKILL fallback). Every child still running when the test process exits is killed too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLI_FROM_SOURCE, repoRoot } from './run-cli.js';

export interface DraftgateProcessOptions {
  /** A label for failure messages (`replica-1`). */
  name: string;
  /** Environment on top of PATH and HOME: REDIS_URL, SLACK_*, DRAFTGATE_CONFIG, ... (PORT defaults to 0). */
  env: Record<string, string>;
  /** How long to wait for the "listening on" (or sandbox "open") log line (default 60 s: three cold starts on a busy 2-core box). */
  startTimeoutMs?: number;
  /** Extra node options before the CLI entry (`--import` of a recording hook). */
  nodeArgs?: string[];
}

export interface LogLine {
  /** pino's level label (`info`, `warn`, ...): draftgate logs levels as strings. */
  level: string;
  msg: string;
  [key: string]: unknown;
}

const PROBLEM_LEVELS: ReadonlySet<string> = new Set(['warn', 'error', 'fatal']);

export class DraftgateProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #killOnExit = () => {
    this.#child.kill('SIGKILL');
  };
  #stdout = '';
  #stderr = '';
  #url: string | undefined;

  private constructor(
    readonly name: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.#stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        process.off('exit', this.#killOnExit);
        resolve({ code, signal });
      });
    });
    process.on('exit', this.#killOnExit);
  }

  /** Spawns `draftgate start` and resolves once it logs its URL; kills it and throws if it does not. */
  static async start(options: DraftgateProcessOptions): Promise<DraftgateProcess> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...CLI_FROM_SOURCE, 'start'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        // A developer's .env must not change what the tests run.
        DRAFTGATE_ENV_FILE: '',
        PORT: '0',
        HOST: '127.0.0.1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new DraftgateProcess(options.name, child);
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      const listening = started
        .logs()
        .find((line) => typeof line.url === 'string' && /listening|draftgate sandbox: open/.test(line.msg));
      if (listening) {
        started.#url = String(listening.url);
        return started;
      }
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await started.kill();
        throw new Error(`${options.name} did not start:\n${started.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get url(): string {
    if (this.#url === undefined) throw new Error(`${this.name} has no URL yet`);
    return this.#url;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Everything the process wrote so far. */
  output(): string {
    return `── ${this.name} stdout ──\n${this.#stdout}\n── ${this.name} stderr ──\n${this.#stderr}`;
  }

  /** Its JSON log lines (pino), in order. */
  logs(): LogLine[] {
    const out: LogLine[] = [];
    for (const raw of this.#stdout.split('\n')) {
      if (!raw.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(raw) as Partial<LogLine>;
        if (typeof parsed.level === 'string' && typeof parsed.msg === 'string') out.push(parsed as LogLine);
      } catch {
        // A line still being written.
      }
    }
    return out;
  }

  /** Warnings and errors, one line each, for failure messages. */
  problems(): string[] {
    return this.logs()
      .filter((line) => PROBLEM_LEVELS.has(line.level))
      .map((line) => `${this.name}: ${line.msg}`);
  }

  /** SIGKILL (the default: a crash) or another signal; resolves when the process is gone. */
  async kill(
    signal: NodeJS.Signals = 'SIGKILL',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.#child.kill(signal);
    return await this.#exited;
  }

  /** SIGTERM (a graceful stop), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

/** A temporary YAML configuration file; `remove()` deletes its directory. */
export function writeConfigFile(config: Record<string, unknown>): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'draftgate-config-'));
  const path = join(dir, 'draftgate.yaml');
  writeFileSync(path, stringify(config));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The command agent from test/support/agent-command-fixture.mjs in `echo` mode: instant, benign answers. */
export function echoAgentConfig(): Record<string, unknown> {
  return {
    provider: 'command',
    timeout: '10s',
    command: { argv: [process.execPath, join(repoRoot, 'test/support/agent-command-fixture.mjs'), 'echo'] },
  };
}

/** Polls `check` every 50 ms until it returns a value; throws with `describe()` after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The replica's own count of audit events by type, from its Prometheus /metrics. */
export async function auditEventCounts(replica: DraftgateProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${replica.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^draftgate_audit_events_total\{type="([a-z_]+)"\} (\d+)$/gm)) {
    if (match[1] && match[2]) counts[match[1]] = Number(match[2]);
  }
  return counts;
}
