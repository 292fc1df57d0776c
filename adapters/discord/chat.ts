/**
 * The Discord ChatPlatform: review cards in DMs (or in an ephemeral follow-up when DMs are closed), publishing,
 * retracting and reconciliation, all through discord.js's REST client (created with `retries: 0`).
 */
import type { APIChannel, APIMessage, APIUser, REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Draft, PublishedRef, ReviewRef } from '../../src/core/draft.js';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import type { ChatPlatform, Clock } from '../../src/core/ports.js';
import { DmUnavailableError, PublishUnknownError } from '../../src/core/ports.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import { describeRestError, isDefiniteRefusal, isDmClosed, isUnknownMessage } from './discord-errors.js';
import { decodeFollowUpRef } from './fallback-ref.js';
import { jumpLink } from './jump-link.js';
import { attributionMarker, type PublishBody, publishParts } from './publish-parts.js';
import { renderExpiryReminder, renderReviewCard } from './render-card.js';

/** How far back reconciliation looks for a publish whose outcome is unknown. */
const RECONCILE_WINDOW_MS = 60 * 60_000;
const RECONCILE_PAGE = 100;
const DISCORD_EPOCH = 1_420_070_400_000n;

export interface DiscordChatDeps {
  rest: REST;
  clock: Clock;
  logger: Logger;
  /** The bot's own user id when known (gateway READY); otherwise looked up once with GET /users/@me. */
  botUserId?: () => string | undefined;
}

export class DiscordChat implements ChatPlatform {
  readonly platform = 'discord' as const;
  #botUserId: string | undefined;

  constructor(private readonly deps: DiscordChatDeps) {}

  async sendReview(card: ReviewCard): Promise<ReviewRef> {
    const message = await this.#sendDm(card.recipient, renderReviewCard(card, this.deps.clock.now()));
    return { user: card.recipient, channel: message.channel_id, message: message.id };
  }

  async updateReview(ref: ReviewRef, card: ReviewCard): Promise<void> {
    const body = renderReviewCard(card, this.deps.clock.now());
    const followUp = decodeFollowUpRef(ref.extra);
    try {
      if (followUp) {
        await this.deps.rest.patch(Routes.webhookMessage(followUp.app, followUp.token, ref.message), {
          body,
          auth: false,
        });
      } else {
        await this.deps.rest.patch(Routes.channelMessage(ref.channel, ref.message), { body });
      }
    } catch (error) {
      const where = followUp
        ? 'the private card shown in Discord (interaction tokens last 15 minutes; open DMs to get cards that stay current)'
        : `the review card in DM ${ref.channel}`;
      throw new Error(`could not update ${where}: ${describeRestError(error)}`, { cause: error });
    }
  }

  async publish(draft: Draft, approver: string): Promise<PublishedRef> {
    const channel = draft.target.channel;
    const parts = publishParts(draft, approver);
    const ids: string[] = [];
    for (const [index, body] of parts.entries()) {
      try {
        const message = await this.#postOnce(channel, body);
        ids.push(message.id);
      } catch (error) {
        if (ids.length > 0) {
          throw new PublishUnknownError(
            `posted ${ids.length} of ${parts.length} parts, then part ${index + 1} failed: ${describeRestError(error)}`,
            { cause: error },
          );
        }
        throw error;
      }
    }
    const first = ids[0];
    return {
      channel,
      messages: ids,
      ...(first ? { permalink: jumpLink(draft.target.workspace, channel, first) } : {}),
    };
  }

  async retract(draft: Draft): Promise<void> {
    const published = draft.published;
    if (!published) return;
    for (const id of published.messages) {
      try {
        await this.deps.rest.delete(Routes.channelMessage(published.channel, id));
      } catch (error) {
        if (isUnknownMessage(error)) continue; // Already gone: that is what retract wants.
        throw new Error(
          `could not delete message ${id} in channel ${published.channel}: ${describeRestError(error)}`,
          { cause: error },
        );
      }
    }
  }

  async notify(user: string, _workspace: string, text: string): Promise<void> {
    await this.#sendDm(user, { content: text.slice(0, 2000), allowed_mentions: { parse: [] } });
  }

  /** The expiry reminder, a DM with its Extend button. */
  async remind(reminder: ExpiryReminder): Promise<void> {
    await this.#sendDm(reminder.recipient, renderExpiryReminder(reminder));
  }

  /** The channel's (or thread's) name for policy name rules, from GET /channels/{id}. */
  async channelName(_guild: string, channel: string): Promise<string | undefined> {
    try {
      const found = (await this.deps.rest.get(Routes.channel(channel))) as { name?: unknown };
      return typeof found.name === 'string' ? found.name : undefined;
    } catch (error) {
      throw new Error(`could not read the name of channel ${channel}: ${describeRestError(error)}`, {
        cause: error,
      });
    }
  }

  async findPublished(draft: Draft): Promise<PublishedRef | undefined> {
    const channel = draft.target.channel;
    const since = BigInt(Math.max(0, (draft.publishedAt ?? draft.updatedAt) - RECONCILE_WINDOW_MS));
    const after = String(since > DISCORD_EPOCH ? (since - DISCORD_EPOCH) << 22n : 0n);
    let messages: APIMessage[];
    try {
      messages = (await this.deps.rest.get(Routes.channelMessages(channel), {
        query: new URLSearchParams({ after, limit: String(RECONCILE_PAGE) }),
      })) as APIMessage[];
    } catch (error) {
      throw new Error(
        `could not read channel ${channel} to reconcile draft ${draft.id}: ${describeRestError(error)}`,
        {
          cause: error,
        },
      );
    }
    const self = await this.#selfId();
    const marker = attributionMarker(draft.id);
    const ours = messages
      .filter((m) => m.author.id === self && m.content.includes(marker))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const first = ours[0];
    if (!first) {
      if (messages.length >= RECONCILE_PAGE) {
        throw new Error(
          `channel ${channel} had ${messages.length}+ messages since the publish of draft ${draft.id}; ` +
            'cannot tell whether it was posted: check the channel and retract or discard by hand',
        );
      }
      return undefined;
    }
    return {
      channel,
      messages: ours.map((m) => m.id),
      permalink: jumpLink(draft.target.workspace, channel, first.id),
    };
  }

  /** One POST, and on an ambiguous outcome one retry with the same nonce (Discord deduplicates it). */
  async #postOnce(channel: string, body: PublishBody): Promise<APIMessage> {
    const route = Routes.channelMessages(channel);
    try {
      return (await this.deps.rest.post(route, { body })) as APIMessage;
    } catch (error) {
      if (isDefiniteRefusal(error)) {
        throw new Error(`Discord refused to publish in channel ${channel}: ${describeRestError(error)}`, {
          cause: error,
        });
      }
      this.deps.logger.warn(
        { channel, nonce: body.nonce, err: describeRestError(error) },
        'publish outcome unknown; retrying once with the same nonce',
      );
    }
    try {
      return (await this.deps.rest.post(route, { body })) as APIMessage;
    } catch (error) {
      throw new PublishUnknownError(
        `publishing to channel ${channel} may or may not have happened: ${describeRestError(error)}`,
        { cause: error },
      );
    }
  }

  async #sendDm(user: string, body: object): Promise<APIMessage> {
    try {
      const dm = (await this.deps.rest.post(Routes.userChannels(), {
        body: { recipient_id: user },
      })) as APIChannel;
      return (await this.deps.rest.post(Routes.channelMessages(dm.id), { body })) as APIMessage;
    } catch (error) {
      if (isDmClosed(error)) {
        throw new DmUnavailableError(
          `user ${user} does not accept DMs from draftgate (Discord error 50007): they can allow DMs from server members`,
          { cause: error },
        );
      }
      throw new Error(`could not send a DM to user ${user}: ${describeRestError(error)}`, { cause: error });
    }
  }

  async #selfId(): Promise<string> {
    const known = this.deps.botUserId?.() ?? this.#botUserId;
    if (known) return known;
    const me = (await this.deps.rest.get(Routes.user())) as APIUser;
    this.#botUserId = me.id;
    return me.id;
  }
}
