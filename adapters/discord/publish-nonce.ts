/**
 * The `nonce` of a published part, derived from the draft id (Discord allows at most 25 characters). With
 * `enforce_nonce: true`, Discord answers a repeated post of the same nonce with the message it already created,
 * which makes the one retry of an ambiguous publish safe.
 */
import { createHash } from 'node:crypto';

export const NONCE_MAX = 25;

/** `part` counts from 0. Part 0 is the draft id itself; later parts get a suffix. */
export function publishNonce(draftId: string, part: number): string {
  const plain = part === 0 ? draftId : `${draftId}-${part + 1}`;
  if (plain.length <= NONCE_MAX) return plain;
  return createHash('sha256').update(`${draftId}:${part}`).digest('base64url').slice(0, NONCE_MAX);
}
