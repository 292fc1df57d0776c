/** Process entry of the `draftgate` command: binds argv, the environment, signals and the exit code to main(). */
import { loadDotEnv, processEnv } from '../config/env.js';
import { type CliIo, line } from './io.js';
import { main } from './main.js';

const io: CliIo = {
  argv: process.argv.slice(2),
  env: processEnv(),
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
};

async function run(): Promise<number> {
  try {
    // Before anything reads the environment: `.env` fills in what the shell did not set.
    loadDotEnv(io.cwd);
  } catch (error) {
    line(io.stderr, `draftgate: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  return await main(io, (handler) => {
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

const code = await run();
process.exitCode = code;
// Long-running commands may leave sockets (a closed Redis client's timers, a gateway): exit once they are done.
if (io.argv[0] === 'start' || io.argv[0] === 'audit' || io.argv[0] === 'discord') {
  // Let what was written to stdout and stderr reach the pipe before exiting.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}
