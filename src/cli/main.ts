/** The `draftgate` command: parses argv with commander, runs one command, and turns every failure into one line. */
import { CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { type CliCommand, type CliContext, CliError, EX_USAGE } from './cli-command.js';
import { COMMANDS } from './commands.js';
import { describeError } from './describe-error.js';
import { type CliIo, line } from './io.js';
import { buildProgram, commandPaths } from './program.js';

export async function main(io: CliIo, onSignal: (handler: () => void) => void): Promise<number> {
  const context: CliContext = {
    io,
    onSignal,
    loadConfig: (file) => loadConfig({ file, env: io.env, cwd: io.cwd }).config,
  };
  const commands: CliCommand[] = [];
  for (const load of COMMANDS) commands.push((await load()).default);
  const program = buildProgram(io, context, commands);
  try {
    await program.root.parseAsync([...io.argv], { from: 'user' });
    return program.exitCode() ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return usageError(io, program.root, error);
    if (error instanceof ConfigError) return printConfigError(io, error);
    if (error instanceof CliError) {
      line(io.stderr, `draftgate: ${error.message}`);
      return error.exitCode;
    }
    line(io.stderr, `draftgate: ${describeError(error)}`);
    return 1;
  }
}

function usageError(io: CliIo, root: import('commander').Command, error: CommanderError): number {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return 0;
    case 'commander.help':
      // A group or the program itself without a command: help went to stderr.
      return EX_USAGE;
    case 'commander.unknownCommand': {
      const name = /'([^']*)'/.exec(error.message)?.[1] ?? '';
      line(io.stderr, `draftgate: unknown command '${name}'${suggestion(error.message)}`);
      line(io.stderr, `commands: ${commandPaths(root).join(', ')}`);
      line(io.stderr, 'run draftgate --help for details');
      return EX_USAGE;
    }
    default:
      line(
        io.stderr,
        `draftgate: ${error.message.replace(/^error: /, '').replace(/\n+/g, ' ')} (add --help for usage)`,
      );
      return EX_USAGE;
  }
}

function suggestion(message: string): string {
  const match = /Did you mean (.+)\?/.exec(message);
  return match ? ` (did you mean ${match[1]}?)` : '';
}

/** One line per problem, naming the key path; exit code 2. */
export function printConfigError(io: CliIo, error: ConfigError): number {
  line(io.stderr, `draftgate: invalid configuration${error.file ? ` in ${error.file}` : ''}`);
  for (const problem of error.problems) line(io.stderr, `  ${problem}`);
  return 2;
}
