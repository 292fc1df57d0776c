import { parseArgs } from 'node:util';
import { slackManifest } from '../../adapters/slack/manifest.js';
import { loadConfig } from '../config/load-config.js';
import { type CliIo, line } from './io.js';

/** `draftgate slack manifest [--socket] [--url https://…]`: prints the app manifest (JSON) to paste into Slack. */
export async function slackManifestCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { socket: { type: 'boolean' }, url: { type: 'string' }, config: { type: 'string' } },
  });
  const { config } = loadConfig({ file: values.config, env: io.env, cwd: io.cwd });
  if (!values.socket && !values.url) {
    line(
      io.stderr,
      'draftgate: give --url https://your-host (HTTP mode; Slack calls <url>/slack/events) or --socket',
    );
    return 64;
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = slackManifest({
      socket: values.socket === true,
      ...(values.url ? { url: values.url } : {}),
      command: config.slack.command,
      shortcutCallbackId: config.slack.shortcut_callback_id,
      mentions: config.slack.mentions,
    });
  } catch (error) {
    line(io.stderr, `draftgate: ${error instanceof Error ? error.message : String(error)}`);
    return 64;
  }
  line(io.stdout, JSON.stringify(manifest, null, 2));
  return 0;
}
