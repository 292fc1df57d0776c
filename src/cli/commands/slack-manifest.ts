/** `draftgate slack manifest [--socket] [--url https://…]`: prints the app manifest (JSON) to paste into Slack. */

import { Policy } from '../../core/policy.js';
import { type CliCommand, CliError, EX_USAGE } from '../cli-command.js';
import { line } from '../io.js';

const command: CliCommand = {
  name: 'slack manifest',
  summary: 'print a least-privilege Slack app manifest (usergroups:read only when policy names roles)',
  define: (cmd) =>
    cmd
      .option('--url <url>', 'HTTP mode: the public base URL (Slack calls <url>/slack/events)')
      .option('--socket', 'Socket Mode: no inbound HTTP needed')
      .option('--config <file>', 'configuration file (command name, shortcut, mentions)'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    if (options.socket !== true && typeof options.url !== 'string') {
      throw new CliError(
        'give --url https://your-host (HTTP mode; Slack calls <url>/slack/events) or --socket',
        EX_USAGE,
      );
    }
    const { slackManifest } = await import('../../../adapters/slack/manifest.js');
    let manifest: Record<string, unknown>;
    try {
      manifest = slackManifest({
        socket: options.socket === true,
        ...(typeof options.url === 'string' ? { url: options.url } : {}),
        command: config.slack.command,
        shortcutCallbackId: config.slack.shortcut_callback_id,
        mentions: config.slack.mentions,
        roles: new Policy(config.policy).usesRoles,
      });
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error), EX_USAGE);
    }
    line(context.io.stdout, JSON.stringify(manifest, null, 2));
    return 0;
  },
};
export default command;
