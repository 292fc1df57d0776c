/**
 * Private replies to the person who acted: through response_url when the payload has one, else
 * chat.postEphemeral in the channel. Never public.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { escapeSlackText } from './escape-text.js';
import type { WebApiPost } from './web-api-post.js';

export type Tell = (text: string) => Promise<void>;

/** A post to the interaction's `response_url`, as Bolt's `respond` makes it (web-api-post.ts sends it). */
export type Respond = (message: {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
}) => Promise<void>;

/** The reply through `response_url` when the payload carries one. */
export function responder(post: WebApiPost, responseUrl: unknown): Respond | undefined {
  if (typeof responseUrl !== 'string' || responseUrl === '') return undefined;
  return (message) => post.respond(responseUrl, message);
}

export interface EphemeralTarget {
  channel: string;
  user: string;
  thread?: string;
}

export function tellVia(
  respond: Respond | undefined,
  web: webApi.WebClient,
  where: EphemeralTarget | undefined,
): Tell {
  return async (text: string) => {
    const safe = escapeSlackText(text);
    if (respond) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: safe });
      return;
    }
    if (where) {
      await web.chat.postEphemeral({
        channel: where.channel,
        user: where.user,
        text: safe,
        ...(where.thread !== undefined ? { thread_ts: where.thread } : {}),
      });
      return;
    }
    throw new Error('no private channel back to this user (no response_url and no channel)');
  };
}

/** A tell that logs instead of throwing: telling someone privately is best effort. */
export function quietly(tell: Tell, logger: Logger): Tell {
  return async (text) => {
    try {
      await tell(text);
    } catch (error) {
      logger.warn({ err: error }, 'could not reply privately to a Slack user');
    }
  };
}
