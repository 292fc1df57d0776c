/**
 * Every `draftgate` command, one line each. To add one, write `commands/<name>.ts` exporting a default
 * `CliCommand` (see cli-command.ts) and add its line here; groups such as `audit` are created from the names.
 * Modules import their heavy dependencies (SDKs, Redis) inside `run`, so that listing and `--help` stay instant.
 */
import type { CliCommand } from './cli-command.js';

export type CommandModule = () => Promise<{ default: CliCommand }>;

export const COMMANDS: readonly CommandModule[] = [
  () => import('./commands/start.js'),
  () => import('./commands/config-check.js'),
  () => import('./commands/check-text.js'),
  () => import('./commands/risk-eval.js'),
  () => import('./commands/audit-tail.js'),
  () => import('./commands/audit-show.js'),
  () => import('./commands/audit-search.js'),
  () => import('./commands/audit-export.js'),
  () => import('./commands/audit-verify.js'),
  () => import('./commands/audit-checkpoint.js'),
  () => import('./commands/audit-keygen.js'),
  () => import('./commands/audit-archive.js'),
  () => import('./commands/audit-forward.js'),
  () => import('./commands/slack-manifest.js'),
  () => import('./commands/discord-register.js'),
];

/** One-line descriptions of the command groups (a group without one is described by its subcommands). */
export const GROUPS: Readonly<Record<string, string>> = {
  config: 'validate configuration',
  audit: 'read, search, verify, sign, archive and forward the audit log in Redis',
  slack: 'Slack app set-up',
  discord: 'Discord application set-up',
  risk: 'dry-run the risk review',
};
