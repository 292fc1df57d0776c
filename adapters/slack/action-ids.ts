/**
 * The Slack action codec: the Block Kit action ids, modal callback ids and block ids that draftgate's listeners
 * answer to, and the button values and modal private_metadata they carry: the draft id and the version the card
 * showed (encodeActionValue), plus, for an Approve button behind a confirm dialog, a marker that the click went
 * through that dialog.
 */
import { decodeActionValue, encodeActionValue } from '../../src/core/review-card.js';

export const ACTION = {
  approve: 'draftgate:approve',
  edit: 'draftgate:edit',
  regenerate: 'draftgate:regenerate',
  discard: 'draftgate:discard',
  /** Extend, on the expiry reminder. */
  extend: 'draftgate:extend',
  retract: 'draftgate:retract',
  /** The App Home inbox: send the card to my DM again, or discard from the list. */
  homeOpen: 'draftgate:home_open',
  homeDiscard: 'draftgate:home_discard',
} as const;

export const VIEW = {
  edit: 'draftgate:edit_modal',
  regenerate: 'draftgate:regenerate_modal',
  info: 'draftgate:info_modal',
} as const;

export const BLOCK = {
  editText: 'draftgate:edit_text',
  feedback: 'draftgate:feedback',
} as const;

export const INPUT = {
  editText: 'text',
  feedback: 'feedback',
} as const;

/** Message metadata event type on every published reply (reconciliation finds replies by it). */
export const PUBLISHED_EVENT_TYPE = 'draftgate_published';

const CONFIRMED_SUFFIX = ':confirmed';

export interface ActionValue {
  draftId: string;
  version: number;
  confirmed: boolean;
}

export function encodeButtonValue(draftId: string, version: number, confirmed = false): string {
  return encodeActionValue(draftId, version) + (confirmed ? CONFIRMED_SUFFIX : '');
}

export function decodeButtonValue(value: string | undefined): ActionValue | undefined {
  if (value === undefined) return undefined;
  const confirmed = value.endsWith(CONFIRMED_SUFFIX);
  const decoded = decodeActionValue(confirmed ? value.slice(0, -CONFIRMED_SUFFIX.length) : value);
  return decoded ? { ...decoded, confirmed } : undefined;
}
