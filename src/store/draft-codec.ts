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

/** A draft from its hash as a record (the memory store, ioredis' HGETALL). */
export function decodeDraft(record: Readonly<Record<string, string>>): Draft | undefined {
  return decodeDraftFields(new Map(Object.entries(record)));
}

/**
 * A draft from its hash as Redis answers it, [k1, v1, k2, v2…]. Read into a Map, not an object: each new key on a
 * plain object took V8's slow path for adding a property (~20 per draft, 4 drafts per flow).
 */
export function decodeDraftPairs(pairs: readonly string[]): Draft | undefined {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = pairs[i];
    const value = pairs[i + 1];
    if (key !== undefined && value !== undefined) fields.set(key, value);
  }
  return decodeDraftFields(fields);
}

function decodeDraftFields(fields: ReadonlyMap<string, string>): Draft | undefined {
  const metaJson = fields.get('meta');
  const state = fields.get('state');
  if (metaJson === undefined || state === undefined) return undefined;
  const meta = JSON.parse(metaJson) as Meta;
  const text = fields.get('text') ?? '';
  const originalText = fields.get('originalText');
  const findings = fields.get('findings');
  const reviews: Draft['reviews'] = [];
  for (const [key, value] of fields) {
    if (key.startsWith(REVIEW_FIELD_PREFIX)) reviews.push(JSON.parse(value) as Draft['reviews'][number]);
  }
  // Built property by property in one fixed order: spreading the parsed `meta` and adding fields after it made V8
  // create new hidden-class transitions on every decode (~20 µs a draft, ten times the rest of the decode).
  const draft: Draft = {
    id: meta.id,
    target: meta.target,
    requester: meta.requester,
    question: meta.question,
    agent: meta.agent,
    source: meta.source,
    createdAt: meta.createdAt,
    state: state as DraftState,
    version: Number(fields.get('version') ?? '0'),
    text,
    originalText: originalText ? originalText : text,
    findings: findings ? (JSON.parse(findings) as Draft['findings']) : [],
    reviews,
    updatedAt: Number(fields.get('updatedAt') ?? meta.createdAt),
    expiresAt: Number(fields.get('expiresAt') ?? '0'),
  };
  if (meta.context !== undefined) draft.context = meta.context;
  const published = fields.get('published');
  if (published) draft.published = JSON.parse(published) as NonNullable<Draft['published']>;
  const previous = fields.get('previous');
  if (previous) draft.previous = JSON.parse(previous) as NonNullable<Draft['previous']>;
  const publishedAt = fields.get('publishedAt');
  if (publishedAt) draft.publishedAt = Number(publishedAt);
  const retractUntil = fields.get('retractUntil');
  if (retractUntil) draft.retractUntil = Number(retractUntil);
  const extensions = fields.get('extensions');
  if (extensions) draft.extensions = Number(extensions);
  const feedback = fields.get('feedback');
  if (feedback !== undefined) draft.feedback = feedback;
  const failure = fields.get('failure');
  if (failure !== undefined) draft.failure = failure;
  const approvedBy = fields.get('approvedBy');
  if (approvedBy !== undefined) draft.approvedBy = approvedBy;
  const secondApprovedBy = fields.get('secondApprovedBy');
  if (secondApprovedBy !== undefined) draft.secondApprovedBy = secondApprovedBy;
  const confirmed = fields.get('confirmed');
  if (confirmed !== undefined) draft.confirmed = confirmed === '1';
  return draft;
}
