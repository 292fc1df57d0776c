/**
 * A ChatPlatform that answers at once without any I/O: for measuring the Gate and Redis alone (and for filling
 * Redis with pending drafts quickly). It returns Slack-shaped references.
 */
import type { Draft, PublishedRef, ReviewRef } from '../../src/core/draft.js';
import type { ChatPlatform } from '../../src/core/ports.js';
import type { ReviewCard } from '../../src/core/review-card.js';

export function noopSlackChat(): ChatPlatform {
  let ts = 0;
  const nextTs = () => {
    ts += 1;
    return `1700000000.${String(ts).padStart(6, '0')}`;
  };
  return {
    platform: 'slack',
    async sendReview(card: ReviewCard): Promise<ReviewRef> {
      return { user: card.recipient, channel: `D${card.recipient}`, message: nextTs() };
    },
    async updateReview(): Promise<void> {},
    async publish(draft: Draft): Promise<PublishedRef> {
      return { channel: draft.target.channel, messages: [nextTs()] };
    },
    async retract(): Promise<void> {},
    async notify(): Promise<void> {},
    async findPublished(): Promise<PublishedRef | undefined> {
      return undefined;
    },
  };
}
