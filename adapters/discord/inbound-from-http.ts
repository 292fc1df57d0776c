/** Translates a raw interaction payload (HTTP interactions endpoint) into the adapter's InboundInteraction. */
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from 'discord.js';
import type { InboundInteraction } from './inbound-interaction.js';

export function inboundFromHttp(raw: APIInteraction): InboundInteraction {
  const user = raw.member?.user ?? raw.user;
  const channel = raw.channel;
  const base = {
    id: raw.id,
    token: raw.token,
    applicationId: raw.application_id,
    userId: user?.id ?? '',
    ...(user?.username ? { userName: user.username } : {}),
    ...(raw.guild_id ? { guildId: raw.guild_id } : {}),
    ...(channel?.id ? { channelId: channel.id } : raw.channel_id ? { channelId: raw.channel_id } : {}),
    ...(channel && 'name' in channel && typeof channel.name === 'string'
      ? { channelName: channel.name }
      : {}),
    ...(raw.member ? { roles: [...raw.member.roles] } : {}),
  };
  if (raw.type === InteractionType.ApplicationCommand) {
    const data = raw.data;
    if (data.type === ApplicationCommandType.ChatInput) {
      const sub = data.options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
      const options =
        sub?.type === ApplicationCommandOptionType.Subcommand ? (sub.options ?? []) : data.options;
      const option = options?.find((o) => o.name === 'question');
      const question = option?.type === ApplicationCommandOptionType.String ? option.value : '';
      return {
        ...base,
        kind: 'slash',
        command: data.name,
        ...(sub ? { subcommand: sub.name } : {}),
        question,
      };
    }
    if (data.type === ApplicationCommandType.Message) {
      const message = data.resolved.messages[data.target_id];
      if (message) {
        return {
          ...base,
          kind: 'context_menu',
          command: data.name,
          message: {
            id: message.id,
            channelId: message.channel_id,
            content: message.content,
            authorId: message.author.id,
          },
        };
      }
    }
    return { ...base, kind: 'other', description: `application command type ${data.type}` };
  }
  if (raw.type === InteractionType.MessageComponent && raw.data.component_type === ComponentType.Button) {
    return { ...base, kind: 'button', customId: raw.data.custom_id };
  }
  if (raw.type === InteractionType.ModalSubmit) {
    return { ...base, kind: 'modal', customId: raw.data.custom_id, fields: textInputs(raw.data.components) };
  }
  return { ...base, kind: 'other', description: `interaction type ${raw.type}` };
}

/** Collects `custom_id → value` of text inputs, in action rows (classic modals) or label components (newer ones). */
function textInputs(components: readonly unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (
      record.type === ComponentType.TextInput &&
      typeof record.custom_id === 'string' &&
      typeof record.value === 'string'
    ) {
      fields[record.custom_id] = record.value;
    }
    if (Array.isArray(record.components)) for (const child of record.components) visit(child);
    if (record.component) visit(record.component);
  };
  for (const component of components) visit(component);
  return fields;
}
