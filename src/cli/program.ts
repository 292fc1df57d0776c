/**
 * Builds the commander program from the command list. Help, version and usage errors are handled by commander
 * before any command runs, so they have no side effects.
 */
import { Command } from 'commander';
import type { CliCommand, CliContext } from './cli-command.js';
import { GROUPS } from './commands.js';
import type { CliIo } from './io.js';
import { packageVersion } from './version.js';

export interface Program {
  root: Command;
  /** The exit code of the command that ran (undefined when only help or the version was printed). */
  exitCode(): number | undefined;
}

export function buildProgram(io: CliIo, context: CliContext, commands: readonly CliCommand[]): Program {
  let code: number | undefined;
  const root = new Command('draftgate')
    .description('Agents draft. Humans publish. Gate AI agents’ forum replies behind a human approval.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print help and exit')
    .helpCommand('help [command]', 'print help for a command')
    .addHelpText(
      'after',
      '\nEvery command reads the configuration from --config, DRAFTGATE_CONFIG or config/draftgate.yaml, plus the environment.',
    )
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed by main(), as one line with what to do.
      outputError: () => {},
    })
    .exitOverride()
    .showSuggestionAfterError(true);

  for (const spec of commands) {
    const path = spec.name.split(' ');
    let parent = root;
    for (const group of path.slice(0, -1)) {
      parent =
        parent.commands.find((existing) => existing.name() === group) ??
        parent.command(group).description(GROUPS[group] ?? `${group} commands`);
    }
    const command = parent.command(path.at(-1) ?? spec.name).description(spec.summary);
    spec.define?.(command);
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const args = self.processedArgs.flatMap((value: unknown) =>
        value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)],
      );
      code = await spec.run(context, { args, options: self.opts() });
    });
  }
  return { root, exitCode: () => code };
}

/** Every runnable command path (`audit tail`, …) under a command, for the "unknown command" message. */
export function commandPaths(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((sub) => {
    const path = `${prefix}${sub.name()}`;
    return sub.commands.length > 0 ? commandPaths(sub, `${path} `) : [path];
  });
}
