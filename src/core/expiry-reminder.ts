/**
 * The expiry reminder: the one private message a requester gets `policy.expiry_warning` before their draft expires,
 * with Extend while extensions remain. The core decides what it says and offers; adapters only render it.
 */
import type { Draft } from './draft.js';
import type { Policy } from './policy.js';

export interface ExpiryReminder {
  draft: Draft;
  /** Who gets it (the requester). */
  recipient: string;
  /** The message, in plain words. */
  text: string;
  /** Extend is offered: by how long (ms), and how many extensions remain after this one. Absent: no more. */
  extend?: { byMs: number; remainingAfter: number };
}

/** "1 h", "25 min", "2 d": a rough duration for people. */
export function roughDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function buildExpiryReminder(draft: Draft, policy: Policy, now: number): ExpiryReminder {
  const used = draft.extensions ?? 0;
  const left = policy.maxExtensions - used;
  const about = draft.question.replace(/\s+/g, ' ').trim();
  const subject =
    about === ''
      ? 'Your draft reply'
      : `Your draft reply to "${about.slice(0, 80)}${about.length > 80 ? '…' : ''}"`;
  const expires = `${subject} expires in about ${roughDuration(draft.expiresAt - now)} and will then never be posted.`;
  if (left <= 0) {
    return {
      draft,
      recipient: draft.requester,
      text: `${expires} Decide on its review card before then; it cannot be extended again.`,
    };
  }
  return {
    draft,
    recipient: draft.requester,
    text: `${expires} Decide on its review card, or press Extend to keep it ${roughDuration(policy.draftTtlMs)} longer.`,
    extend: { byMs: policy.draftTtlMs, remainingAfter: left - 1 },
  };
}
