/**
 * What an approved draft becomes on Discord: one message, or an ordered series when the text is longer than
 * Discord's 2000 characters (split on paragraph, then sentence boundaries). Every part carries the attribution
 * line with the draft id (reconciliation looks for it), a nonce derived from the draft id, no parsed mentions
 * and no link embeds. Only the first part replies to the message a context-menu request targeted.
 */
import { MessageFlags } from 'discord.js';
import type { Draft } from '../../src/core/draft.js';
import { composePublication } from '../../src/core/publish-text.js';
import { publishNonce } from './publish-nonce.js';
import { splitMessage } from './split-message.js';

export const MESSAGE_MAX = 2000;
/** Room for " · 99/99". */
const PART_SUFFIX_RESERVE = 8;

export interface PublishBody {
  content: string;
  allowed_mentions: { parse: []; replied_user: false };
  flags: number;
  nonce: string;
  enforce_nonce: true;
  message_reference?: { message_id: string; fail_if_not_exists: false };
}

/** The subtext line under every part. Agent text can no longer produce a subtext line (see publish-text.ts). */
export function attributionLine(draftId: string, attribution: string): string {
  return `-# ${attribution} · ref ${draftId}`;
}

/** The marker that identifies our parts when reconciling (the attribution's tail). */
export function attributionMarker(draftId: string): string {
  return `· ref ${draftId}`;
}

export function publishParts(
  draft: Pick<Draft, 'id' | 'text' | 'target' | 'approvedBy' | 'secondApprovedBy'> &
    Partial<Pick<Draft, 'question' | 'requester'>>,
  approver: string,
): PublishBody[] {
  const publication = composePublication(draft, approver, { dialect: 'discord', person: (id) => `<@${id}>` });
  const attribution = attributionLine(draft.id, publication.attribution);
  // The question, when the reply is not attached to it, as a quote line above the first part (no one is pinged).
  const asked = publication.asked ? `> ${publication.asked.line}\n` : '';
  const limit = MESSAGE_MAX - attribution.length - PART_SUFFIX_RESERVE - 1 - asked.length;
  const texts = splitMessage(publication.body, limit);
  return texts.map((text, index) => {
    const suffix = texts.length > 1 ? ` · ${index + 1}/${texts.length}` : '';
    const body: PublishBody = {
      content: `${index === 0 ? asked : ''}${text}\n${attribution}${suffix}`,
      allowed_mentions: { parse: [], replied_user: false },
      flags: MessageFlags.SuppressEmbeds,
      nonce: publishNonce(draft.id, index),
      enforce_nonce: true,
    };
    if (index === 0 && draft.target.message) {
      body.message_reference = { message_id: draft.target.message, fail_if_not_exists: false };
    }
    return body;
  });
}
