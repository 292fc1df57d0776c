/**
 * The Discord action codec: custom_id of draftgate's buttons and modals, `draftgate:<action>:<draftId>:<version>`.
 * The version is the one the card showed, so that the Gate can refuse stale clicks and stale modal submissions.
 */
import { decodeActionValue, encodeActionValue } from '../../src/core/review-card.js';

export const BUTTON_ACTIONS = [
  'approve',
  'ask',
  'confirm',
  'edit',
  'regenerate',
  'discard',
  'retract',
  // On the expiry reminder.
  'extend',
  // On the pending list: send this draft's card to my DM again.
  'open',
] as const;
export const MODAL_ACTIONS = ['edit-modal', 'regenerate-modal'] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];
export type ModalAction = (typeof MODAL_ACTIONS)[number];
export type CustomIdAction = ButtonAction | ModalAction;

const PREFIX = 'draftgate';

/**
 * Names older releases wrote into custom_ids. Cards already sitting in DMs keep them until they are updated, so
 * they are still read, as the action they always meant.
 */
const LEGACY_ACTIONS: Readonly<Record<string, CustomIdAction>> = {
  regen: 'regenerate',
  'regen-modal': 'regenerate-modal',
};

export interface ParsedCustomId {
  action: CustomIdAction;
  draftId: string;
  version: number;
}

export function encodeCustomId(action: CustomIdAction, draftId: string, version: number): string {
  return `${PREFIX}:${action}:${encodeActionValue(draftId, version)}`;
}

/** Undefined for anything that is not one of ours (other bots' buttons, tampered ids). */
export function decodeCustomId(customId: string): ParsedCustomId | undefined {
  const [prefix, written, ...rest] = customId.split(':');
  const action = written === undefined ? undefined : (LEGACY_ACTIONS[written] ?? written);
  if (prefix !== PREFIX || action === undefined || !isAction(action)) return undefined;
  const value = decodeActionValue(rest.join(':'));
  if (!value) return undefined;
  return { action, ...value };
}

function isAction(value: string): value is CustomIdAction {
  return (
    (BUTTON_ACTIONS as readonly string[]).includes(value) ||
    (MODAL_ACTIONS as readonly string[]).includes(value)
  );
}
