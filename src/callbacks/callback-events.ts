/**
 * Which audit events an intake agent hears about, and what its callback says. An agent learns the outcome of its
 * own drafts (state, version, the reviewer's feedback), never who decided.
 */
import type { AuditEntry } from '../core/audit-event.js';

export const CALLBACK_EVENTS = ['published', 'discarded', 'expired', 'retracted', 'regenerated'] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

export interface CallbackBody {
  /** Unique per delivery and the same on every retry of it: receivers drop repeats by it. */
  delivery_id: string;
  type: CallbackEvent;
  draft_id: string;
  agent: string;
  version: number;
  at: string;
  /** sha256 of the draft's text after the event (for `published`: of the text that was posted). */
  text_sha256: string;
  /** `regenerated`: what the reviewer asked to change; submit the new text to POST /v1/drafts/:id/versions. */
  feedback?: string;
}

function isCallbackEvent(type: string): type is CallbackEvent {
  return (CALLBACK_EVENTS as readonly string[]).includes(type);
}

/** The callback for an audit entry of an agent's draft, or undefined when the entry is not one agents hear. */
export function callbackFor(entry: AuditEntry, agent: string): CallbackBody | undefined {
  if (!isCallbackEvent(entry.type)) return undefined;
  const detail = parseDetail(entry.detail);
  // `regenerated` is also recorded when the new version arrives; only the reviewer's request is news.
  if (entry.type === 'regenerated' && detail.phase !== 'requested') return undefined;
  return {
    delivery_id: entry.id,
    type: entry.type,
    draft_id: entry.draft_id,
    agent,
    version: Number(entry.version),
    at: entry.at,
    text_sha256: entry.text_sha256,
    ...(entry.type === 'regenerated' && typeof detail.feedback === 'string'
      ? { feedback: detail.feedback }
      : {}),
  };
}

function parseDetail(detail: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
