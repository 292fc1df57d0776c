/**
 * The Gate: the one entry point. Every request, draft, decision and publication goes through here, is checked
 * against policy and the draft's state and version, and is recorded in the audit log in the same atomic store
 * operation. Nothing is published without a recorded approval.
 *
 * This class is a thin facade: each method guards and tracks one call into the module that decides it
 * (requests.ts, approve.ts, publish.ts, decisions.ts, housekeeping.ts); every state change is a row of
 * ../transitions.ts, run by recorder.ts. docs/architecture.md maps each decision to its file.
 */
import type { Actor, Draft } from '../draft.js';
import { fail } from '../gate-messages.js';
import type {
  ApproveInput,
  DecisionInput,
  EditInput,
  GateResult,
  QuarantineInput,
  RegenerateInput,
  RequestInput,
  RetractInput,
  SubmitInput,
  SweepReport,
} from '../gate-types.js';
import type { Policy } from '../policy.js';
import type { ChatPlatform } from '../ports.js';
import type { ReviewCard } from '../review-card.js';
import { WorkQueue } from '../work-queue.js';
import { approve } from './approve.js';
import { cardFor } from './cards.js';
import type { GateContext, GateDeps } from './context.js';
import { createGateContext, traced } from './context.js';
import { discard, edit, editorFor, regenerate, retract } from './decisions.js';
import { extend } from './expiry.js';
import { sweep } from './housekeeping.js';
import type { InboxItem, ReopenInput } from './inbox.js';
import { agentPending, pending, reopen } from './inbox.js';
import { quarantine, request, submit, submitVersion } from './requests.js';

export type { GateDeps } from './context.js';
export type { InboxItem, ReopenInput } from './inbox.js';
export { INBOX_LIMIT } from './inbox.js';

const BUSY =
  'draftgate is busy writing other drafts right now. Nothing was drafted and nothing was posted. Try again in a minute.';

export class Gate {
  readonly #ctx: GateContext;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #shutdown = new AbortController();
  /** Drafting after the ack (the agent, the risk review, the card): bounded, and started after pending acks. */
  readonly #drafting: WorkQueue;

  constructor(deps: GateDeps) {
    this.#ctx = createGateContext(deps, this.#shutdown.signal);
    this.#drafting = new WorkQueue(this.#ctx.deps.drafting);
  }

  get policy(): Policy {
    return this.#ctx.deps.policy;
  }

  /** Connects a platform's outbound half. */
  attach(platform: ChatPlatform): void {
    this.#ctx.platforms.set(platform.platform, platform);
  }

  get(id: string): Promise<Draft | undefined> {
    return this.#ctx.deps.store.get(id);
  }

  /** What an editor may show this person before they edit (read-only; edit() checks everything again). */
  editorFor(
    draftId: string,
    version: number,
    userId: string,
  ): Promise<{ ok: true; draft: Draft; text: string } | { ok: false; message: string }> {
    return editorFor(this.#ctx, draftId, version, userId);
  }

  cardFor(draft: Draft, recipient: string): ReviewCard {
    return cardFor(this.#ctx, draft, recipient);
  }

  /** The inbox: the drafts this person may act on now (their own, and second approvals policy lets them give). */
  pending(actor: Actor): Promise<InboxItem[]> {
    return this.#track(pending(this.#ctx, actor));
  }

  /** An intake agent's own drafts that wait for people (the intake API's pending list). */
  agentPending(agent: string, limit?: number): Promise<Draft[]> {
    return this.#track(agentPending(this.#ctx, agent, limit));
  }

  /** Open from the inbox: re-sends this person's review card to their DM. */
  reopen(input: ReopenInput): Promise<GateResult> {
    return this.#run('open', () => reopen(this.#ctx, input));
  }

  /** A person asks for a reply. Call after the platform's ack: the agent runs here. */
  request(input: RequestInput): Promise<GateResult> {
    return this.#run('request', () => this.#draft('request', () => request(this.#ctx, input)));
  }

  /** An external agent submits a finished draft through the intake API. It goes through the same review. */
  submit(input: SubmitInput): Promise<GateResult> {
    return this.#run('submit', () => submit(this.#ctx, input));
  }

  /** An agent posted directly: a `denied` event, then the removed text becomes a draft when someone can review it. */
  quarantine(input: QuarantineInput): Promise<GateResult> {
    return this.#run('quarantine', () => quarantine(this.#ctx, input));
  }

  /** An external agent's new version after a regenerate (the draft is in `drafting`, waiting for it). */
  submitVersion(draftId: string, agent: string, text: string): Promise<GateResult> {
    return this.#run('submit', () => submitVersion(this.#ctx, draftId, agent, text));
  }

  approve(input: ApproveInput): Promise<GateResult> {
    return this.#decide('approve', input.draftId, () => approve(this.#ctx, input));
  }

  edit(input: EditInput): Promise<GateResult> {
    return this.#decide('edit', input.draftId, () => edit(this.#ctx, input));
  }

  regenerate(input: RegenerateInput): Promise<GateResult> {
    return this.#decide('regenerate', input.draftId, () =>
      this.#draft('regenerate', () => regenerate(this.#ctx, input)),
    );
  }

  discard(input: DecisionInput): Promise<GateResult> {
    return this.#decide('discard', input.draftId, () => discard(this.#ctx, input));
  }

  /** Extend: the draft expires `policy.draft_ttl` later, at most `policy.max_extensions` times. */
  extend(input: DecisionInput): Promise<GateResult> {
    return this.#run('extend', () => extend(this.#ctx, input));
  }

  retract(input: RetractInput): Promise<GateResult> {
    return this.#decide('retract', input.draftId, () => retract(this.#ctx, input));
  }

  /**
   * Sends due expiry reminders, expires due drafts, turns stuck publishes into publish_unknown, reconciles, and
   * closes retract windows.
   */
  sweep(limit = 100): Promise<SweepReport> {
    return this.#track(sweep(this.#ctx, limit));
  }

  /** Stops new agent work and waits for in-flight operations. */
  async drain(): Promise<void> {
    this.#shutdown.abort();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** A reviewer's decision on a draft: one `decision` step of its flow (a tracing span). */
  #decide(action: string, draftId: string, op: () => Promise<GateResult>): Promise<GateResult> {
    return this.#run(action, () => traced(this.#ctx, 'decision', draftId, op, { action }));
  }

  /** Runs drafting work through the bounded queue; a full queue refuses at once, and tells the operator why. */
  #draft(action: string, op: () => Promise<GateResult>): Promise<GateResult> {
    const queued = this.#drafting.run(op);
    if (queued) return queued;
    const { active, queued: waiting } = this.#drafting;
    this.#ctx.deps.logger.warn(
      { action, active, waiting },
      `${action} refused: ${active} drafts are being written and ${waiting} wait in this process. Raise agent.concurrency if the agent can take more at once, or add replicas.`,
    );
    return Promise.resolve(fail('unavailable', BUSY));
  }

  /** Tracks the call for drain() and turns a store or platform outage into a clear result. */
  #run(action: string, op: () => Promise<GateResult>): Promise<GateResult> {
    return this.#track(this.#guard(action, op));
  }

  /**
   * A store or platform outage becomes a clear result instead of an exception: nothing was changed or posted (a
   * publish already sent is reconciled through its lease), and the person is told to retry.
   */
  async #guard(action: string, op: () => Promise<GateResult>): Promise<GateResult> {
    try {
      return await op();
    } catch (error) {
      this.#ctx.deps.logger.error(
        { err: error, action },
        `${action} failed: the store or platform is unavailable`,
      );
      return fail(
        'unavailable',
        `draftgate could not ${action} right now (its store or the platform is unavailable). Nothing was posted. Try again in a minute.`,
      );
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const done = () => this.#inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }
}
