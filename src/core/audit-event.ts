/**
 * The audit event: a public contract (DESIGN.md "Audit events"). SIEMs parse these fields; do not rename them.
 */

export const AUDIT_EVENT_TYPES = [
  'requested',
  'drafted',
  'agent_failed',
  'risk_flagged',
  'edited',
  'regenerated',
  'approved',
  'second_approval_requested',
  'published',
  'publish_failed',
  'publish_unknown',
  'discarded',
  'expired',
  'retracted',
  'denied',
  'stale_click',
  'expiry_warned',
  'extended',
  'checkpoint',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What the Gate hands to the store. The store adds `prev_hash` and `hash` atomically with the append. */
export interface AuditEventInput {
  type: AuditEventType;
  draft_id: string;
  version: number;
  /** Platform user id, `agent:<name>` or `system`. */
  actor: string;
  platform: string;
  workspace: string;
  channel: string;
  /** ISO-8601. */
  at: string;
  /** sha256 (hex) of the draft's current text after the event; empty string when there is no text yet. */
  text_sha256: string;
  /** Event-specific details. Texts in here are redacted: a secret never reaches the log. */
  detail: Record<string, unknown>;
}

/** One entry as stored in the stream. All values are strings there; `detail` is JSON. */
export interface AuditEntry {
  /** Stream entry id (`<ms>-<seq>`). */
  id: string;
  type: string;
  draft_id: string;
  version: string;
  actor: string;
  platform: string;
  workspace: string;
  channel: string;
  at: string;
  text_sha256: string;
  detail: string;
  /** The hash version: `2` for chain v2; empty on entries written before versions were recorded (v1). */
  hv: string;
  prev_hash: string;
  hash: string;
}

/**
 * The entry's own fields, in canonical order: the one list shared by Node (audit-hash.ts), the Lua append scripts
 * (scripts.ts injects it) and the verifier. Chain v2 hashes exactly these, each as `<byte length>:<value>\n`.
 */
export const ENTRY_FIELDS = [
  'type',
  'draft_id',
  'version',
  'actor',
  'platform',
  'workspace',
  'channel',
  'at',
  'text_sha256',
  'detail',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** Chain v1 (entries without `hv`): sha256 over ENTRY_FIELDS then prev_hash, each as `<byte length>:<value>\n`. */
export const V1_HASHED_FIELDS = [...ENTRY_FIELDS, 'prev_hash'] as const;

/** The hash version new entries are written with. */
export const CHAIN_VERSION = '2';

/** The first entry's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);
