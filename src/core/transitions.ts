/**
 * The draft state machine as data: every transition a draft can make, with the states it leaves from, the state it
 * goes to, the fields it clears, the deadline indexes it touches and the audit event it writes. The Gate builds
 * every store transition from this table, the stores' sweeps take their rules from it, and the README's state
 * diagram and docs/architecture.md are generated from it (`npm run docs:states`; a test fails when they drift).
 *
 * Adding a transition: add a row here, then call `recorder.move('<row>', …)` from the Gate module that decides it.
 * Adding a state: add it to DRAFT_STATES (draft.ts), give it rows here, a headline in build-review-card.ts and a
 * message in gate-messages.ts. The unit test of this table lists every action from every state, so it shows you
 * what changed.
 */
import type { AuditEventType } from './audit-event.js';
import type { Draft, DraftState } from './draft.js';
import { DRAFT_STATES } from './draft.js';

/** The deadline indexes a store keeps (sorted sets on Redis): what the sweep and reconciliation look at. */
export type DeadlineIndex = 'expiry' | 'warn' | 'lease' | 'retract' | 'unknown';

/** `set`: the transition schedules the deadline (the Gate supplies the time); `clear`: it removes it. */
export type DeadlineOp = 'set' | 'clear';

/** How long a draft stays readable after the transition: `finished` keeps it for `redis.keep_finished_drafts`,
 * `retract_window` for the retract window plus that. Absent: kept until a later transition says otherwise. */
export type Retention = 'finished' | 'retract_window';

export interface TransitionRule {
  /** The states the draft must be in. Empty: the transition creates the draft. */
  readonly from: readonly DraftState[];
  readonly to: DraftState;
  /** Fields removed from the draft. */
  readonly clears: readonly (keyof Draft)[];
  readonly deadlines: Readonly<Partial<Record<DeadlineIndex, DeadlineOp>>>;
  readonly retention?: Retention;
  /** The audit event written in the same atomic store operation. */
  readonly event: AuditEventType;
  /** Who takes it, in a few words (for docs/architecture.md and the README). */
  readonly by: string;
}

/** The approvals (and the confirmation) that every new version or failed publish clears. */
const APPROVALS = ['approvedBy', 'confirmed', 'secondApprovedBy'] as const satisfies readonly (keyof Draft)[];
/** The states in which a draft waits for a human decision about its text. */
const DECIDABLE = ['pending', 'awaiting_second_approval'] as const satisfies readonly DraftState[];
/**
 * The states whose text a reviewer can still change or drop: the decidable ones, and `publish_failed` (the platform
 * refused the post; the reviewer fixes the cause and retries, edits, or discards).
 */
const REVIEWABLE = [...DECIDABLE, 'publish_failed'] as const satisfies readonly DraftState[];
/** The states a first approval (or a Retry after a refused publish) leaves from. */
const APPROVABLE = ['pending', 'publish_failed'] as const satisfies readonly DraftState[];

export const TRANSITIONS = {
  request: {
    from: [],
    to: 'drafting',
    clears: [],
    deadlines: { expiry: 'set', warn: 'set' },
    event: 'requested',
    by: 'a requester, an intake agent, or quarantine',
  },
  deliver_draft: {
    from: ['drafting'],
    to: 'pending',
    clears: ['failure', ...APPROVALS],
    deadlines: {},
    event: 'drafted',
    by: 'the agent (first version)',
  },
  deliver_regenerated: {
    from: ['drafting'],
    to: 'pending',
    clears: ['failure', ...APPROVALS],
    deadlines: {},
    event: 'regenerated',
    by: 'the agent (a new version after Regenerate)',
  },
  agent_fail: {
    from: ['drafting'],
    to: 'failed',
    clears: [],
    deadlines: { expiry: 'clear', warn: 'clear' },
    retention: 'finished',
    event: 'agent_failed',
    by: 'the agent failing its first version',
  },
  regenerate_fail: {
    from: ['drafting'],
    to: 'pending',
    clears: [],
    deadlines: {},
    event: 'agent_failed',
    by: 'the agent failing a regenerate (the previous text stays, as a new version)',
  },
  discard_undeliverable: {
    from: ['pending'],
    to: 'discarded',
    clears: [],
    deadlines: { expiry: 'clear', warn: 'clear' },
    retention: 'finished',
    event: 'discarded',
    by: 'the system, when the review card cannot reach the requester',
  },
  approve: {
    from: APPROVABLE,
    to: 'publishing',
    clears: ['failure'],
    deadlines: { lease: 'set', expiry: 'clear' },
    event: 'approved',
    by: 'an approver (no second approval needed), or Retry after a refused publish',
  },
  approve_first: {
    from: APPROVABLE,
    to: 'awaiting_second_approval',
    clears: ['failure'],
    deadlines: {},
    event: 'approved',
    by: 'the first approver, when policy or a finding asks for two people',
  },
  approve_second: {
    from: ['awaiting_second_approval'],
    to: 'publishing',
    clears: ['failure'],
    deadlines: { lease: 'set', expiry: 'clear' },
    event: 'approved',
    by: 'a second approver',
  },
  publish: {
    from: ['publishing', 'publish_unknown'],
    to: 'published',
    clears: [],
    deadlines: { lease: 'clear', unknown: 'clear', retract: 'set' },
    retention: 'retract_window',
    event: 'published',
    by: 'the platform confirming the post, or reconciliation finding it',
  },
  publish_unknown: {
    from: ['publishing'],
    to: 'publish_unknown',
    clears: [],
    deadlines: { lease: 'clear', unknown: 'set' },
    event: 'publish_unknown',
    by: 'the system: the platform did not confirm, or the publish outlived its lease',
  },
  publish_fail: {
    from: ['publishing'],
    to: 'publish_failed',
    clears: APPROVALS,
    deadlines: { lease: 'clear', expiry: 'set' },
    event: 'publish_failed',
    by: 'the platform refusing the post (nothing was posted)',
  },
  reconcile_missing: {
    from: ['publish_unknown'],
    to: 'publish_failed',
    clears: APPROVALS,
    deadlines: { unknown: 'clear', expiry: 'set' },
    event: 'publish_failed',
    by: 'reconciliation finding no message',
  },
  edit: {
    from: REVIEWABLE,
    to: 'pending',
    clears: [...APPROVALS, 'failure'],
    deadlines: {},
    event: 'edited',
    by: 'an approver',
  },
  regenerate: {
    from: REVIEWABLE,
    to: 'drafting',
    clears: [...APPROVALS, 'failure'],
    deadlines: {},
    event: 'regenerated',
    by: 'an approver, with feedback for the agent',
  },
  discard: {
    from: REVIEWABLE,
    to: 'discarded',
    clears: [],
    deadlines: { expiry: 'clear', warn: 'clear' },
    retention: 'finished',
    event: 'discarded',
    by: 'an approver',
  },
  expire: {
    from: ['drafting', ...REVIEWABLE],
    to: 'expired',
    clears: [],
    deadlines: { expiry: 'clear', warn: 'clear' },
    retention: 'finished',
    event: 'expired',
    by: 'the system, past the TTL (never a publish; a refused publish that nobody retries expires too)',
  },
  extend: {
    from: ['pending'],
    to: 'pending',
    clears: [],
    deadlines: { expiry: 'set', warn: 'set' },
    event: 'extended',
    by: 'the requester or an approver (Extend), at most policy.max_extensions times',
  },
  extend_waiting: {
    from: ['awaiting_second_approval'],
    to: 'awaiting_second_approval',
    clears: [],
    deadlines: { expiry: 'set', warn: 'set' },
    event: 'extended',
    by: 'the requester or an approver (Extend) while a second approval is awaited',
  },
  extend_failed: {
    from: ['publish_failed'],
    to: 'publish_failed',
    clears: [],
    deadlines: { expiry: 'set', warn: 'set' },
    event: 'extended',
    by: 'the requester or an approver (Extend) after a refused publish',
  },
  retract: {
    from: ['published'],
    to: 'retracted',
    clears: [],
    deadlines: { retract: 'clear' },
    retention: 'finished',
    event: 'retracted',
    by: 'an approver, within the retract window',
  },
} as const satisfies Record<string, TransitionRule>;

export type Action = keyof typeof TRANSITIONS;

export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

export function ruleFor(action: Action): TransitionRule {
  return TRANSITIONS[action];
}

/** Where `action` takes a draft in `state`, or undefined when the table refuses it. */
export function nextState(action: Action, state: DraftState | undefined): DraftState | undefined {
  const rule: TransitionRule = TRANSITIONS[action];
  if (state === undefined) return rule.from.length === 0 ? rule.to : undefined;
  return rule.from.includes(state) ? rule.to : undefined;
}

/** True when `action` may leave from `state`. */
export function leavesFrom(action: Action, state: DraftState): boolean {
  return (TRANSITIONS[action].from as readonly DraftState[]).includes(state);
}

/** States a draft never leaves. */
export const FINAL_STATES: readonly DraftState[] = DRAFT_STATES.filter(
  (state) => !ACTIONS.some((action) => leavesFrom(action, state)),
);

/** The rows of Extend, one per state it keeps (a row has one target state). */
export const EXTEND_ROWS = ['extend', 'extend_waiting', 'extend_failed'] as const satisfies readonly Action[];

/** A draft in one of these states has an expiry the review card shows (it can still expire). */
export function canExpire(state: DraftState): boolean {
  return leavesFrom('expire', state);
}

/**
 * The sweep: each claims due entries of one deadline index. `action` moves the claimed drafts that are still in
 * its `from` states (with its event, actor `system`); a sweep without an action only claims drafts in `claims`
 * (closing the retract window changes no state, it only updates the cards).
 */
export interface SweepRule {
  readonly index: DeadlineIndex;
  readonly action?: Action;
  /** For a claim-only sweep: the states whose drafts are handed back. */
  readonly claims?: readonly DraftState[];
  /** For a claim-only sweep: the event written (state unchanged) for each claimed draft, in the same script. */
  readonly event?: AuditEventType;
  /** `detail.reason` of the event. */
  readonly reason?: string;
}

export const SWEEPS = {
  expire: { index: 'expiry', action: 'expire', reason: 'ttl' },
  reclaimLeases: { index: 'lease', action: 'publish_unknown', reason: 'lease_expired' },
  closeRetractWindows: { index: 'retract', claims: TRANSITIONS.retract.from },
  /**
   * The expiry reminder: claims due `warn` entries of drafts that can still be extended and records
   * `expiry_warned` in the same atomic step, so that however many replicas sweep, one of them gets each draft and
   * sends its one reminder.
   */
  warnExpiry: {
    index: 'warn',
    claims: EXTEND_ROWS.flatMap((row) => TRANSITIONS[row].from),
    event: 'expiry_warned',
    reason: 'expiry_warning',
  },
} as const satisfies Record<string, SweepRule>;

/** What a store needs to run a sweep: the resolved states, event and whether moved drafts join an index. */
export interface ResolvedSweep {
  from: readonly DraftState[];
  to?: DraftState;
  event?: AuditEventType;
  reason?: string;
  /** Keep the moved draft this long (ms). */
  ttlMs?: number;
  /** The moved draft joins the reconciliation index (`unknown`) at `now`. */
  joinsUnknown: boolean;
}

export function resolveSweep(sweep: SweepRule, keepFinishedMs: number): ResolvedSweep {
  if (!sweep.action)
    return {
      from: sweep.claims ?? [],
      ...(sweep.event !== undefined ? { event: sweep.event } : {}),
      ...(sweep.reason !== undefined ? { reason: sweep.reason } : {}),
      joinsUnknown: false,
    };
  const rule: TransitionRule = TRANSITIONS[sweep.action];
  return {
    from: rule.from,
    to: rule.to,
    event: rule.event,
    ...(sweep.reason !== undefined ? { reason: sweep.reason } : {}),
    ...(rule.retention === 'finished' ? { ttlMs: keepFinishedMs } : {}),
    joinsUnknown: rule.deadlines.unknown === 'set',
  };
}
