import { type AuditEntry, type AuditEventInput, ENTRY_FIELDS } from '../core/audit-event.js';
import { type EntryFields, entryDigest } from '../core/audit-hash.js';

/** The event as the stores write it: every field a string, `detail` as JSON. */
export function eventToWire(event: AuditEventInput): EntryFields {
  return {
    type: event.type,
    draft_id: event.draft_id,
    version: String(event.version),
    actor: event.actor,
    platform: event.platform,
    workspace: event.workspace,
    channel: event.channel,
    at: event.at,
    text_sha256: event.text_sha256,
    detail: JSON.stringify(event.detail),
  };
}

/** What the append scripts receive: the wire fields plus `entry_digest` (chain v2), computed here in Node. */
export type ScriptEvent = EntryFields & { entry_digest: string };

export function eventToScript(event: AuditEventInput): ScriptEvent {
  // The digest is added to the wire object itself: a spread of it into a new one took V8's slow path every event.
  const wire = eventToWire(event) as ScriptEvent;
  wire.entry_digest = entryDigest(wire);
  return wire;
}

/**
 * append.lua's arguments for one event, without JSON for the script to decode (cjson took ~15 % of an append's
 * Redis time): entry_digest, link_prev, link ('' without a prediction), then every ENTRY_FIELDS value in order.
 */
export function appendArgs(event: ScriptEvent & { link_prev?: string; link?: string }): string[] {
  return [
    event.entry_digest,
    event.link_prev ?? '',
    event.link ?? '',
    ...ENTRY_FIELDS.map((name) => event[name]),
  ];
}

/** A stream entry (id + flat field list) to an AuditEntry. Missing fields become empty strings. */
export function entryFromStream(id: string, fields: readonly string[]): AuditEntry {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const key = fields[i];
    const value = fields[i + 1];
    if (key !== undefined && value !== undefined) record[key] = value;
  }
  return {
    id,
    type: record.type ?? '',
    draft_id: record.draft_id ?? '',
    version: record.version ?? '',
    actor: record.actor ?? '',
    platform: record.platform ?? '',
    workspace: record.workspace ?? '',
    channel: record.channel ?? '',
    at: record.at ?? '',
    text_sha256: record.text_sha256 ?? '',
    detail: record.detail ?? '',
    hv: record.hv ?? '',
    prev_hash: record.prev_hash ?? '',
    hash: record.hash ?? '',
  };
}
