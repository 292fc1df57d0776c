/**
 * The ports the Gate depends on. Adapters and stores implement them; the core imports no platform SDK.
 */
import type { ChainPoint, Checkpoint } from './audit-checkpoint.js';
import type { AuditEntry, AuditEventInput } from './audit-event.js';
import type { Draft, DraftState, Finding, Platform, PublishedRef, ReviewRef, Target } from './draft.js';
import type { ExpiryReminder } from './expiry-reminder.js';
import type { ReviewCard } from './review-card.js';

/** What the core logs through (pino satisfies it): a structured object, then a message. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** One atomic change to a draft, checked and audited in the same store operation (a Lua script on Redis). */
export interface TransitionSpec {
  id: string;
  /** Create the draft (fails with `exists` if it is already there). */
  create?: Draft;
  /** The state(s) the draft must be in. Ignored when creating. */
  expectStates?: readonly DraftState[];
  /** The version the draft must have. */
  expectVersion?: number;
  /** The `expiresAt` the draft must have (a failed check answers `version`: someone changed it first). */
  expectExpiresAt?: number;
  /** Fields to write. */
  set?: Partial<Draft>;
  /** Fields to remove. */
  unset?: readonly (keyof Draft)[];
  /** Deadline indexes: a number schedules (ms since epoch), null removes, absent leaves as is. */
  expiry?: number | null;
  /** When the expiry reminder is due (the `warn` index). */
  warn?: number | null;
  lease?: number | null;
  retractDeadline?: number | null;
  /** The index of drafts awaiting reconciliation (publish_unknown). */
  unknownIndex?: number | null;
  /** Keep the draft this long after this transition (terminal states); absent keeps it forever. */
  ttlMs?: number;
  /** The audit event appended in the same atomic operation. */
  event: AuditEventInput;
  /** Further events of the same transition (e.g. `risk_flagged` after `drafted`). */
  also?: readonly AuditEventInput[];
}

export type TransitionResult =
  | { ok: true; draft: Draft; eventId: string }
  | { ok: false; reason: 'not_found' | 'exists' | 'state' | 'version'; draft?: Draft };

export interface SweepSpec {
  now: number;
  limit: number;
  /** ISO time for the events. */
  at: string;
}

/**
 * An index of open drafts (in INBOX_STATES): the drafts a person asked for, those an intake agent submitted, or
 * every draft awaiting a second approval. Each store keeps it in step with every transition and sweep.
 */
export type OpenIndex =
  | { by: 'requester'; platform: Platform; user: string }
  | { by: 'agent'; agent: string }
  | { by: 'second_approval'; platform: Platform; workspace: string };

export interface DraftStore {
  get(id: string): Promise<Draft | undefined>;
  /** Up to `limit` drafts of one open index, soonest expiry first (drafts gone or moved on are skipped). */
  listOpen(index: OpenIndex, limit: number): Promise<Draft[]>;
  /**
   * Puts every open draft into the open indexes (idempotent; for drafts opened before the indexes existed, run at
   * start-up). Absent where the indexes are always complete (the memory store). Resolves to the drafts checked.
   */
  reindexOpen?(): Promise<number>;
  transition(spec: TransitionSpec): Promise<TransitionResult>;
  /** Atomically moves open drafts past their expiry to `expired`, each with one `expired` event (actor `system`). */
  expireDue(spec: SweepSpec): Promise<Draft[]>;
  /** Atomically moves drafts stuck in `publishing` past their lease to `publish_unknown`, with one event each. */
  reclaimLeases(spec: SweepSpec): Promise<Draft[]>;
  /**
   * Claims and removes due expiry reminders of drafts that can still be extended, with one `expiry_warned` event
   * each (actor `system`, no state change), atomically: each reminder is claimed by exactly one caller.
   */
  claimExpiryWarnings(spec: SweepSpec): Promise<Draft[]>;
  /** Claims and removes drafts whose retract window has ended (for card updates). No state change, no event. */
  claimRetractEnded(spec: SweepSpec): Promise<Draft[]>;
  /** Records a delivered review card on the draft (no state change, no event). False if the draft is gone. */
  attachReview(id: string, review: ReviewRef): Promise<boolean>;
  /** Drafts in `publish_unknown`, for reconciliation (oldest first). */
  listPublishUnknown(limit: number): Promise<Draft[]>;
  /** Set-if-absent with a TTL: true for the first caller only. Used for delivery de-duplication. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditQuery {
  /** Stream id or ms timestamp bounds (inclusive). */
  since?: number;
  until?: number;
  draftId?: string;
  limit?: number;
}

export interface AuditLog {
  /** Appends an event that changes no draft (denied, stale_click). */
  append(event: AuditEventInput): Promise<string>;
  range(query: AuditQuery): Promise<AuditEntry[]>;
  /** Walks the whole chain in order (batched). */
  walk(batch?: number): AsyncIterable<AuditEntry>;
  /** The chain head recorded beside the stream. */
  head(): Promise<string>;
  /** Blocks up to `blockMs` for entries after `afterId` (`$` for new ones only). */
  follow(afterId: string, blockMs: number): Promise<AuditEntry[]>;
  /** The last entry, the number of entries since the genesis (archived ones included) and the head, read atomically. */
  chainState(): Promise<ChainPoint | undefined>;
  /** The signed checkpoint the live log starts from after `audit archive` trimmed it; undefined: the genesis. */
  base(): Promise<Checkpoint | undefined>;
  /** Drops the entries up to and including `base.id` and records `base` as the new start, atomically. */
  trimTo(base: Checkpoint): Promise<number>;
}

export interface AgentRequest {
  draftId: string;
  question: string;
  context?: string;
  requester: string;
  target: Target;
  /** Set for a regenerate: the previous text and the reviewer's instructions. */
  previous?: { text: string; feedback: string };
}

export type AgentFailureCode =
  | 'timeout'
  | 'http'
  | 'bad_output'
  | 'empty'
  | 'refused'
  | 'exit'
  | 'spawn'
  | 'aborted';

export type AgentResult = { ok: true; text: string } | { ok: false; code: AgentFailureCode; reason: string };

export interface Agent {
  readonly name: string;
  /** Never throws: a failure is a typed result. */
  draft(request: AgentRequest, signal: AbortSignal): Promise<AgentResult>;
}

export interface RiskReviewer {
  review(text: string): Promise<Finding[]>;
  /** Only the secret findings (for redacting free texts in audit details); defaults to review(). */
  secrets?(text: string): Promise<Finding[]>;
}

/** Raised by a ChatPlatform when a DM cannot be opened or delivered (closed DMs, missing scope). */
export class DmUnavailableError extends Error {
  override readonly name = 'DmUnavailableError';
  readonly code = 'DM_UNAVAILABLE';
}

/**
 * Raised by ChatPlatform.publish when the outcome is unknown (timeout, connection reset, 5xx after the request
 * was sent). The Gate records `publish_unknown` and never re-posts blindly.
 */
export class PublishUnknownError extends Error {
  override readonly name = 'PublishUnknownError';
  readonly code = 'PUBLISH_UNKNOWN';
}

/** The platform adapter's outbound half. Rendering is the adapter's; what to show is the ReviewCard's. */
export interface ChatPlatform {
  readonly platform: Platform;
  /** Sends a review card privately to `card.recipient`. Throws DmUnavailableError when the DM is impossible. */
  sendReview(card: ReviewCard): Promise<ReviewRef>;
  /** Updates a card in place. */
  updateReview(ref: ReviewRef, card: ReviewCard): Promise<void>;
  /**
   * Publishes the approved text to the target, attributed and with mentions neutralized.
   * Throws PublishUnknownError when the outcome is ambiguous; any other error is a definite failure.
   */
  publish(draft: Draft, approver: string): Promise<PublishedRef>;
  /** Deletes the published message(s). */
  retract(draft: Draft): Promise<void>;
  /** A private plain-text note to a user (DM). */
  notify(user: string, workspace: string, text: string): Promise<void>;
  /**
   * The expiry reminder as a private message with an Extend button (when `reminder.extend` is set). Absent: the
   * Gate sends `reminder.text` through notify().
   */
  remind?(reminder: ExpiryReminder): Promise<void>;
  /** Reconciliation: looks for a message that this draft's publish produced. */
  findPublished(draft: Draft): Promise<PublishedRef | undefined>;
  /**
   * The channel's name as the platform knows it (for policy name rules when a request does not carry it). Absent,
   * or undefined, when it cannot be looked up: a name rule then refuses.
   */
  channelName?(workspace: string, channel: string): Promise<string | undefined>;
  /**
   * The drafts waiting for these people changed (one arrived, moved on or was re-sent): refresh whatever inbox view
   * the platform shows them (Slack's App Home). Must not throw; absent where there is no such view.
   */
  inboxChanged?(workspace: string, users: readonly string[]): void;
}

/** Rate limit of requests by people and agents. */
export interface RequestLimiter {
  /** Resolves to 0 when allowed, else the ms to wait. */
  consume(key: string): Promise<number>;
}

/** The steps of one draft's flow, for tracing: request → agent → risk review → card → decision → publish. */
export type GateStep = 'request' | 'agent' | 'risk_review' | 'card' | 'decision' | 'publish';

/** Receives every audit event after it was recorded (metrics, live UIs). Must not throw. */
export interface GateObserver {
  onEvent(event: AuditEventInput, draft: Draft | undefined): void;
  /**
   * Optional: wraps one step of draft `draftId`'s flow (tracing makes it a span). Calls `run` exactly once and
   * returns its result or rethrows its error; the observer's own failures never reach the Gate.
   */
  step?<T>(
    step: GateStep,
    draftId: string,
    run: () => Promise<T>,
    detail?: Readonly<Record<string, string>>,
  ): Promise<T>;
}
