/**
 * An agent that is a local program: draftgate writes the AgentRequest as JSON on its stdin and reads the reply from
 * its stdout (plain text, or a JSON object with a string `text` field). Never throws; failures are typed results.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Agent, AgentRequest, AgentResult } from '../core/ports.js';
import { deadline } from './deadline.js';

export interface CommandAgentOptions {
  /** Program and arguments; no shell is involved. */
  argv: readonly string[];
  cwd?: string;
  /** The child's complete environment (see childEnvironment: draftgate's credentials are withheld). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** After SIGTERM, how long the program gets before SIGKILL. */
  killGraceMs?: number;
  /** Largest stdout accepted, in bytes. */
  maxOutputBytes?: number;
  name?: string;
}

const STDERR_TAIL = 500;
const DEFAULT_MAX_OUTPUT = 256 * 1024;
const DEFAULT_KILL_GRACE = 2_000;

export class CommandAgent implements Agent {
  readonly name: string;
  readonly #o: CommandAgentOptions;

  constructor(options: CommandAgentOptions) {
    if (options.argv.length === 0 || !options.argv[0])
      throw new Error('CommandAgent needs a program in argv');
    this.#o = options;
    this.name = options.name ?? 'command';
  }

  draft(request: AgentRequest, signal: AbortSignal): Promise<AgentResult> {
    const [program = '', ...args] = this.#o.argv;
    const what = `the agent command (${program})`;
    const maxOutput = this.#o.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const limit = deadline(signal, this.#o.timeoutMs);

    return new Promise<AgentResult>((resolve) => {
      let settled = false;
      let child: ChildProcess;
      const finish = (result: AgentResult): void => {
        if (settled) return;
        settled = true;
        limit.dispose();
        limit.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => {
        this.#kill(child);
        finish(limit.failure(what));
      };

      if (limit.signal.aborted) {
        finish(limit.failure(what));
        return;
      }
      try {
        child = spawn(program, args, {
          cwd: this.#o.cwd,
          env: this.#o.env,
          stdio: ['pipe', 'pipe', 'pipe'],
          // Its own process group, so that a timeout also kills what the program started.
          detached: true,
        });
      } catch (error) {
        finish({ ok: false, code: 'spawn', reason: spawnReason(program, error) });
        return;
      }
      limit.signal.addEventListener('abort', onAbort, { once: true });

      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxOutput) {
          this.#kill(child);
          finish({
            ok: false,
            code: 'bad_output',
            reason: `${what} wrote more than ${maxOutput} bytes to stdout`,
          });
          return;
        }
        stdout.push(chunk);
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4 * STDERR_TAIL);
      });
      child.once('error', (error) => {
        this.#kill(child);
        finish({ ok: false, code: 'spawn', reason: spawnReason(program, error) });
      });
      child.once('close', (code, signalName) => {
        if (code !== 0) {
          const how =
            code === null ? `was killed by ${signalName ?? 'a signal'}` : `exited with code ${code}`;
          const tail = stderrTail(stderr);
          finish({ ok: false, code: 'exit', reason: `${what} ${how}${tail ? `; stderr: ${tail}` : ''}` });
          return;
        }
        finish(parseOutput(Buffer.concat(stdout).toString('utf8'), what));
      });

      // A program that exits without reading stdin makes the write fail with EPIPE: its exit status decides.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(`${JSON.stringify(request)}\n`);
    });
  }

  /** SIGTERM to the process group, then SIGKILL after the grace period if it is still there. */
  #kill(child: ChildProcess | undefined): void {
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const pid = child.pid;
    const send = (sig: NodeJS.Signals): void => {
      try {
        process.kill(-pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    send('SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) send('SIGKILL');
    }, this.#o.killGraceMs ?? DEFAULT_KILL_GRACE);
    child.once('exit', () => clearTimeout(timer));
  }
}

function parseOutput(raw: string, what: string): AgentResult {
  const output = raw.trim();
  if (!output) return { ok: false, code: 'empty', reason: `${what} wrote nothing to stdout` };
  if (!output.startsWith('{')) return { ok: true, text: output };
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return {
      ok: false,
      code: 'bad_output',
      reason: `${what} wrote malformed JSON (output starting with "{" must be a JSON object with a "text" field)`,
    };
  }
  const text =
    typeof parsed === 'object' && parsed !== null ? (parsed as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') {
    return {
      ok: false,
      code: 'bad_output',
      reason: `${what} wrote a JSON object without a string "text" field`,
    };
  }
  if (!text.trim()) return { ok: false, code: 'empty', reason: `${what} returned an empty "text"` };
  return { ok: true, text: text.trim() };
}

function stderrTail(stderr: string): string {
  const flat = stderr.trim();
  return flat.length > STDERR_TAIL ? `…${flat.slice(-STDERR_TAIL)}` : flat;
}

function spawnReason(program: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const hint = code === 'ENOENT' ? ' (not found: check agent.command.argv and agent.command.cwd)' : '';
  return `could not start ${program}${hint}: ${code ?? message}`;
}
