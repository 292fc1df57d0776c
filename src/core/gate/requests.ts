/**
 * Requests and drafting: a person's request (the agent runs here, after the platform's ack), an intake agent's
 * submission, a quarantined direct post, and the agent's text arriving, failing, or coming back after a regenerate.
 */
import { sha256Hex } from '../audit-hash.js';
import type { Actor, Draft, Target } from '../draft.js';
import { denialMessage, fail, toldIf } from '../gate-messages.js';
import type {
  GateResult,
  PrivateFallback,
  QuarantineInput,
  RequestInput,
  SubmitInput,
} from '../gate-types.js';
import { redactSecrets } from '../risk/redact-secrets.js';
import { deliver, tellRequester, updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { MAX_TEXT, now, traced } from './context.js';
import { move, refusal, riskEvents } from './recorder.js';

/** The target as policy sees it: canonical channel id, and the channel's name when a rule needs it. */
function targetFor(ctx: GateContext, target: Target, agentChannels: readonly string[] = []): Promise<Target> {
  return ctx.channelNames.prepare(target, (t) => ctx.deps.policy.needsChannelName(t, agentChannels));
}

/** What to say about an empty question, by how it was asked. */
const EMPTY_QUESTION: Partial<Record<RequestInput['source'], string>> = {
  slash:
    'Ask a question, e.g. `/draftgate how do I rotate the staging TLS cert?`. The draft comes to your DMs first.',
  shortcut: 'That message has no text to answer. Nothing was drafted.',
  context_menu: 'That message has no text to answer. Nothing was drafted.',
  mention: 'Mention me with a question in a thread, and I will draft a reply privately.',
};

export async function request(ctx: GateContext, input: RequestInput): Promise<GateResult> {
  const target = await targetFor(ctx, input.target);
  const d = ctx.deps;
  if (input.idempotencyKey !== undefined) {
    const key = `request:${target.platform}:${input.idempotencyKey}`;
    if (!(await d.store.claimOnce(key, 3_600_000))) {
      return fail('duplicate', 'This request was already received.');
    }
  }
  const id = d.newId();
  return await traced(ctx, 'request', id, () => requestAs(ctx, id, input, target), { source: input.source });
}

async function requestAs(
  ctx: GateContext,
  id: string,
  input: RequestInput,
  target: Target,
): Promise<GateResult> {
  const { requester } = input;
  const d = ctx.deps;
  const decision = d.policy.mayRequest(requester, target);
  if (!decision.allow) {
    await refusal(ctx, id, target, requester.id, '', { action: 'request', reason: decision.reason });
    return fail('denied', denialMessage('request', decision.reason));
  }
  const limited = d.requestLimiter
    ? await d.requestLimiter.consume(`user:${target.platform}:${target.workspace}:${requester.id}`)
    : 0;
  if (limited > 0) {
    await refusal(ctx, id, target, requester.id, '', { action: 'request', reason: 'rate_limited' });
    const message = `Too many requests. Try again in ${Math.ceil(limited / 1000)} s.`;
    return { ok: false, code: 'rate_limited', message, retryAfterMs: limited };
  }
  if (input.question.trim() === '') {
    await refusal(ctx, id, target, requester.id, '', { action: 'request', reason: 'empty_question' });
    return fail('invalid_state', EMPTY_QUESTION[input.source] ?? 'Ask a question. Nothing was drafted.');
  }
  const created = await create(ctx, id, requester.id, {
    target,
    requester: requester.id,
    question: input.question.trim(),
    agent: d.agent.name,
    source: input.source,
    ...(input.context !== undefined ? { context: input.context } : {}),
  });
  if (!created) return fail('unavailable', 'Could not record the request; try again.');
  return await generate(ctx, created, input.fallback);
}

/** An external agent submits a finished draft through the intake API. It goes through the same review. */
export async function submit(ctx: GateContext, input: SubmitInput): Promise<GateResult> {
  const id = ctx.deps.newId();
  return await traced(ctx, 'request', id, () => submitAs(ctx, id, input), { source: 'intake' });
}

async function submitAs(ctx: GateContext, id: string, input: SubmitInput): Promise<GateResult> {
  const actor = `agent:${input.agent}`;
  const target = await targetFor(ctx, input.target, input.channels);
  const requester: Actor = { id: input.requester, platform: target.platform, workspace: target.workspace };
  const policy = ctx.deps.policy.mayRequest(requester, target);
  const decision = policy.allow ? ctx.deps.policy.mayAgentDraftIn(input.channels, target) : policy;
  if (!decision.allow) {
    const detail = { action: 'submit', reason: decision.reason, requester: input.requester };
    await refusal(ctx, id, target, actor, '', detail);
    return fail('denied', denialMessage('request', decision.reason));
  }
  const created = await create(ctx, id, actor, {
    target,
    requester: input.requester,
    question: input.question,
    agent: input.agent,
    source: 'intake',
    ...(input.context !== undefined ? { context: input.context } : {}),
  });
  if (!created) return fail('unavailable', 'Could not record the draft; try again.');
  return await drafted(ctx, created, input.text, actor, undefined);
}

/**
 * An agent posted directly: always a `denied` event (reason `direct_post`), then, when someone can review it, the
 * removed text becomes a draft for them. Agents draft; they never post.
 */
export async function quarantine(ctx: GateContext, input: QuarantineInput): Promise<GateResult> {
  const id = ctx.deps.newId();
  return await traced(ctx, 'request', id, () => quarantineAs(ctx, id, input), { source: 'quarantine' });
}

async function quarantineAs(ctx: GateContext, id: string, input: QuarantineInput): Promise<GateResult> {
  const actor = `agent:${input.agent}`;
  const reviewer = ctx.deps.policy.quarantineReviewer(input.repliedTo, input.owner);
  await refusal(ctx, id, input.target, actor, input.text === '' ? '' : sha256Hex(input.text), {
    action: 'post',
    reason: 'direct_post',
    bot: input.bot,
    message: input.message,
    removed: input.removed,
    reviewer: reviewer?.user ?? null,
    reviewer_is: reviewer?.why ?? 'nobody',
  });
  if (!reviewer || input.text.trim() === '') {
    return fail('denied', 'The direct post was refused, but nobody is configured to review it as a draft.');
  }
  const created = await create(ctx, id, actor, {
    target: input.target,
    requester: reviewer.user,
    question: input.question,
    agent: input.agent,
    source: 'quarantine',
  });
  if (!created) return fail('unavailable', 'Could not record the quarantined draft.');
  return await drafted(ctx, created, input.text, actor, undefined);
}

/** An external agent's new version after a regenerate (the draft is in `drafting`, waiting for it). */
export async function submitVersion(
  ctx: GateContext,
  draftId: string,
  agent: string,
  text: string,
): Promise<GateResult> {
  const draft = await ctx.deps.store.get(draftId);
  if (!draft || draft.agent !== agent || draft.source !== 'intake')
    return fail('not_found', 'No such draft for this agent.');
  if (draft.state !== 'drafting')
    return fail('invalid_state', 'This draft is not waiting for a new version.', draft);
  return await drafted(ctx, draft, text, `agent:${agent}`, undefined);
}

/** Creates a draft in `drafting`, with its `requested` event and its expiry deadline. */
async function create(
  ctx: GateContext,
  id: string,
  actor: string,
  fields: Pick<Draft, 'target' | 'requester' | 'question' | 'agent' | 'source'> & { context?: string },
): Promise<Draft | undefined> {
  const at = now(ctx);
  // Field by field, not a spread of `fields` with more added after it: that took V8's slow path on every request.
  const draft: Draft = {
    id,
    target: fields.target,
    requester: fields.requester,
    question: fields.question.slice(0, MAX_TEXT),
    agent: fields.agent,
    source: fields.source,
    state: 'drafting',
    version: 0,
    text: '',
    originalText: '',
    findings: [],
    reviews: [],
    createdAt: at,
    updatedAt: at,
    expiresAt: at + ctx.deps.policy.draftTtlMs,
  };
  if (fields.context !== undefined) draft.context = fields.context;
  const detail = { source: draft.source, agent: draft.agent, question: draft.question.slice(0, 500) };
  const deadlines = { expiry: draft.expiresAt, warn: ctx.deps.policy.warnAt(draft.expiresAt, at) };
  const created = await move(ctx, 'request', { draft, actor, detail, at: deadlines });
  return created.ok ? created.draft : undefined;
}

/** Runs the agent; on success the text goes to review, on failure the requester is told why. */
export async function generate(
  ctx: GateContext,
  draft: Draft,
  fallback: PrivateFallback | undefined,
  previous?: { text: string; feedback: string },
): Promise<GateResult> {
  const d = ctx.deps;
  const signal = AbortSignal.any([ctx.shutdown, AbortSignal.timeout(d.agentTimeoutMs)]);
  const result = await traced(ctx, 'agent', draft.id, () =>
    d.agent.draft(
      {
        draftId: draft.id,
        question: draft.question,
        requester: draft.requester,
        target: draft.target,
        ...(draft.context !== undefined ? { context: draft.context } : {}),
        ...(previous ? { previous } : {}),
      },
      signal,
    ),
  );
  const actor = `agent:${d.agent.name}`;
  if (result.ok) return await drafted(ctx, draft, result.text, actor, fallback);
  d.logger.warn({ draftId: draft.id, code: result.code, reason: result.reason }, 'agent failed');
  const failure = `${result.code}: ${result.reason}`.slice(0, 500);
  if (previous) {
    // A failed regenerate keeps the previous text for review, as a new version so that old cards are stale.
    const back = await move(ctx, 'regenerate_fail', {
      draft,
      actor,
      eventDraft: { ...draft, version: draft.version + 1 },
      detail: { code: result.code, reason: failure, regenerate: true },
      set: {
        version: draft.version + 1,
        text: draft.text,
        originalText: draft.originalText,
        failure: `regenerate failed (${failure})`,
      },
    });
    if (back.ok) await updateCards(ctx, back.draft);
    const refused = fail(
      'agent_failed',
      `The agent failed to regenerate: ${failure}. The previous draft is kept.`,
      back.ok ? back.draft : draft,
    );
    // The reviewer's card now says so: that is telling them.
    return toldIf(back.ok && back.draft.reviews.length > 0, refused);
  }
  const failed = await move(ctx, 'agent_fail', {
    draft,
    actor,
    detail: { code: result.code, reason: failure },
    set: { failure },
  });
  const message = `The agent could not draft a reply (${failure}). Nothing was posted.`;
  const told = await tellRequester(ctx, draft, message, fallback);
  return toldIf(told, fail('agent_failed', message, failed.ok ? failed.draft : draft));
}

/** The agent's text arrived: risk review, then `pending` and the review card. */
async function drafted(
  ctx: GateContext,
  draft: Draft,
  rawText: string,
  actor: string,
  fallback: PrivateFallback | undefined,
): Promise<GateResult> {
  const text = rawText.slice(0, MAX_TEXT);
  const findings = await traced(ctx, 'risk_review', draft.id, () => ctx.deps.risk.review(text));
  const next: Draft = {
    ...draft,
    state: 'pending',
    version: draft.version + 1,
    text,
    originalText: text,
    findings,
  };
  const result = await move(ctx, draft.version === 0 ? 'deliver_draft' : 'deliver_regenerated', {
    draft,
    actor,
    eventDraft: next,
    detail: {
      text: redactSecrets(text, findings),
      agent: draft.agent,
      ...(draft.feedback ? { feedback: draft.feedback } : {}),
    },
    expectVersion: draft.version,
    set: {
      version: next.version,
      text,
      originalText: text,
      findings,
      // A regenerated version: the card shows what changed since the one it replaces.
      ...(draft.version > 0 && draft.text !== ''
        ? { previous: { version: draft.version, text: redactSecrets(draft.text, draft.findings) } }
        : {}),
    },
    also: riskEvents(ctx, next, actor),
  });
  if (!result.ok)
    return fail(
      'invalid_state',
      'The draft changed while the agent was writing; nothing was posted.',
      result.draft,
    );
  if (result.draft.reviews.length > 0) {
    await updateCards(ctx, result.draft);
    return { ok: true, draft: result.draft };
  }
  return await deliver(ctx, result.draft, fallback);
}
