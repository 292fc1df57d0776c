/**
 * The systems under test run in child processes of their own (their own event loop, so that the load generator
 * and the fake Slack API in the parent do not steal their thread), talking to the parent over IPC:
 * the child announces `ready`, the parent calls commands by name, and `stop` ends the child cleanly (which also
 * writes its CPU profile when it was started with one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

type ToChild = { type: 'call'; id: number; cmd: string; args: unknown };
type ToParent =
  | { type: 'ready'; value: unknown }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

export interface StartChildOptions {
  /** The entry module (TypeScript, run through tsx). */
  entry: string;
  /** Passed to the child as its one JSON argument. */
  args: unknown;
  /** Child stdout and stderr go here (its pino log). */
  logFile: string;
  /** Write a V8 CPU profile into this directory when the child exits. */
  cpuProfDir?: string;
  readyTimeoutMs?: number;
}

export class BenchChild<Ready = unknown> {
  #next = 0;
  readonly #waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  readonly #exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly ready: Ready,
  ) {
    this.#exited = new Promise((resolve) => {
      if (process.exitCode !== null) resolve(process.exitCode);
      else process.once('exit', (code) => resolve(code));
    });
    process.on('message', (raw) => {
      const message = raw as ToParent;
      if (message.type !== 'reply') return;
      const waiter = this.#waiting.get(message.id);
      if (!waiter) return;
      this.#waiting.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
    process.once('exit', (code) => {
      for (const waiter of this.#waiting.values()) waiter.reject(new Error(`the child exited (${code})`));
      this.#waiting.clear();
    });
  }

  static async start<R>(options: StartChildOptions): Promise<BenchChild<R>> {
    const log = openSync(options.logFile, 'a');
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', options.entry, JSON.stringify(options.args)],
      {
        stdio: ['ignore', log, log, 'ipc'],
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    closeSync(log);
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    const ready = await new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.entry} was not ready within ${timeoutMs} ms (see ${options.logFile})`));
      }, timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${options.entry} exited (${code}) before it was ready (see ${options.logFile})`));
      });
      child.on('message', (raw) => {
        const message = raw as ToParent;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.value as R);
        }
      });
    });
    return new BenchChild<R>(child, ready);
  }

  call<T>(cmd: string, args: unknown = {}, timeoutMs = 600_000): Promise<T> {
    this.#next += 1;
    const id = this.#next;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`child command ${cmd} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const message: ToChild = { type: 'call', id, cmd, args };
      this.process.send(message);
    });
  }

  /** Asks the child to stop cleanly; kills it if it does not exit within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    await this.call('stop', {}, timeoutMs).catch(() => undefined);
    const killed = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(killed);
  }
}

/** The child's side: announce readiness, answer commands, and exit after `stop` has answered. */
export function serveParent(
  ready: unknown,
  handlers: Record<string, (args: unknown) => Promise<unknown>>,
  stop: () => Promise<void>,
): void {
  const send = (message: ToParent, then?: () => void) =>
    process.send?.(message, undefined, {}, () => then?.());
  process.on('disconnect', () => process.exit(1));
  process.on('message', (raw) => {
    const message = raw as ToChild;
    if (message.type !== 'call') return;
    if (message.cmd === 'stop') {
      void stop()
        .catch((error: unknown) => console.error('stop failed', error))
        .finally(() => send({ type: 'reply', id: message.id, ok: true, value: null }, () => process.exit(0)));
      return;
    }
    const handler = handlers[message.cmd];
    if (!handler) {
      send({ type: 'reply', id: message.id, ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    handler(message.args).then(
      (value) => send({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) =>
        send({
          type: 'reply',
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  send({ type: 'ready', value: ready });
}
