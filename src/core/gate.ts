/**
 * The Gate: the one entry point. Every request, draft, decision and publication goes through here, is checked
 * against policy and the draft's state and version, and is recorded in the audit log in the same atomic store
 * operation. Nothing is published without a recorded approval.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditEventInput, AuditEventType } from './audit-event.js';
import { sha256Hex } from './audit-hash.js';
import { buildReviewCard, confirmationRequired } from './build-review-card.js';
import { ChannelNames } from './channel-names.js';
import type { Actor, Draft, DraftState, Finding, ReviewRef, Target } from './draft.js';
import { isBlocked } from './draft.js';
import { denialMessage, fail, STATE_MESSAGES } from './gate-messages.js';
import type {
  ApproveInput,
  DecisionInput,
  EditInput,
  GateResult,
  PrivateFallback,
  QuarantineInput,
  RegenerateInput,
  RequestInput,
  RetractInput,
  SubmitInput,
  SweepReport,
} from './gate-types.js';
import type { Policy } from './policy.js';
import type {
  Agent,
  AuditLog,
  ChatPlatform,
  Clock,
  DraftStore,
  GateObserver,
  RequestLimiter,
  RiskReviewer,
  TransitionSpec,
} from './ports.js';
import { DmUnavailableError, PublishUnknownError, systemClock } from './ports.js';
import { redactEvent, type SecretScan } from './redact-detail.js';
import type { ReviewCard, ReviewRole } from './review-card.js';
import { redactSecrets } from './risk/redact-secrets.js';

export interface GateDeps {
  store: DraftStore;
  audit: AuditLog;
  policy: Policy;
  agent: Agent;
  risk: RiskReviewer;
  logger: Logger;
  clock?: Clock;
  observer?: GateObserver;
  requestLimiter?: RequestLimiter;
  /** How long finished drafts stay readable (ms). */
  keepFinishedMs: number;
  agentTimeoutMs: number;
  /** How long a publish_unknown draft waits before reconciliation looks for its message (ms; default: policy). */
  reconcileGraceMs?: number;
  newId?: () => string;
}

const MAX_TEXT = 40_000;
const MAX_FEEDBACK = 2_000;
const OPEN: readonly DraftState[] = ['pending', 'awaiting_second_approval'];

export class Gate {
  readonly #d: Required<Pick<GateDeps, 'clock' | 'reconcileGraceMs' | 'newId'>> & GateDeps;
  readonly #platforms = new Map<string, ChatPlatform>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #shutdown = new AbortController();
  readonly #channelNames: ChannelNames;
  readonly #secrets: SecretScan;

  constructor(deps: GateDeps) {
    this.#d = {
      clock: systemClock,
      reconcileGraceMs: deps.policy.reconcileGraceMs,
      newId: () => randomBytes(10).toString('hex'),
      ...deps,
    };
    this.#channelNames = new ChannelNames(
      (platform) => {
        const chat = this.#platforms.get(platform);
        return chat?.channelName
          ? (workspace, channel) => chat.channelName?.(workspace, channel) ?? Promise.resolve(undefined)
          : undefined;
      },
      this.#d.clock,
      (error, target) =>
        this.#d.logger.warn(
          { err: error, platform: target.platform, channel: target.channel },
          "could not look up a channel's name; policy name rules refuse requests there until it can",
        ),
    );
    const risk = deps.risk;
    this.#secrets = risk.secrets
      ? (text) => risk.secrets?.(text) ?? risk.review(text)
      : (text) => risk.review(text);
  }

  get policy(): Policy {
    return this.#d.policy;
  }

  /** Connects a platform's outbound half. */
  attach(platform: ChatPlatform): void {
    this.#platforms.set(platform.platform, platform);
  }

  get(id: string): Promise<Draft | undefined> {
    return this.#d.store.get(id);
  }

  /**
   * What an editor may show this person before they edit: the card's text (secrets masked), or why not. Read-only;
   * saving goes through edit(), which checks policy, version and state again.
   */
  async editorFor(
    draftId: string,
    version: number,
    userId: string,
  ): Promise<{ ok: true; draft: Draft; text: string } | { ok: false; message: string }> {
    const draft = await this.#d.store.get(draftId);
    if (!draft) return { ok: false, message: 'This draft no longer exists.' };
    if (draft.version !== version) {
      const message = `This card shows version ${version}, but the draft is at version ${draft.version}. Use the latest card.`;
      return { ok: false, message };
    }
    if (draft.requester !== userId && !draft.reviews.some((ref) => ref.user === userId)) {
      return { ok: false, message: 'Only the people reviewing this draft can open it.' };
    }
    return { ok: true, draft, text: this.cardFor(draft, userId).displayText };
  }

  cardFor(draft: Draft, recipient: string): ReviewCard {
    const role: ReviewRole = recipient === draft.requester ? 'requester' : 'second_approver';
    return buildReviewCard(draft, recipient, role, this.#d.policy, this.#d.clock.now());
  }

  // ── requests ──────────────────────────────────────────────────────────────────────────────────────────────

  /** A person asks for a reply. Call after the platform's ack: the agent runs here. */
  request(input: RequestInput): Promise<GateResult> {
    return this.#track(this.#guard('request', () => this.#request(input)));
  }

  async #request(input: RequestInput): Promise<GateResult> {
    const { requester } = input;
    const target = await this.#targetFor(input.target);
    if (input.idempotencyKey !== undefined) {
      const key = `request:${target.platform}:${input.idempotencyKey}`;
      if (!(await this.#d.store.claimOnce(key, 3_600_000))) {
        return fail('duplicate', 'This request was already received.');
      }
    }
    const id = this.#d.newId();
    const decision = this.#d.policy.mayRequest(requester, target);
    if (!decision.allow) {
      await this.#refusal(id, target, requester.id, '', { action: 'request', reason: decision.reason });
      return fail('denied', denialMessage('request', decision.reason));
    }
    const limited = await this.#limited(`user:${target.platform}:${target.workspace}:${requester.id}`);
    if (limited > 0) {
      await this.#refusal(id, target, requester.id, '', { action: 'request', reason: 'rate_limited' });
      const message = `Too many requests. Try again in ${Math.ceil(limited / 1000)} s.`;
      return { ok: false, code: 'rate_limited', message, retryAfterMs: limited };
    }
    if (input.question.trim() === '') {
      return fail('invalid_state', 'Ask a question, e.g. `/draftgate how do I rotate the staging TLS cert?`');
    }
    const created = await this.#create(id, requester.id, {
      target,
      requester: requester.id,
      question: input.question.trim(),
      agent: this.#d.agent.name,
      source: input.source,
      ...(input.context !== undefined ? { context: input.context } : {}),
    });
    if (!created) return fail('unavailable', 'Could not record the request; try again.');
    return await this.#generate(created, input.fallback);
  }

  /** An external agent submits a finished draft through the intake API. It goes through the same review. */
  submit(input: SubmitInput): Promise<GateResult> {
    return this.#track(this.#guard('submit', () => this.#submit(input)));
  }

  async #submit(input: SubmitInput): Promise<GateResult> {
    const id = this.#d.newId();
    const actor = `agent:${input.agent}`;
    const target = await this.#targetFor(input.target, input.channels);
    const requester: Actor = { id: input.requester, platform: target.platform, workspace: target.workspace };
    const policy = this.#d.policy.mayRequest(requester, target);
    const decision = policy.allow ? this.#d.policy.mayAgentDraftIn(input.channels, target) : policy;
    if (!decision.allow) {
      const detail = { action: 'submit', reason: decision.reason, requester: input.requester };
      await this.#refusal(id, target, actor, '', detail);
      return fail('denied', denialMessage('request', decision.reason));
    }
    const created = await this.#create(id, actor, {
      target,
      requester: input.requester,
      question: input.question,
      agent: input.agent,
      source: 'intake',
      ...(input.context !== undefined ? { context: input.context } : {}),
    });
    if (!created) return fail('unavailable', 'Could not record the draft; try again.');
    return await this.#drafted(created, input.text, actor, undefined);
  }

  /**
   * An agent posted directly: always a `denied` event (reason `direct_post`), then, when someone can review it, the
   * removed text becomes a draft for them. Agents draft; they never post.
   */
  quarantine(input: QuarantineInput): Promise<GateResult> {
    return this.#track(this.#guard('quarantine', () => this.#quarantine(input)));
  }

  async #quarantine(input: QuarantineInput): Promise<GateResult> {
    const id = this.#d.newId();
    const actor = `agent:${input.agent}`;
    await this.#refusal(id, input.target, actor, input.text === '' ? '' : sha256Hex(input.text), {
      action: 'post',
      reason: 'direct_post',
      bot: input.bot,
      message: input.message,
      removed: input.removed,
    });
    if (!input.requester || input.text.trim() === '') {
      return fail('denied', 'The direct post was refused, but nobody is configured to review it as a draft.');
    }
    const created = await this.#create(id, actor, {
      target: input.target,
      requester: input.requester,
      question: input.question,
      agent: input.agent,
      source: 'quarantine',
    });
    if (!created) return fail('unavailable', 'Could not record the quarantined draft.');
    return await this.#drafted(created, input.text, actor, undefined);
  }

  /** Creates a draft in `drafting`, with its `requested` event and its expiry deadline. */
  async #create(
    id: string,
    actor: string,
    fields: Pick<Draft, 'target' | 'requester' | 'question' | 'agent' | 'source'> & { context?: string },
  ): Promise<Draft | undefined> {
    const now = this.#d.clock.now();
    const draft: Draft = {
      ...fields,
      id,
      question: fields.question.slice(0, MAX_TEXT),
      state: 'drafting',
      version: 0,
      text: '',
      originalText: '',
      findings: [],
      reviews: [],
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.#d.policy.draftTtlMs,
    };
    const detail = { source: draft.source, agent: draft.agent, question: draft.question.slice(0, 500) };
    const created = await this.#transition({
      id,
      create: draft,
      expiry: draft.expiresAt,
      event: this.#event('requested', draft, actor, detail),
    });
    return created.ok ? created.draft : undefined;
  }

  /** A `denied` event for something that has no draft (a refused request or post). */
  async #refusal(
    id: string,
    target: Draft['target'],
    actor: string,
    textSha: string,
    detail: Record<string, unknown>,
  ) {
    await this.#append({
      type: 'denied',
      draft_id: id,
      version: 0,
      actor,
      platform: target.platform,
      workspace: target.workspace,
      channel: target.channel,
      at: new Date(this.#d.clock.now()).toISOString(),
      text_sha256: textSha,
      detail,
    });
  }

  /** An external agent's new version after a regenerate (the draft is in `drafting`, waiting for it). */
  submitVersion(draftId: string, agent: string, text: string): Promise<GateResult> {
    return this.#track(
      this.#guard('submit', async () => {
        const draft = await this.#d.store.get(draftId);
        if (!draft || draft.agent !== agent || draft.source !== 'intake')
          return fail('not_found', 'No such draft for this agent.');
        if (draft.state !== 'drafting')
          return fail('invalid_state', 'This draft is not waiting for a new version.', draft);
        return await this.#drafted(draft, text, `agent:${agent}`, undefined);
      }),
    );
  }

  async #generate(
    draft: Draft,
    fallback: PrivateFallback | undefined,
    previous?: { text: string; feedback: string },
  ): Promise<GateResult> {
    const signal = AbortSignal.any([this.#shutdown.signal, AbortSignal.timeout(this.#d.agentTimeoutMs)]);
    const result = await this.#d.agent.draft(
      {
        draftId: draft.id,
        question: draft.question,
        requester: draft.requester,
        target: draft.target,
        ...(draft.context !== undefined ? { context: draft.context } : {}),
        ...(previous ? { previous } : {}),
      },
      signal,
    );
    const actor = `agent:${this.#d.agent.name}`;
    if (result.ok) return await this.#drafted(draft, result.text, actor, fallback);
    this.#d.logger.warn({ draftId: draft.id, code: result.code, reason: result.reason }, 'agent failed');
    const failure = `${result.code}: ${result.reason}`.slice(0, 500);
    if (previous) {
      // A failed regenerate keeps the previous text for review, as a new version so that old cards are stale.
      const back = await this.#transition({
        id: draft.id,
        expectStates: ['drafting'],
        set: {
          state: 'pending',
          version: draft.version + 1,
          text: draft.text,
          originalText: draft.originalText,
          failure: `regenerate failed (${failure})`,
          updatedAt: this.#d.clock.now(),
        },
        event: this.#event('agent_failed', { ...draft, version: draft.version + 1 }, actor, {
          code: result.code,
          reason: failure,
          regenerate: true,
        }),
      });
      if (back.ok) await this.#updateCards(back.draft);
      return fail(
        'agent_failed',
        `The agent failed to regenerate: ${failure}. The previous draft is kept.`,
        back.ok ? back.draft : draft,
      );
    }
    const failed = await this.#transition({
      id: draft.id,
      expectStates: ['drafting'],
      set: { state: 'failed', failure, updatedAt: this.#d.clock.now() },
      expiry: null,
      ttlMs: this.#d.keepFinishedMs,
      event: this.#event('agent_failed', draft, actor, { code: result.code, reason: failure }),
    });
    const message = `The agent could not draft a reply (${failure}). Nothing was posted.`;
    await this.#tellRequester(draft, message, fallback);
    return fail('agent_failed', message, failed.ok ? failed.draft : draft);
  }

  /** The agent's text arrived: risk review, then `pending` and the review card. */
  async #drafted(
    draft: Draft,
    rawText: string,
    actor: string,
    fallback: PrivateFallback | undefined,
  ): Promise<GateResult> {
    const text = rawText.slice(0, MAX_TEXT);
    const findings = await this.#d.risk.review(text);
    const next: Draft = {
      ...draft,
      state: 'pending',
      version: draft.version + 1,
      text,
      originalText: text,
      findings,
    };
    const result = await this.#transition({
      id: draft.id,
      expectStates: ['drafting'],
      expectVersion: draft.version,
      set: {
        state: 'pending',
        version: next.version,
        text,
        originalText: text,
        findings,
        updatedAt: this.#d.clock.now(),
      },
      unset: ['failure', 'approvedBy', 'confirmed', 'secondApprovedBy'],
      event: this.#event(draft.version === 0 ? 'drafted' : 'regenerated', next, actor, {
        text: redactSecrets(text, findings),
        agent: draft.agent,
        ...(draft.feedback ? { feedback: draft.feedback } : {}),
      }),
      also: this.#riskEvents(next, actor),
    });
    if (!result.ok)
      return fail(
        'invalid_state',
        'The draft changed while the agent was writing; nothing was posted.',
        result.draft,
      );
    if (result.draft.reviews.length > 0) {
      await this.#updateCards(result.draft);
      return { ok: true, draft: result.draft };
    }
    return await this.#deliver(result.draft, fallback);
  }

  async #deliver(draft: Draft, fallback: PrivateFallback | undefined): Promise<GateResult> {
    const card = this.cardFor(draft, draft.requester);
    let ref: ReviewRef | undefined;
    try {
      ref = await this.#platform(draft).sendReview(card);
    } catch (error) {
      if (!(error instanceof DmUnavailableError)) {
        this.#d.logger.error(
          { err: error, draftId: draft.id },
          'could not deliver the review card; the draft stays pending and will expire',
        );
        await fallback
          ?.tell(
            'draftgate could not send you the draft for review. Nothing was posted. Try again in a moment.',
          )
          .catch(() => {});
        return fail('dm_unavailable', 'The review card could not be delivered. Nothing was posted.', draft);
      }
      if (fallback?.sendCard) ref = await fallback.sendCard(card);
    }
    if (ref) {
      await this.#d.store.attachReview(draft.id, ref);
      return { ok: true, draft: { ...draft, reviews: [...draft.reviews, ref] } };
    }
    const message =
      'draftgate could not send you a direct message, so your draft was discarded and nothing was posted. Allow direct messages from the app and ask again.';
    const discarded = await this.#transition({
      id: draft.id,
      expectStates: ['pending'],
      expectVersion: draft.version,
      set: { state: 'discarded', updatedAt: this.#d.clock.now() },
      expiry: null,
      ttlMs: this.#d.keepFinishedMs,
      event: this.#event('discarded', draft, 'system', { reason: 'dm_unavailable' }),
    });
    await fallback
      ?.tell(message)
      .catch((error: unknown) => this.#d.logger.warn({ err: error }, 'private fallback failed'));
    return fail('dm_unavailable', message, discarded.ok ? discarded.draft : draft);
  }

  // ── decisions ─────────────────────────────────────────────────────────────────────────────────────────────

  approve(input: ApproveInput): Promise<GateResult> {
    return this.#track(this.#guard('approve', () => this.#approve(input)));
  }

  async #approve(input: ApproveInput): Promise<GateResult> {
    const draft = await this.#d.store.get(input.draftId);
    if (!draft) return fail('not_found', 'This draft no longer exists.');
    const second = draft.state === 'awaiting_second_approval';
    const role: ReviewRole = second ? 'second_approver' : 'requester';
    const decision = second
      ? this.#d.policy.maySecondApprove(input.actor, draft)
      : this.#d.policy.mayDecide(input.actor, draft);
    const refused = await this.#refuse('approve', input, draft, decision, [
      'pending',
      'awaiting_second_approval',
    ]);
    if (refused) return refused;
    if (isBlocked(draft)) {
      await this.#denied(draft, input.actor.id, 'approve', 'blocked_finding');
      return fail(
        'blocked',
        'This draft contains a secret or another blocking finding. Edit it out before approving.',
        draft,
      );
    }
    if (confirmationRequired(draft, this.#d.policy, role) && !input.confirmed) {
      await this.#denied(draft, input.actor.id, 'approve', 'unconfirmed_risk');
      return fail(
        'needs_confirmation',
        'This draft has risk findings: confirm them explicitly to approve.',
        draft,
      );
    }
    const now = this.#d.clock.now();
    if (!second && this.#d.policy.secondApprovalRequired(draft)) {
      const approvers = this.#d.policy.secondApprovers.filter((u) => u !== input.actor.id);
      const waiting = await this.#transition({
        id: draft.id,
        expectStates: ['pending'],
        expectVersion: draft.version,
        set: {
          state: 'awaiting_second_approval',
          approvedBy: input.actor.id,
          confirmed: input.confirmed,
          updatedAt: now,
        },
        unset: ['failure'],
        event: this.#event('approved', draft, input.actor.id, {
          second_approval_required: true,
          confirmed: input.confirmed,
        }),
        also: [
          this.#event('second_approval_requested', draft, input.actor.id, {
            approvers,
            mode: this.#d.policy.config.second_approval.mode,
          }),
        ],
      });
      if (!waiting.ok) return await this.#lostRace('approve', input, waiting.draft);
      await this.#askSecondApprovers(waiting.draft, approvers);
      await this.#updateCards(waiting.draft);
      return {
        ok: true,
        draft: waiting.draft,
        message: 'Approved. A second approver must approve before it is published.',
      };
    }
    const publishing = await this.#transition({
      id: draft.id,
      expectStates: [draft.state],
      expectVersion: draft.version,
      set: second
        ? { state: 'publishing', secondApprovedBy: input.actor.id, updatedAt: now }
        : { state: 'publishing', approvedBy: input.actor.id, confirmed: input.confirmed, updatedAt: now },
      unset: ['failure'],
      lease: now + this.#d.policy.publishLeaseMs,
      expiry: null,
      event: this.#event('approved', draft, input.actor.id, {
        confirmed: input.confirmed,
        ...(second ? { second: true } : {}),
      }),
    });
    if (!publishing.ok) return await this.#lostRace('approve', input, publishing.draft);
    return await this.#publish(publishing.draft, input.actor.id);
  }

  async #publish(draft: Draft, approver: string): Promise<GateResult> {
    const first = draft.approvedBy ?? approver;
    try {
      const ref = await this.#platform(draft).publish(draft, first);
      const now = this.#d.clock.now();
      const retractUntil = now + this.#d.policy.retractWindowMs;
      const published = await this.#transition({
        id: draft.id,
        expectStates: ['publishing', 'publish_unknown'],
        set: { state: 'published', published: ref, publishedAt: now, retractUntil, updatedAt: now },
        lease: null,
        unknownIndex: null,
        retractDeadline: retractUntil,
        ttlMs: this.#d.policy.retractWindowMs + this.#d.keepFinishedMs,
        event: this.#event('published', draft, approver, {
          text: redactSecrets(draft.text, draft.findings),
          messages: ref.messages,
          permalink: ref.permalink ?? null,
          approved_by: first,
          ...(draft.secondApprovedBy ? { second_approved_by: draft.secondApprovedBy } : {}),
        }),
      });
      if (!published.ok) {
        this.#d.logger.error(
          { draftId: draft.id, reason: published.reason },
          'published, but the state could not be recorded; reconciliation will find the message',
        );
        return fail(
          'publish_unknown',
          'Posted, but draftgate could not record it; it will reconcile.',
          draft,
        );
      }
      await this.#updateCards(published.draft);
      return { ok: true, draft: published.draft, message: 'Published.' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PublishUnknownError) {
        const unknown = await this.#transition({
          id: draft.id,
          expectStates: ['publishing'],
          set: { state: 'publish_unknown', updatedAt: this.#d.clock.now() },
          lease: null,
          unknownIndex: this.#d.clock.now(),
          event: this.#event('publish_unknown', draft, 'system', { reason }),
        });
        if (unknown.ok) await this.#updateCards(unknown.draft);
        return fail(
          'publish_unknown',
          'The platform did not confirm the post. draftgate will check whether it went through; it will not post twice.',
          unknown.ok ? unknown.draft : draft,
        );
      }
      this.#d.logger.warn({ draftId: draft.id, err: error }, 'publish failed');
      const back = await this.#transition({
        id: draft.id,
        expectStates: ['publishing'],
        set: { state: 'pending', failure: reason.slice(0, 300), updatedAt: this.#d.clock.now() },
        unset: ['approvedBy', 'confirmed', 'secondApprovedBy'],
        lease: null,
        expiry: draft.expiresAt,
        event: this.#event('publish_failed', draft, 'system', { error: reason.slice(0, 300) }),
      });
      if (back.ok) await this.#updateCards(back.draft);
      return fail(
        'publish_failed',
        `Publishing failed: ${reason}. Nothing was posted; you can approve again.`,
        back.ok ? back.draft : draft,
      );
    }
  }

  edit(input: EditInput): Promise<GateResult> {
    return this.#track(this.#guard('edit', () => this.#edit(input)));
  }

  async #edit(input: EditInput): Promise<GateResult> {
    const draft = await this.#d.store.get(input.draftId);
    if (!draft) return fail('not_found', 'This draft no longer exists.');
    const refused = await this.#refuse(
      'edit',
      input,
      draft,
      this.#d.policy.mayDecide(input.actor, draft),
      OPEN,
    );
    if (refused) return refused;
    const text = input.text.trim();
    if (text === '')
      return fail('invalid_state', 'The edited text is empty. Discard the draft instead.', draft);
    if (text.length > MAX_TEXT)
      return fail('invalid_state', `The edited text is longer than ${MAX_TEXT} characters.`, draft);
    const findings = await this.#d.risk.review(text);
    const next: Draft = { ...draft, version: draft.version + 1, text, findings };
    const result = await this.#transition({
      id: draft.id,
      expectStates: OPEN,
      expectVersion: draft.version,
      set: {
        state: 'pending',
        version: next.version,
        text,
        originalText: draft.originalText,
        findings,
        updatedAt: this.#d.clock.now(),
      },
      unset: ['approvedBy', 'confirmed', 'secondApprovedBy', 'failure'],
      event: this.#event('edited', next, input.actor.id, {
        text: redactSecrets(text, findings),
        previous_sha256: sha256Hex(draft.text),
      }),
      also: this.#riskEvents(next, input.actor.id),
    });
    if (!result.ok) return await this.#lostRace('edit', input, result.draft);
    await this.#updateCards(result.draft);
    return { ok: true, draft: result.draft, message: `Edited: version ${result.draft.version}.` };
  }

  regenerate(input: RegenerateInput): Promise<GateResult> {
    return this.#track(this.#guard('regenerate', () => this.#regenerate(input)));
  }

  async #regenerate(input: RegenerateInput): Promise<GateResult> {
    const draft = await this.#d.store.get(input.draftId);
    if (!draft) return fail('not_found', 'This draft no longer exists.');
    const refused = await this.#refuse(
      'regenerate',
      input,
      draft,
      this.#d.policy.mayDecide(input.actor, draft),
      OPEN,
    );
    if (refused) return refused;
    const feedback = input.feedback.trim().slice(0, MAX_FEEDBACK);
    if (feedback === '')
      return fail(
        'invalid_state',
        'Say what to change, e.g. "shorter" or "wrong: that table holds PII".',
        draft,
      );
    const result = await this.#transition({
      id: draft.id,
      expectStates: OPEN,
      expectVersion: draft.version,
      set: { state: 'drafting', feedback, updatedAt: this.#d.clock.now() },
      unset: ['approvedBy', 'confirmed', 'secondApprovedBy', 'failure'],
      event: this.#event('regenerated', draft, input.actor.id, { feedback, phase: 'requested' }),
    });
    if (!result.ok) return await this.#lostRace('regenerate', input, result.draft);
    await this.#updateCards(result.draft);
    if (draft.source === 'intake') {
      return {
        ok: true,
        draft: result.draft,
        message: 'Asked the agent for a new version with your feedback.',
      };
    }
    return await this.#generate(result.draft, undefined, {
      text: redactSecrets(draft.text, draft.findings),
      feedback,
    });
  }

  discard(input: DecisionInput): Promise<GateResult> {
    return this.#track(this.#guard('discard', () => this.#discard(input)));
  }

  async #discard(input: DecisionInput): Promise<GateResult> {
    const draft = await this.#d.store.get(input.draftId);
    if (!draft) return fail('not_found', 'This draft no longer exists.');
    const refused = await this.#refuse(
      'discard',
      input,
      draft,
      this.#d.policy.mayDecide(input.actor, draft),
      OPEN,
    );
    if (refused) return refused;
    const result = await this.#transition({
      id: draft.id,
      expectStates: OPEN,
      expectVersion: draft.version,
      set: { state: 'discarded', updatedAt: this.#d.clock.now() },
      expiry: null,
      ttlMs: this.#d.keepFinishedMs,
      event: this.#event('discarded', draft, input.actor.id, {}),
    });
    if (!result.ok) return await this.#lostRace('discard', input, result.draft);
    await this.#updateCards(result.draft);
    return { ok: true, draft: result.draft, message: 'Discarded. Nothing was posted.' };
  }

  retract(input: RetractInput): Promise<GateResult> {
    return this.#track(this.#guard('retract', () => this.#retract(input)));
  }

  async #retract(input: RetractInput): Promise<GateResult> {
    const draft = await this.#d.store.get(input.draftId);
    if (!draft) return fail('not_found', 'This draft no longer exists.');
    const decision = this.#d.policy.mayRetract(input.actor, draft);
    if (!decision.allow) {
      await this.#denied(draft, input.actor.id, 'retract', decision.reason);
      return fail('denied', denialMessage('retract', decision.reason), draft);
    }
    if (draft.state !== 'published') {
      await this.#append(
        this.#event('stale_click', draft, input.actor.id, { action: 'retract', state: draft.state }),
      );
      return fail('invalid_state', STATE_MESSAGES[draft.state] ?? 'This draft is not published.', draft);
    }
    if ((draft.retractUntil ?? 0) <= this.#d.clock.now()) {
      await this.#denied(draft, input.actor.id, 'retract', 'retract_window_closed');
      return fail(
        'retract_window_closed',
        'The retract window has closed. Delete the message by hand if you must.',
        draft,
      );
    }
    try {
      await this.#platform(draft).retract(draft);
    } catch (error) {
      this.#d.logger.warn({ draftId: draft.id, err: error }, 'retract failed');
      return fail(
        'unavailable',
        `Could not delete the message: ${error instanceof Error ? error.message : String(error)}. Try again.`,
        draft,
      );
    }
    const result = await this.#transition({
      id: draft.id,
      expectStates: ['published'],
      set: { state: 'retracted', updatedAt: this.#d.clock.now() },
      retractDeadline: null,
      ttlMs: this.#d.keepFinishedMs,
      event: this.#event('retracted', draft, input.actor.id, { messages: draft.published?.messages ?? [] }),
    });
    if (!result.ok) return fail('invalid_state', 'This draft changed meanwhile.', result.draft);
    await this.#updateCards(result.draft);
    return { ok: true, draft: result.draft, message: 'Retracted: the message was deleted.' };
  }

  // ── the system's own work ─────────────────────────────────────────────────────────────────────────────────

  /** Expires due drafts, turns stuck publishes into publish_unknown, reconciles, and closes retract windows. */
  sweep(limit = 100): Promise<SweepReport> {
    return this.#track(this.#sweep(limit));
  }

  async #sweep(limit: number): Promise<SweepReport> {
    const now = this.#d.clock.now();
    const spec = { now, limit, at: new Date(now).toISOString() };
    const expired = await this.#d.store.expireDue(spec);
    for (const draft of expired) {
      this.#observe(this.#event('expired', draft, 'system', { reason: 'ttl' }), draft);
      await this.#updateCards(draft);
    }
    const unknown = await this.#d.store.reclaimLeases(spec);
    for (const draft of unknown) {
      this.#observe(this.#event('publish_unknown', draft, 'system', { reason: 'lease_expired' }), draft);
      this.#d.logger.warn(
        { draftId: draft.id },
        'a publish outlived its lease: now publish_unknown, to be reconciled',
      );
      await this.#updateCards(draft);
    }
    let reconciled = 0;
    for (const draft of await this.#d.store.listPublishUnknown(limit)) {
      if (draft.updatedAt > now - this.#d.reconcileGraceMs) continue;
      if (await this.#reconcile(draft)) reconciled++;
    }
    const closed = await this.#d.store.claimRetractEnded(spec);
    for (const draft of closed) await this.#updateCards(draft);
    return {
      expired: expired.length,
      publishUnknown: unknown.length,
      reconciled,
      retractClosed: closed.length,
    };
  }

  /** Looks for the message a publish_unknown draft may have produced. Never re-posts. */
  async #reconcile(draft: Draft): Promise<boolean> {
    let found: Awaited<ReturnType<ChatPlatform['findPublished']>>;
    try {
      found = await this.#platform(draft).findPublished(draft);
    } catch (error) {
      this.#d.logger.warn(
        { draftId: draft.id, err: error },
        'reconciliation could not tell whether the draft was posted; will retry',
      );
      return false;
    }
    const now = this.#d.clock.now();
    if (found) {
      const retractUntil = now + this.#d.policy.retractWindowMs;
      const result = await this.#transition({
        id: draft.id,
        expectStates: ['publish_unknown'],
        set: { state: 'published', published: found, publishedAt: now, retractUntil, updatedAt: now },
        unknownIndex: null,
        retractDeadline: retractUntil,
        ttlMs: this.#d.policy.retractWindowMs + this.#d.keepFinishedMs,
        event: this.#event('published', draft, 'system', {
          reconciled: true,
          messages: found.messages,
          approved_by: draft.approvedBy ?? null,
          text: redactSecrets(draft.text, draft.findings),
        }),
      });
      if (result.ok) await this.#updateCards(result.draft);
      return result.ok;
    }
    const result = await this.#transition({
      id: draft.id,
      expectStates: ['publish_unknown'],
      set: {
        state: 'pending',
        failure: 'the platform has no such message (checked after an unconfirmed publish)',
        updatedAt: now,
      },
      unset: ['approvedBy', 'confirmed', 'secondApprovedBy'],
      unknownIndex: null,
      expiry: Math.max(draft.expiresAt, now + 60_000),
      event: this.#event('publish_failed', draft, 'system', { reconciled: true, reason: 'not_found' }),
    });
    if (result.ok) await this.#updateCards(result.draft);
    return result.ok;
  }

  /** Stops new agent work and waits for in-flight operations. */
  async drain(): Promise<void> {
    this.#shutdown.abort();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────

  /** The target as policy sees it: canonical channel id, and the channel's name when a rule needs it. */
  #targetFor(target: Target, extraPatterns: readonly string[] = []): Promise<Target> {
    return this.#channelNames.prepare(target, (t) => this.#d.policy.needsChannelName(t, extraPatterns));
  }

  /**
   * A store or platform outage becomes a clear result instead of an exception: nothing was changed or posted (a
   * publish already sent is reconciled through its lease), and the person is told to retry.
   */
  async #guard(action: string, op: () => Promise<GateResult>): Promise<GateResult> {
    try {
      return await op();
    } catch (error) {
      this.#d.logger.error({ err: error, action }, `${action} failed: the store or platform is unavailable`);
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

  #platform(draft: Draft): ChatPlatform {
    const platform = this.#platforms.get(draft.target.platform);
    if (!platform)
      throw new Error(
        `no adapter for platform "${draft.target.platform}" is running; configure its credentials`,
      );
    return platform;
  }

  async #limited(key: string): Promise<number> {
    return this.#d.requestLimiter ? await this.#d.requestLimiter.consume(key) : 0;
  }

  /** Common refusals: policy, then version (stale), then state. Records the event; undefined when allowed. */
  async #refuse(
    action: string,
    input: DecisionInput,
    draft: Draft,
    decision: { allow: true } | { allow: false; reason: string },
    states: readonly DraftState[],
  ): Promise<GateResult | undefined> {
    if (!decision.allow) {
      await this.#denied(draft, input.actor.id, action, decision.reason);
      return fail('denied', denialMessage(action, decision.reason), draft);
    }
    if (draft.version !== input.version || !states.includes(draft.state)) {
      await this.#append(
        this.#event('stale_click', draft, input.actor.id, {
          action,
          clicked_version: input.version,
          state: draft.state,
        }),
      );
      if (draft.version !== input.version) {
        return fail(
          'stale',
          `This card shows version ${input.version}, but the draft is at version ${draft.version}. Use the latest card.`,
          draft,
        );
      }
      return fail('invalid_state', STATE_MESSAGES[draft.state] ?? 'This draft cannot be changed now.', draft);
    }
    if (draft.expiresAt <= this.#d.clock.now()) {
      // Past its TTL but not swept yet: expire it now rather than act on it. Expiry is never a publish.
      const expired = await this.#expireNow(draft);
      return fail('invalid_state', STATE_MESSAGES.expired ?? 'This draft expired.', expired ?? draft);
    }
    return undefined;
  }

  async #expireNow(draft: Draft): Promise<Draft | undefined> {
    const result = await this.#transition({
      id: draft.id,
      expectStates: OPEN,
      expectVersion: draft.version,
      set: { state: 'expired', updatedAt: this.#d.clock.now() },
      expiry: null,
      ttlMs: this.#d.keepFinishedMs,
      event: this.#event('expired', draft, 'system', { reason: 'ttl', from: draft.state }),
    });
    if (!result.ok) return result.draft;
    await this.#updateCards(result.draft);
    return result.draft;
  }

  /** A concurrent decision won: record the losing click as stale. */
  async #lostRace(action: string, input: DecisionInput, current: Draft | undefined): Promise<GateResult> {
    if (!current) return fail('not_found', 'This draft no longer exists.');
    await this.#append(
      this.#event('stale_click', current, input.actor.id, {
        action,
        clicked_version: input.version,
        state: current.state,
      }),
    );
    return fail(
      'invalid_state',
      STATE_MESSAGES[current.state] ?? 'Someone else acted on this draft first.',
      current,
    );
  }

  async #denied(draft: Draft, actor: string, action: string, reason: string): Promise<void> {
    await this.#append(this.#event('denied', draft, actor, { action, reason }));
  }

  async #askSecondApprovers(draft: Draft, approvers: readonly string[]): Promise<void> {
    for (const user of approvers) {
      try {
        const ref = await this.#platform(draft).sendReview(this.cardFor(draft, user));
        await this.#d.store.attachReview(draft.id, ref);
        draft.reviews.push(ref);
      } catch (error) {
        this.#d.logger.warn({ draftId: draft.id, user, err: error }, 'could not ask a second approver');
      }
    }
  }

  async #updateCards(draft: Draft): Promise<void> {
    const platform = this.#platforms.get(draft.target.platform);
    if (!platform) return;
    await Promise.all(
      draft.reviews.map(async (ref) => {
        try {
          await platform.updateReview(ref, this.cardFor(draft, ref.user));
        } catch (error) {
          this.#d.logger.warn(
            { draftId: draft.id, user: ref.user, err: error },
            'could not update a review card',
          );
        }
      }),
    );
  }

  async #tellRequester(draft: Draft, text: string, fallback: PrivateFallback | undefined): Promise<void> {
    try {
      await this.#platform(draft).notify(draft.requester, draft.target.workspace, text);
    } catch (error) {
      if (fallback) await fallback.tell(text).catch(() => {});
      else this.#d.logger.warn({ draftId: draft.id, err: error }, 'could not tell the requester');
    }
  }

  #riskEvents(draft: Draft, actor: string): AuditEventInput[] {
    if (draft.findings.length === 0) return [];
    const findings = draft.findings.map((f: Finding) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      excerpt: f.excerpt,
    }));
    return [this.#event('risk_flagged', draft, actor, { findings })];
  }

  #event(
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
      at: new Date(this.#d.clock.now()).toISOString(),
      text_sha256: draft.text === '' ? '' : sha256Hex(draft.text),
      detail,
    };
  }

  async #transition(unredacted: TransitionSpec) {
    const spec: TransitionSpec = {
      ...unredacted,
      event: await redactEvent(unredacted.event, this.#secrets),
      ...(unredacted.also
        ? { also: await Promise.all(unredacted.also.map((event) => redactEvent(event, this.#secrets))) }
        : {}),
    };
    const result = await this.#d.store.transition(spec);
    if (result.ok) {
      this.#observe(spec.event, result.draft);
      for (const event of spec.also ?? []) this.#observe(event, result.draft);
    }
    return result;
  }

  async #append(unredacted: AuditEventInput): Promise<void> {
    const event = await redactEvent(unredacted, this.#secrets);
    await this.#d.audit.append(event);
    this.#observe(event, undefined);
  }

  #observe(event: AuditEventInput, draft: Draft | undefined): void {
    try {
      this.#d.observer?.onEvent(event, draft);
    } catch (error) {
      this.#d.logger.warn({ err: error }, 'observer failed');
    }
  }
}
