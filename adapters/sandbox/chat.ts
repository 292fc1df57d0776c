/** The sandbox's ChatPlatform: the Gate's outbound calls, rendered into the in-memory workspace. */
import type { Draft, PublishedRef, ReviewRef } from '../../src/core/draft.js';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import { type ChatPlatform, DmUnavailableError } from '../../src/core/ports.js';
import { composePublication } from '../../src/core/publish-text.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import { neutralizeMentions } from './neutralize-mentions.js';
import { renderReviewCard } from './render-card.js';
import type { SandboxWorkspace } from './workspace.js';

export const SANDBOX_BOT = { id: 'draftgate', name: 'draftgate' } as const;

export class SandboxChat implements ChatPlatform {
  readonly platform = 'sandbox' as const;

  constructor(private readonly workspace: SandboxWorkspace) {}

  async sendReview(card: ReviewCard): Promise<ReviewRef> {
    this.requireUser(card.recipient);
    const item = this.workspace.addCard(card.recipient, renderReviewCard(card));
    return { user: card.recipient, channel: dmChannel(card.recipient), message: item.id };
  }

  async updateReview(ref: ReviewRef, card: ReviewCard): Promise<void> {
    if (!this.workspace.updateCard(ref.user, ref.message, renderReviewCard(card))) {
      throw new Error(`the sandbox has no review card ${ref.message} in ${ref.user}'s DM`);
    }
  }

  async publish(draft: Draft, approver: string): Promise<PublishedRef> {
    const already = await this.findPublished(draft);
    if (already) return already;
    const { channel, thread } = draft.target;
    if (channel !== this.workspace.channel.id) {
      throw new Error(`the sandbox has no channel "${channel}"; it only has #${this.workspace.channel.name}`);
    }
    if (thread !== undefined && !this.workspace.message(thread)) {
      throw new Error(`the thread ${thread} no longer exists in #${this.workspace.channel.name}`);
    }
    const publication = composePublication(draft, approver, {
      dialect: 'sandbox',
      person: (id) => this.workspace.displayName(id),
    });
    const message = this.workspace.post({
      channel,
      ...(thread !== undefined && { thread }),
      author: SANDBOX_BOT.id,
      authorName: SANDBOX_BOT.name,
      text: neutralizeMentions(publication.body),
      published: {
        draftId: draft.id,
        agent: draft.agent,
        approvedBy: [...publication.approvers],
        attribution: publication.attribution,
        ...(publication.asked && { asked: publication.asked.line }),
      },
    });
    return { channel, messages: [message.id], permalink: `/#${message.id}` };
  }

  /** The sandbox's one channel has a name; any other id is unknown (a name rule then refuses). */
  async channelName(_workspace: string, channel: string): Promise<string | undefined> {
    return channel === this.workspace.channel.id ? this.workspace.channel.name : undefined;
  }

  async retract(draft: Draft): Promise<void> {
    const ids = draft.published?.messages ?? [];
    for (const id of ids) this.workspace.deleteMessage(id);
  }

  async notify(user: string, _workspace: string, text: string): Promise<void> {
    this.requireUser(user);
    this.workspace.addNote(user, text);
  }

  /** The expiry reminder: a note in the requester's DM, with Extend when it is offered. */
  async remind(reminder: ExpiryReminder): Promise<void> {
    this.requireUser(reminder.recipient);
    const { draft } = reminder;
    const extend = reminder.extend ? { draftId: draft.id, version: draft.version } : undefined;
    this.workspace.addNote(reminder.recipient, reminder.text, extend);
  }

  async findPublished(draft: Draft): Promise<PublishedRef | undefined> {
    const messages = this.workspace.listMessages().filter((m) => m.published?.draftId === draft.id);
    const first = messages[0];
    if (!first) return undefined;
    return { channel: first.channel, messages: messages.map((m) => m.id), permalink: `/#${first.id}` };
  }

  private requireUser(user: string): void {
    if (!this.workspace.user(user)) {
      const known = this.workspace
        .listUsers()
        .map((u) => u.id)
        .join(', ');
      throw new DmUnavailableError(`the sandbox has no user "${user}" to message; its users are ${known}`);
    }
  }
}

export function dmChannel(user: string): string {
  return `dm-${user}`;
}
