/**
 * A recording ChatPlatform for core tests (the Gate's port, not a platform SDK). Platform e2e tests use fake HTTP
 * APIs and the real SDKs instead.
 */
import type { Draft, Platform, PublishedRef, ReviewRef } from '../../src/core/draft.js';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import { type ChatPlatform, DmUnavailableError, PublishUnknownError } from '../../src/core/ports.js';
import { composePublication } from '../../src/core/publish-text.js';
import type { ReviewCard } from '../../src/core/review-card.js';

export class FakeChat implements ChatPlatform {
  readonly platform: Platform = 'slack';
  readonly cards: { ref: ReviewRef; card: ReviewCard }[] = [];
  readonly updates: { ref: ReviewRef; card: ReviewCard }[] = [];
  /** What was published; `attribution` is composed by the core's one rule, as every real chat does. */
  readonly posts: {
    draftId: string;
    text: string;
    approver: string;
    channel: string;
    attribution: string;
  }[] = [];
  /** The question each publish was handed (the Gate redacts it first), in publish order. */
  readonly questions: string[] = [];
  readonly retracted: string[] = [];
  readonly notes: { user: string; text: string }[] = [];
  readonly reminders: ExpiryReminder[] = [];
  /** Every inboxChanged call: whose inbox the Gate asked the platform to refresh. */
  readonly inboxChanges: { workspace: string; users: readonly string[] }[] = [];
  dmClosed = new Set<string>();
  /** What the next publish does. */
  publishMode: 'ok' | 'unknown_after_post' | 'unknown_before_post' | 'error' = 'ok';
  findMode: 'search' | 'error' = 'search';
  /** Channel names by id, as the platform would answer a look-up; `nameLookup: 'error'` makes it fail. */
  readonly channelNames = new Map<string, string>();
  nameLookup: 'ok' | 'error' = 'ok';
  readonly nameLookups: string[] = [];
  #next = 1;

  async sendReview(card: ReviewCard): Promise<ReviewRef> {
    if (this.dmClosed.has(card.recipient)) throw new DmUnavailableError(`cannot DM ${card.recipient}`);
    const ref = { user: card.recipient, channel: `D-${card.recipient}`, message: String(this.#next++) };
    this.cards.push({ ref, card });
    return ref;
  }

  inboxChanged(workspace: string, users: readonly string[]): void {
    this.inboxChanges.push({ workspace, users });
  }

  async updateReview(ref: ReviewRef, card: ReviewCard): Promise<void> {
    this.updates.push({ ref, card });
  }

  async publish(draft: Draft, approver: string): Promise<PublishedRef> {
    if (this.publishMode === 'error') throw new Error('channel_not_found');
    if (this.publishMode === 'unknown_before_post')
      throw new PublishUnknownError('timeout before the platform answered');
    const { attribution } = composePublication(draft, approver, {
      dialect: 'slack',
      person: (id) => `<@${id}>`,
    });
    this.posts.push({
      draftId: draft.id,
      text: draft.text,
      approver,
      channel: draft.target.channel,
      attribution,
    });
    this.questions.push(draft.question);
    if (this.publishMode === 'unknown_after_post')
      throw new PublishUnknownError('timeout after the post was accepted');
    return { channel: draft.target.channel, messages: [`m${this.posts.length}`] };
  }

  async retract(draft: Draft): Promise<void> {
    this.retracted.push(draft.id);
  }

  async notify(user: string, _workspace: string, text: string): Promise<void> {
    if (this.dmClosed.has(user)) throw new DmUnavailableError(`cannot DM ${user}`);
    this.notes.push({ user, text });
  }

  async remind(reminder: ExpiryReminder): Promise<void> {
    if (this.dmClosed.has(reminder.recipient))
      throw new DmUnavailableError(`cannot DM ${reminder.recipient}`);
    this.reminders.push(reminder);
  }

  async findPublished(draft: Draft): Promise<PublishedRef | undefined> {
    if (this.findMode === 'error') throw new Error('history unavailable');
    const index = this.posts.findIndex((p) => p.draftId === draft.id);
    return index < 0 ? undefined : { channel: draft.target.channel, messages: [`m${index + 1}`] };
  }

  async channelName(_workspace: string, channel: string): Promise<string | undefined> {
    this.nameLookups.push(channel);
    if (this.nameLookup === 'error') throw new Error('conversations.info failed');
    return this.channelNames.get(channel);
  }

  lastCard(draftId: string): ReviewCard | undefined {
    const all = [...this.cards, ...this.updates].filter((c) => c.card.draft.id === draftId);
    return all.at(-1)?.card;
  }
}
