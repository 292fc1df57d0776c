/** Translates a discord.js Interaction (gateway path) into the adapter's InboundInteraction. */
import { type BaseInteraction, GuildMember } from 'discord.js';
import type { InboundInteraction } from './inbound-interaction.js';
import { EDIT_FIELD, FEEDBACK_FIELD } from './render-modals.js';

export function inboundFromGateway(interaction: BaseInteraction): InboundInteraction {
  const base = {
    id: interaction.id,
    token: interaction.token,
    applicationId: interaction.applicationId,
    userId: interaction.user.id,
    userName: interaction.user.username,
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    ...channelName(interaction),
    ...roles(interaction),
  };
  if (interaction.isChatInputCommand()) {
    const subcommand = interaction.options.getSubcommand(false);
    return {
      ...base,
      kind: 'slash',
      command: interaction.commandName,
      ...(subcommand ? { subcommand } : {}),
      question: interaction.options.getString('question') ?? '',
    };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const message = interaction.targetMessage;
    return {
      ...base,
      kind: 'context_menu',
      command: interaction.commandName,
      message: {
        id: message.id,
        channelId: message.channelId,
        content: message.content,
        authorId: message.author.id,
      },
    };
  }
  if (interaction.isButton()) return { ...base, kind: 'button', customId: interaction.customId };
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const name of [EDIT_FIELD, FEEDBACK_FIELD]) {
      if (interaction.fields.fields.has(name)) fields[name] = interaction.fields.getTextInputValue(name);
    }
    return { ...base, kind: 'modal', customId: interaction.customId, fields };
  }
  return { ...base, kind: 'other', description: `interaction type ${interaction.type}` };
}

function roles(interaction: BaseInteraction): { roles?: string[] } {
  const member = interaction.member;
  if (!member) return {};
  if (member instanceof GuildMember) return { roles: [...member.roles.cache.keys()] };
  return { roles: [...member.roles] };
}

function channelName(interaction: BaseInteraction): { channelName?: string } {
  const channel = interaction.channel;
  if (channel && 'name' in channel && typeof channel.name === 'string') return { channelName: channel.name };
  return {};
}
