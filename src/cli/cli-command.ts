/**
 * The shape of one `draftgate` command. Each command lives in its own file under `commands/` and is listed with one
 * line in `commands.ts`. `define` declares arguments and options only (it must have no side effects, so that
 * `--help` never starts, reads or connects anything); `run` does the work and returns the exit code.
 */
import type { Command } from 'commander';
import type { Config } from '../config/schema.js';
import type { CliIo } from './io.js';

export interface CliContext {
  io: CliIo;
  /** Registers a handler for SIGINT/SIGTERM (long-running commands stop cleanly). */
  onSignal(handler: () => void): void;
  /** Loads and validates the configuration (an explicit file, else DRAFTGATE_CONFIG, else config/draftgate.yaml). */
  loadConfig(file?: string): Config;
}

export interface CliInput {
  /** Positional arguments, in the order declared. */
  args: string[];
  /** Parsed options (camelCase keys, as commander gives them). */
  options: Record<string, unknown>;
}

export interface CliCommand {
  /** Space-separated path, e.g. `audit tail`. Parent groups (`audit`) are created on demand. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Arguments and options, declared on the commander command. No side effects. */
  define?(command: Command): void;
  run(context: CliContext, input: CliInput): Promise<number>;
}

/** An operator error with its exit code: printed as one line, never with a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Exit code for usage errors (unknown command or option, missing argument), as in sysexits.h. */
export const EX_USAGE = 64;
