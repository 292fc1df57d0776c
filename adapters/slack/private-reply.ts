/**
 * Private replies to the person who acted: through response_url (Bolt's respond) when the payload has one, else
 * chat.postEphemeral in the channel. Never public.
 */
import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { escapeSlackText } from './escape-text.js';

export type Tell = (text: string) => Promise<void>;

export interface EphemeralTarget {
  channel: string;
  user: string;
  thread?: string;
}

export function tellVia(
  respond: RespondFn | undefined,
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
