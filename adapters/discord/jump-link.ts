/** Discord jump links: `https://discord.com/channels/<guild>/<channel>[/<message>]`. */
import type { Target } from '../../src/core/draft.js';

export function jumpLink(guild: string, channel: string, message?: string): string {
  const base = `https://discord.com/channels/${guild}/${channel}`;
  return message ? `${base}/${message}` : base;
}

/** The link to the thing a draft answers: the message for a context-menu request, else the channel or thread. */
export function targetLink(target: Target): string {
  return target.permalink ?? jumpLink(target.workspace, target.channel, target.message);
}
