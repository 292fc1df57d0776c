/**
 * Button values and modal private_metadata: the draft id and the version the card showed (encodeActionValue),
 * plus, for an Approve button behind a confirm dialog, a marker that the click went through that dialog.
 */
import { decodeActionValue, encodeActionValue } from '../../src/core/review-card.js';

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
