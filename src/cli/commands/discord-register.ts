/**
 * `draftgate discord register [--guild ID] [--print]`: registers the slash and message context-menu commands, or with
 * --print shows the request it would send (no token needed).
 */
import { type CliCommand, CliError } from '../cli-command.js';
import { line } from '../io.js';

const command: CliCommand = {
  name: 'discord register',
  summary: 'register the slash and context-menu commands (--print: show them, send nothing)',
  define: (cmd) =>
    cmd
      .option('--guild <id>', 'register in one guild (instant) instead of globally (can take an hour)')
      .option('--print', 'print the request body instead of sending it')
      .option('--config <file>', 'configuration file (command names)'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const guild = typeof options.guild === 'string' ? options.guild : undefined;
    const { commandDefinitions, registerCommands } = await import(
      '../../../adapters/discord/register-commands.js'
    );
    const names = { command: config.discord.command_name, contextMenu: config.discord.context_menu_name };
    const { token, application_id: applicationId } = config.discord;
    if (options.print === true) {
      const route = `PUT /applications/${applicationId ?? '<DISCORD_APPLICATION_ID>'}${guild ? `/guilds/${guild}` : ''}/commands`;
      line(context.io.stdout, route);
      line(context.io.stdout, JSON.stringify(commandDefinitions(names), null, 2));
      return 0;
    }
    if (!token || !applicationId) {
      throw new CliError(
        'set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands (or use --print)',
        2,
      );
    }
    const { REST } = await import('discord.js');
    const rest = new REST({
      retries: 0,
      ...(config.discord.api_url ? { api: config.discord.api_url } : {}),
    }).setToken(token);
    const registered = await registerCommands({
      rest,
      applicationId,
      ...(guild ? { guildId: guild } : {}),
      names,
    });
    const listed = registered.map((stored) => (stored.type === 1 ? `/${stored.name}` : `"${stored.name}"`));
    line(
      context.io.stdout,
      `registered ${registered.length} commands (${listed.join(', ')}) ${guild ? `in guild ${guild}` : 'globally (may take up to an hour to appear)'}`,
    );
    return 0;
  },
};
export default command;
