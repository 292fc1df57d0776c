/**
 * How a Draft is laid out in one flat hash (Redis) or record (memory). Fields that the sweep scripts read
 * (state, version, platform, workspace, channel, text_sha256) are plain; identity fields that never change after
 * creation share one JSON field, `meta`; `originalText` is stored only when it differs from `text`.
 */
import { sha256Hex } from '../core/audit-hash.js';
import type { Draft, DraftState } from '../core/draft.js';

type Meta = Pick<Draft, 'id' | 'target' | 'requester' | 'question' | 'agent' | 'source' | 'createdAt'> & {
  context?: string;
};

const NUMBER_FIELDS = [
  'version',
  'updatedAt',
  'expiresAt',
  'publishedAt',
  'retractUntil',
  'extensions',
] as const;
const STRING_FIELDS = ['text', 'feedback', 'failure', 'approvedBy', 'secondApprovedBy'] as const;
const JSON_FIELDS = ['findings', 'published', 'previous'] as const;
/** Each review card is its own field, `review:<user>`, so that attaching one never races another write. */
export const REVIEW_FIELD_PREFIX = 'review:';

/** Flat field/value pairs for the given draft properties (all values strings). */
export function encodeDraftFields(draft: Partial<Draft>): string[] {
  const out: string[] = [];
  if (draft.state !== undefined) out.push('state', draft.state);
  for (const name of NUMBER_FIELDS) {
    const value = draft[name];
    if (value !== undefined) out.push(name, String(value));
  }
  for (const name of STRING_FIELDS) {
    const value = draft[name];
    if (value !== undefined) out.push(name, value);
  }
  for (const name of JSON_FIELDS) {
    const value = draft[name];
    if (value !== undefined) out.push(name, JSON.stringify(value));
  }
  for (const review of draft.reviews ?? [])
    out.push(`${REVIEW_FIELD_PREFIX}${review.user}`, JSON.stringify(review));
  if (draft.confirmed !== undefined) out.push('confirmed', draft.confirmed ? '1' : '0');
  if (draft.text !== undefined) {
    out.push('text_sha256', draft.text === '' ? '' : sha256Hex(draft.text));
    // originalText is stored relative to text, so the two are always written together.
    if (draft.originalText === undefined)
      throw new Error('encodeDraftFields: text is written with originalText');
    out.push('originalText', draft.originalText === draft.text ? '' : draft.originalText);
  } else if (draft.originalText !== undefined) {
    out.push('originalText', draft.originalText);
  }
  if (draft.target !== undefined) {
    out.push(
      'platform',
      draft.target.platform,
      'workspace',
      draft.target.workspace,
      'channel',
      draft.target.channel,
    );
  }
  if (draft.id !== undefined && draft.target !== undefined) {
    const meta: Meta = {
      id: draft.id,
      target: draft.target,
      requester: draft.requester ?? '',
      question: draft.question ?? '',
      agent: draft.agent ?? '',
      source: draft.source ?? 'slash',
      createdAt: draft.createdAt ?? 0,
      ...(draft.context !== undefined ? { context: draft.context } : {}),
    };
    out.push('meta', JSON.stringify(meta));
  }
  return out;
}

/** Field names to delete for the given optional properties. */
export function unsetFields(names: readonly (keyof Draft)[]): string[] {
  return names.map((name) => String(name));
}

export function decodeDraft(record: Readonly<Record<string, string>>): Draft | undefined {
  const metaJson = record.meta;
  const state = record.state;
  if (metaJson === undefined || state === undefined) return undefined;
  const meta = JSON.parse(metaJson) as Meta;
  const text = record.text ?? '';
  const draft: Draft = {
    ...meta,
    state: state as DraftState,
    version: Number(record.version ?? '0'),
    text,
    originalText: record.originalText ? record.originalText : text,
    findings: record.findings ? (JSON.parse(record.findings) as Draft['findings']) : [],
    reviews: Object.entries(record)
      .filter(([key]) => key.startsWith(REVIEW_FIELD_PREFIX))
      .map(([, value]) => JSON.parse(value) as Draft['reviews'][number]),
    updatedAt: Number(record.updatedAt ?? meta.createdAt),
    expiresAt: Number(record.expiresAt ?? '0'),
  };
  if (record.published) draft.published = JSON.parse(record.published) as NonNullable<Draft['published']>;
  if (record.previous) draft.previous = JSON.parse(record.previous) as NonNullable<Draft['previous']>;
  if (record.publishedAt) draft.publishedAt = Number(record.publishedAt);
  if (record.retractUntil) draft.retractUntil = Number(record.retractUntil);
  if (record.extensions) draft.extensions = Number(record.extensions);
  if (record.feedback !== undefined) draft.feedback = record.feedback;
  if (record.failure !== undefined) draft.failure = record.failure;
  if (record.approvedBy !== undefined) draft.approvedBy = record.approvedBy;
  if (record.secondApprovedBy !== undefined) draft.secondApprovedBy = record.secondApprovedBy;
  if (record.confirmed !== undefined) draft.confirmed = record.confirmed === '1';
  return draft;
}

/** Flat [k1, v1, k2, v2…] to a record. */
export function pairsToRecord(pairs: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = pairs[i];
    const value = pairs[i + 1];
    if (key !== undefined && value !== undefined) record[key] = value;
  }
  return record;
}
