/**
 * Start-up check of the bot token: GET /users/@me before anything listens. A token Discord refuses (401) stops
 * start-up with one line saying what to do; a Discord that cannot be reached is only warned about.
 */
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { describeRestError } from './discord-errors.js';

export class DiscordTokenError extends Error {
  override name = 'DiscordTokenError';
}

/** The bot user's id, or undefined when Discord could not be asked. */
export async function checkDiscordToken(rest: REST, logger: Logger): Promise<string | undefined> {
  try {
    const user = (await rest.get(Routes.user('@me'))) as { id?: string };
    return user.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new DiscordTokenError(
        'Discord refused DISCORD_TOKEN (401 Unauthorized): copy the bot token from the Developer Portal (your application → Bot → Reset Token) into DISCORD_TOKEN, then start again.',
      );
    }
    logger.warn(
      { err: error },
      `Discord did not answer GET /users/@me (${describeRestError(error)}): cannot check DISCORD_TOKEN now (check the network and DISCORD_API_URL); starting anyway`,
    );
    return undefined;
  }
}
