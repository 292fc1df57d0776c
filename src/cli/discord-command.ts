import { parseArgs } from 'node:util';
import { REST } from 'discord.js';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { loadConfig } from '../config/load-config.js';
import { type CliIo, line } from './io.js';

/** `draftgate discord register [--guild ID]`: registers /draftgate and the message context-menu command. */
export async function discordRegisterCommand(
  io: CliIo,
  args: readonly string[],
  file: string | undefined,
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { guild: { type: 'string' }, config: { type: 'string' } },
  });
  const { config } = loadConfig({ file, env: io.env, cwd: io.cwd });
  const { token, application_id: applicationId } = config.discord;
  if (!token || !applicationId) {
    line(io.stderr, 'draftgate: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands');
    return 2;
  }
  const rest = new REST({
    retries: 0,
    ...(config.discord.api_url ? { api: config.discord.api_url } : {}),
  }).setToken(token);
  const registered = await registerCommands({
    rest,
    applicationId,
    ...(values.guild ? { guildId: values.guild } : {}),
    names: { command: config.discord.command_name, contextMenu: config.discord.context_menu_name },
  });
  line(
    io.stdout,
    `registered ${registered} commands ${values.guild ? `in guild ${values.guild}` : 'globally (may take up to an hour to appear)'}`,
  );
  return 0;
}
