/** Block Kit action ids, modal callback ids and block ids that draftgate's Slack listeners answer to. */
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
