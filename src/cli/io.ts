/** What a CLI command may touch: its arguments, the environment, and its output streams. Injected for tests. */
import type { Env } from '../config/env.js';

export interface CliIo {
  argv: readonly string[];
  env: Env;
  cwd: string;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
