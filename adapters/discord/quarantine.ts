/**
 * Quarantine (gateway mode, off unless configured): an agent bot listed in `discord.quarantine.agent_bot_ids` that
 * posts directly in a guarded channel has its message removed (draftgate needs Manage Messages there) and turned
 * into a draft for the person it replied to, or for the configured owner. Agents draft; they never post.
 */
import { type Message, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordConfig } from '../../src/config/schema.js';
import type { Target } from '../../src/core/draft.js';
import { describeRestError, isUnknownMessage } from './discord-errors.js';
import type { DiscordGate, QuarantineInput } from './gate-port.js';
import { jumpLink } from './jump-link.js';

export interface QuarantineDeps {
  gate: DiscordGate;
  rest: REST;
  config: DiscordConfig['quarantine'];
  logger: Logger;
}

export function isQuarantined(message: Message, config: DiscordConfig['quarantine']): boolean {
  if (!config.enabled || !message.inGuild() || !message.author.bot) return false;
  // Never draftgate's own posts, even if its id was listed by mistake.
  if (message.author.id === message.client.user?.id) return false;
  if (!config.agent_bot_ids.includes(message.author.id)) return false;
  if (config.channels.length === 0 || config.channels.includes(message.channelId)) return true;
  const parent = message.channel.isThread() ? message.channel.parentId : null;
  return parent !== null && config.channels.includes(parent);
}

export function createQuarantineListener(deps: QuarantineDeps): (message: Message) => Promise<void> {
  return async (message) => {
    if (!isQuarantined(message, deps.config) || !message.inGuild()) return;
    const log = deps.logger.child({
      bot: message.author.id,
      channel: message.channelId,
      message: message.id,
    });
    const removed = await remove(deps.rest, message, log);
    const referenced = await referencedMessage(message, log);
    const target: Target = {
      platform: 'discord',
      workspace: message.guildId,
      channel: message.channelId,
      ...('name' in message.channel && message.channel.name ? { channelName: message.channel.name } : {}),
      ...(referenced ? { message: referenced.id } : {}),
      permalink: jumpLink(message.guildId, message.channelId, referenced?.id),
    };
    const input: QuarantineInput = {
      agent: `discord-bot:${message.author.id}`,
      bot: message.author.id,
      message: message.id,
      removed,
      target,
      ...(referenced ? { repliedTo: { user: referenced.author.id, bot: referenced.author.bot } } : {}),
      ...(deps.config.owner ? { owner: deps.config.owner } : {}),
      question: referenced?.content || message.content,
      text: message.content,
    };
    if (message.content.trim() === '') {
      log.error(
        'quarantined a direct agent post without readable text: enable the Message Content intent for the draftgate bot',
      );
    }
    const result = await deps.gate.quarantine(input);
    if (!result.ok && result.code === 'denied') {
      log.error(
        { reason: result.message },
        'quarantined a direct agent post but nobody can review it: set discord.quarantine.owner',
      );
    } else if (!result.ok)
      log.warn({ code: result.code, reason: result.message }, 'quarantined post did not become a draft');
    else log.info({ draft: result.draft.id }, 'direct agent post quarantined as a draft');
  };
}

async function remove(rest: REST, message: Message<true>, log: Logger): Promise<boolean> {
  try {
    await rest.delete(Routes.channelMessage(message.channelId, message.id));
    return true;
  } catch (error) {
    if (isUnknownMessage(error)) return true;
    log.error(
      { err: describeRestError(error) },
      'could not remove a direct agent post: give the draftgate bot Manage Messages in that channel',
    );
    return false;
  }
}

async function referencedMessage(message: Message<true>, log: Logger): Promise<Message | undefined> {
  if (!message.reference?.messageId) return undefined;
  try {
    return await message.fetchReference();
  } catch (error) {
    log.warn({ err: describeRestError(error) }, 'could not read the message the agent replied to');
    return undefined;
  }
}
