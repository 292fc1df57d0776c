/**
 * Registers draftgate's two commands through REST: the `/draftgate` slash command (`ask question:<text>`, and
 * `pending`, the person's inbox) and the "Draft AI reply" message context-menu command. With a guild id they appear in that guild at once; globally
 * they can take a while to propagate. `npx draftgate discord register [--guild ID]` calls this.
 */
import {
  type APIApplicationCommand,
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  type REST,
  Routes,
  SlashCommandBuilder,
} from 'discord.js';
import { describeRestError } from './discord-errors.js';

export interface RegisterCommandsInput {
  rest: REST;
  applicationId: string;
  guildId?: string;
  names: { command: string; contextMenu: string };
}

export function commandDefinitions(names: RegisterCommandsInput['names']) {
  const slash = new SlashCommandBuilder()
    .setName(names.command)
    .setDescription(
      'Ask an AI agent for a reply here; you review the draft privately before anything is posted',
    )
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((ask) =>
      ask
        .setName('ask')
        .setDescription('Ask an AI agent for a reply here; you review the draft privately first')
        .addStringOption((option) =>
          option
            .setName('question')
            .setDescription('What the agent should answer')
            .setRequired(true)
            .setMaxLength(4000),
        ),
    )
    .addSubcommand((pending) =>
      pending.setName('pending').setDescription('The drafts waiting for you (only you see the list)'),
    );
  const contextMenu = new ContextMenuCommandBuilder()
    .setName(names.contextMenu)
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild);
  return [slash.toJSON(), contextMenu.toJSON()];
}

/** Overwrites the application's (or the guild's) commands with draftgate's two. Returns what Discord stored. */
export async function registerCommands(input: RegisterCommandsInput): Promise<APIApplicationCommand[]> {
  const route = input.guildId
    ? Routes.applicationGuildCommands(input.applicationId, input.guildId)
    : Routes.applicationCommands(input.applicationId);
  try {
    return (await input.rest.put(route, {
      body: commandDefinitions(input.names),
    })) as APIApplicationCommand[];
  } catch (error) {
    const where = input.guildId ? `guild ${input.guildId}` : 'the application (global)';
    throw new Error(
      `could not register draftgate's Discord commands in ${where}: ${describeRestError(error)}. ` +
        'Check DISCORD_TOKEN and DISCORD_APPLICATION_ID, and that the bot was invited with the applications.commands scope.',
      { cause: error },
    );
  }
}
