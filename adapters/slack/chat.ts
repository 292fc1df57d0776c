/**
 * The Slack ChatPlatform: review cards in DMs, publishing approved replies, retraction and reconciliation.
 * chat.postMessage is never retried: a timeout or a 5xx becomes PublishUnknownError and reconciliation decides.
 */
import type { types, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Draft, PublishedRef, ReviewRef } from '../../src/core/draft.js';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import type { ChatPlatform, Clock } from '../../src/core/ports.js';
import { DmUnavailableError, PublishUnknownError } from '../../src/core/ports.js';
import { composePublication } from '../../src/core/publish-text.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import type { TtlCache } from '../../src/core/ttl-cache.js';
import { PUBLISHED_EVENT_TYPE } from './action-ids.js';
import { escapedLength, escapeSlackText } from './escape-text.js';
import { userRef } from './mrkdwn.js';
import { CARD_TEXT_BUDGET, renderReviewCard, SECTION_LIMIT } from './render-card.js';
import { renderExpiryReminder } from './render-reminder.js';
import { type RetryAfterPolicy, withRetryAfter } from './retry-after.js';
import { describeError, hintFor, platformErrorCode, rateLimitedMs } from './slack-errors.js';
import { splitForBlocks } from './split-text.js';
import type { WebApiPost } from './web-api-post.js';

export interface SlackChatDeps {
  web: webApi.WebClient;
  /** The calls of every flow (open the DM, post, update), sent directly (web-api-post.ts). */
  post: WebApiPost;
  logger: Logger;
  clock: Clock;
  retryAfter: RetryAfterPolicy;
  /** Pages of history that reconciliation reads before it gives up (200 messages each). */
  reconcilePages?: number;
  /** Remembers each user's DM channel id (conversations.open answers the same for a long time). */
  cache?: TtlCache;
}

/** How long a user's DM channel id is reused before asking Slack again. */
const DM_CACHE_MS = 7 * 86_400_000;
/** Errors that mean a cached DM channel is no longer usable: open it again. */
const STALE_DM = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'cannot_dm_bot']);

export interface SlackChat extends ChatPlatform {
  /** Opens (or finds) the DM with a user. Throws DmUnavailableError when Slack refuses. */
  openDm(user: string): Promise<string>;
}

export function createSlackChat(deps: SlackChatDeps): SlackChat {
  const { web, post: api, logger, clock, retryAfter } = deps;
  const reconcilePages = deps.reconcilePages ?? 10;

  const cache = deps.cache;
  /** The permalink of a message up to its channel (`https://x.slack.com/archives/`), learnt from Slack's first answer. */
  let permalinkBase: string | undefined;

  async function openDm(user: string): Promise<string> {
    const cached = await cache?.get(`slack-dm:${user}`);
    if (cached) return cached;
    let channel: string | undefined;
    try {
      const opened = await withRetryAfter(retryAfter, () => api.openConversation({ users: user }));
      channel = opened.channel?.id;
    } catch (error) {
      if (platformErrorCode(error) !== undefined) {
        throw new DmUnavailableError(`Slack would not open a DM with ${user}: ${describeError(error)}`);
      }
      throw error;
    }
    if (!channel) throw new DmUnavailableError(`Slack opened no DM channel for ${user}`);
    await cache?.set(`slack-dm:${user}`, channel, DM_CACHE_MS);
    return channel;
  }

  /** Posts to a user's DM; a cached channel that Slack no longer accepts is forgotten and opened again, once. */
  async function postToDm(user: string, post: (channel: string) => Promise<string | undefined>) {
    const channel = await openDm(user);
    try {
      return { channel, ts: await post(channel) };
    } catch (error) {
      const code = platformErrorCode(error);
      if (!cache || code === undefined || !STALE_DM.has(code)) throw error;
      await cache.delete(`slack-dm:${user}`);
      const reopened = await openDm(user);
      return { channel: reopened, ts: await post(reopened) };
    }
  }

  return {
    platform: 'slack',
    openDm,

    async sendReview(card: ReviewCard): Promise<ReviewRef> {
      const rendered = renderReviewCard(card, clock.now());
      let ts: string | undefined;
      let channel: string;
      try {
        // A card that Slack refused was not posted, so posting it again to a re-opened DM cannot double it.
        ({ channel, ts } = await postToDm(card.recipient, async (dm) => {
          const posted = await api.postMessage({
            channel: dm,
            text: rendered.text,
            blocks: rendered.blocks,
            unfurl_links: false,
            unfurl_media: false,
          });
          return posted.ts;
        }));
      } catch (error) {
        if (platformErrorCode(error) !== undefined) {
          throw new DmUnavailableError(
            `Slack refused the review card in the DM with ${card.recipient}: ${describeError(error)}`,
          );
        }
        throw error;
      }
      if (!ts) throw new Error('Slack accepted the review card but returned no message ts');
      return { user: card.recipient, channel, message: ts };
    },

    async updateReview(ref: ReviewRef, card: ReviewCard): Promise<void> {
      const rendered = renderReviewCard(card, clock.now());
      await withRetryAfter(retryAfter, () =>
        api.update({
          channel: ref.channel,
          ts: ref.message,
          text: rendered.text,
          blocks: rendered.blocks,
        }),
      );
    },

    async publish(draft: Draft, approver: string): Promise<PublishedRef> {
      const { channel } = draft.target;
      const thread = draft.target.thread ?? draft.target.message;
      const message = publishedMessage(draft, approver);
      let ts: string | undefined;
      try {
        const posted = await api.postMessage({
          channel,
          ...(thread !== undefined ? { thread_ts: thread } : {}),
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          parse: 'none',
          metadata: { event_type: PUBLISHED_EVENT_TYPE, event_payload: { draft_id: draft.id } },
        });
        ts = posted.ts;
      } catch (error) {
        const code = platformErrorCode(error);
        if (code !== undefined) throw new Error(`Slack refused to publish (${code}): ${hintFor(code)}`);
        const waitMs = rateLimitedMs(error);
        if (waitMs !== undefined) {
          throw new Error(
            `Slack rate-limited the publish; nothing was posted. Press Retry in ${Math.ceil(waitMs / 1000)} s.`,
          );
        }
        throw new PublishUnknownError(`Slack did not confirm the post: ${describeError(error)}`);
      }
      if (!ts) throw new PublishUnknownError('Slack answered the post without a message ts');
      const permalink = await permalinkOf(channel, ts, thread);
      return { channel, messages: [ts], ...(permalink ? { permalink } : {}) };
    },

    async retract(draft: Draft): Promise<void> {
      const published = draft.published;
      if (!published) throw new Error(`draft ${draft.id} has no published message to retract`);
      for (const ts of published.messages) {
        try {
          await withRetryAfter(retryAfter, () => web.chat.delete({ channel: published.channel, ts }));
        } catch (error) {
          // Already gone (deleted by an admin): the goal is reached.
          if (platformErrorCode(error) === 'message_not_found') continue;
          throw new Error(`could not delete the published reply ${ts}: ${describeError(error)}`);
        }
      }
    },

    async notify(user: string, _workspace: string, text: string): Promise<void> {
      await postToDm(user, async (channel) => {
        const posted = await api.postMessage({
          channel,
          text: escapeSlackText(text),
          unfurl_links: false,
          unfurl_media: false,
        });
        return posted.ts;
      });
    },

    /** The expiry reminder, with its Extend button (a private DM message). */
    async remind(reminder: ExpiryReminder): Promise<void> {
      const rendered = renderExpiryReminder(reminder);
      await postToDm(reminder.recipient, async (channel) => {
        const posted = await api.postMessage({
          channel,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return posted.ts;
      });
    },

    /** The channel's name for policy name rules (conversations.info: channels:read, groups:read). */
    async channelName(_workspace: string, channel: string): Promise<string | undefined> {
      try {
        const info = await withRetryAfter(retryAfter, () => web.conversations.info({ channel }));
        return info.channel?.name;
      } catch (error) {
        throw new Error(
          `could not read the name of channel ${channel} (${describeError(error)}); policy name rules need the channels:read and groups:read scopes`,
        );
      }
    },

    async findPublished(draft: Draft): Promise<PublishedRef | undefined> {
      const { channel } = draft.target;
      const thread = draft.target.thread ?? draft.target.message;
      const oldest = ((draft.createdAt - 60_000) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < reconcilePages; page += 1) {
        const common = {
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        };
        let result: HistoryPage;
        try {
          result = await withRetryAfter(retryAfter, () =>
            thread !== undefined
              ? web.conversations.replies({ ...common, ts: thread })
              : web.conversations.history(common),
          );
        } catch (error) {
          throw new Error(
            `could not read back ${channel} to reconcile draft ${draft.id} (${describeError(error)}); ` +
              'it stays publish_unknown. Reading history needs the channels:history/groups:history scopes.',
          );
        }
        for (const found of result.messages ?? []) {
          if (
            found.metadata?.event_type === PUBLISHED_EVENT_TYPE &&
            found.metadata.event_payload?.draft_id === draft.id &&
            found.ts
          ) {
            const permalink = await permalinkOf(channel, found.ts);
            return { channel, messages: [found.ts], ...(permalink ? { permalink } : {}) };
          }
        }
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!result.has_more || !cursor) return undefined;
      }
      throw new Error(
        `reconciling draft ${draft.id}: searched ${reconcilePages * 200} messages of ${channel} without reaching the publish time; it stays publish_unknown`,
      );
    },
  };

  /**
   * A message's permalink is `<workspace>/archives/<channel>/p<ts without the dot>` (plus the thread for replies):
   * once Slack has answered one, the others are known without asking.
   */
  async function permalinkOf(channel: string, ts: string, thread?: string): Promise<string | undefined> {
    const path = `${channel}/p${ts.replace('.', '')}`;
    const query = thread !== undefined && thread !== ts ? `?thread_ts=${thread}&cid=${channel}` : '';
    if (permalinkBase) return `${permalinkBase}${path}${query}`;
    try {
      const result = await withRetryAfter(retryAfter, () =>
        web.chat.getPermalink({ channel, message_ts: ts }),
      );
      const permalink = result.permalink;
      if (permalink?.split('?')[0]?.endsWith(`/archives/${path}`)) {
        permalinkBase = permalink.slice(0, permalink.indexOf(`/archives/${path}`) + '/archives/'.length);
      }
      return permalink;
    } catch (error) {
      logger.debug({ err: error, channel, ts }, 'no permalink for a published reply (best effort)');
      return undefined;
    }
  }
}

interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/**
 * The published reply: the text with every control character escaped (so no mention or link token survives),
 * then the attribution. Long texts that would overflow Slack's block limits go out as plain text instead.
 */
export function publishedMessage(
  draft: Pick<Draft, 'text' | 'approvedBy' | 'secondApprovedBy'> &
    Partial<Pick<Draft, 'question' | 'requester' | 'target'>>,
  approver: string,
): { text: string; blocks?: types.KnownBlock[] } {
  const { body, attribution, asked } = composePublication(draft, approver, {
    dialect: 'slack',
    person: userRef,
  });
  const escaped = escapeSlackText(body);
  // The question, when the reply is not in its thread: `who` is a user token, the question is escaped text.
  const askedLine = asked ? `${asked.who} asked: ${escapeSlackText(asked.question)}` : undefined;
  const withAsked = (text: string) => (askedLine ? `${askedLine}\n\n${text}` : text);
  if (escapedLength(body) > CARD_TEXT_BUDGET) return { text: withAsked(`${escaped}\n\n_${attribution}_`) };
  // verbatim: Slack must not auto-link channel names or parse `@channel`-style words in what is published.
  const sections: types.KnownBlock[] = splitForBlocks(body, SECTION_LIMIT).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: escapeSlackText(piece), verbatim: true },
  }));
  const question: types.KnownBlock[] = askedLine
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: askedLine, verbatim: true }] }]
    : [];
  return {
    text: withAsked(escaped),
    blocks: [
      ...question,
      ...sections,
      { type: 'context', elements: [{ type: 'mrkdwn', text: attribution }] },
    ],
  };
}
