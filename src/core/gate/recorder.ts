/**
 * The event recorder: builds audit events, runs table-driven transitions (each with its event, in one atomic store
 * operation), appends the events that change no draft (denied, stale_click), and tells the observer.
 */
import type { AuditEventInput, AuditEventType } from '../audit-event.js';
import { sha256Hex } from '../audit-hash.js';
import type { Draft, Finding } from '../draft.js';
import type { TransitionResult, TransitionSpec } from '../ports.js';
import { redactEvent } from '../redact-detail.js';
import type { Action, DeadlineIndex, TransitionRule } from '../transitions.js';
import { TRANSITIONS } from '../transitions.js';
import type { GateContext } from './context.js';
import { now } from './context.js';

export function event(
  ctx: GateContext,
  type: AuditEventType,
  draft: Draft,
  actor: string,
  detail: Record<string, unknown>,
): AuditEventInput {
  return {
    type,
    draft_id: draft.id,
    version: draft.version,
    actor,
    platform: draft.target.platform,
    workspace: draft.target.workspace,
    channel: draft.target.channel,
    at: new Date(now(ctx)).toISOString(),
    text_sha256: draft.text === '' ? '' : sha256Hex(draft.text),
    detail,
  };
}

export interface MoveArgs {
  /** The draft as read before the decision (its id; the event describes it unless `eventDraft` is given). */
  draft: Draft;
  actor: string;
  detail: Record<string, unknown>;
  /** The draft the event describes when it differs from `draft` (a new version). */
  eventDraft?: Draft;
  /** Fields written besides the new state and `updatedAt`. */
  set?: Partial<Draft>;
  /** The version the draft must still have. */
  expectVersion?: number;
  /** The times for the deadline indexes the row sets; null: this draft gets none (e.g. no expiry reminder). */
  at?: Partial<Record<DeadlineIndex, number | null>>;
  /** The draft's `expiresAt` must still be this (Extend: two concurrent extensions cannot both count as one). */
  expectExpiresAt?: number;
  /** Further events of the same transition (e.g. `risk_flagged`). */
  also?: readonly AuditEventInput[];
}

/** The store transition for one row of the table. Throws when the caller forgot a deadline the row sets. */
export function specFor(ctx: GateContext, action: Action, args: MoveArgs): TransitionSpec {
  const rule: TransitionRule = TRANSITIONS[action];
  const creating = rule.from.length === 0;
  const spec: TransitionSpec = {
    id: args.draft.id,
    event: event(ctx, rule.event, args.eventDraft ?? args.draft, args.actor, args.detail),
  };
  if (creating) spec.create = { ...args.draft, state: rule.to };
  else {
    spec.expectStates = rule.from;
    spec.set = { state: rule.to, updatedAt: now(ctx), ...args.set };
    if (rule.clears.length > 0) spec.unset = rule.clears;
  }
  if (args.expectVersion !== undefined) spec.expectVersion = args.expectVersion;
  if (args.expectExpiresAt !== undefined) spec.expectExpiresAt = args.expectExpiresAt;
  for (const [index, op] of Object.entries(rule.deadlines) as [DeadlineIndex, string][]) {
    const value = op === 'clear' ? null : args.at?.[index];
    if (value === undefined)
      throw new Error(`transition ${action} sets the ${index} deadline: pass at.${index}`);
    if (index === 'expiry') spec.expiry = value;
    else if (index === 'warn') spec.warn = value;
    else if (index === 'lease') spec.lease = value;
    else if (index === 'retract') spec.retractDeadline = value;
    else spec.unknownIndex = value;
  }
  if (rule.retention === 'finished') spec.ttlMs = ctx.deps.keepFinishedMs;
  if (rule.retention === 'retract_window')
    spec.ttlMs = ctx.deps.policy.retractWindowMs + ctx.deps.keepFinishedMs;
  if (args.also && args.also.length > 0) spec.also = args.also;
  return spec;
}

/** Runs one row of the table: checked, written and audited atomically by the store. */
export async function move(ctx: GateContext, action: Action, args: MoveArgs): Promise<TransitionResult> {
  const unredacted = specFor(ctx, action, args);
  const spec: TransitionSpec = {
    ...unredacted,
    event: await redactEvent(unredacted.event, ctx.secrets),
    ...(unredacted.also
      ? { also: await Promise.all(unredacted.also.map((extra) => redactEvent(extra, ctx.secrets))) }
      : {}),
  };
  const result = await ctx.deps.store.transition(spec);
  if (result.ok) {
    observe(ctx, spec.event, result.draft);
    for (const extra of spec.also ?? []) observe(ctx, extra, result.draft);
  }
  return result;
}

/** Appends an event that changes no draft (denied, stale_click). */
export async function append(ctx: GateContext, unredacted: AuditEventInput): Promise<void> {
  const input = await redactEvent(unredacted, ctx.secrets);
  await ctx.deps.audit.append(input);
  observe(ctx, input, undefined);
}

export async function denied(
  ctx: GateContext,
  draft: Draft,
  actor: string,
  action: string,
  reason: string,
): Promise<void> {
  await append(ctx, event(ctx, 'denied', draft, actor, { action, reason }));
}

/** A `denied` event for something that has no draft (a refused request or post). */
export async function refusal(
  ctx: GateContext,
  id: string,
  target: Draft['target'],
  actor: string,
  textSha: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await append(ctx, {
    type: 'denied',
    draft_id: id,
    version: 0,
    actor,
    platform: target.platform,
    workspace: target.workspace,
    channel: target.channel,
    at: new Date(now(ctx)).toISOString(),
    text_sha256: textSha,
    detail,
  });
}

/** The `risk_flagged` event that accompanies a new text with findings. */
export function riskEvents(ctx: GateContext, draft: Draft, actor: string): AuditEventInput[] {
  if (draft.findings.length === 0) return [];
  const findings = draft.findings.map((f: Finding) => ({
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    excerpt: f.excerpt,
  }));
  return [event(ctx, 'risk_flagged', draft, actor, { findings })];
}

/** Tells the observer (metrics, live UIs) about a recorded event; an observer failure is only logged. */
export function observe(ctx: GateContext, input: AuditEventInput, draft: Draft | undefined): void {
  try {
    ctx.deps.observer?.onEvent(input, draft);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'observer failed');
  }
}
