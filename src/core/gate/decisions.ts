/**
 * The reviewer's other decisions: edit (a new version, reviewed again), regenerate (the agent again, with the
 * reviewer's feedback), discard, and retract (delete what was published, within the window).
 */
import { sha256Hex } from '../audit-hash.js';
import type { Draft } from '../draft.js';
import { denialMessage, fail, STATE_MESSAGES } from '../gate-messages.js';
import type { DecisionInput, EditInput, GateResult, RegenerateInput, RetractInput } from '../gate-types.js';
import { redactSecrets } from '../risk/redact-secrets.js';
import { leavesFrom } from '../transitions.js';
import { cardFor, updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { MAX_FEEDBACK, MAX_TEXT, now, platformFor, traced } from './context.js';
import { append, denied, event, move, riskEvents } from './recorder.js';
import { lostRace, refuse } from './refusals.js';
import { generate } from './requests.js';

export async function edit(ctx: GateContext, input: EditInput): Promise<GateResult> {
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const refused = await refuse(
    ctx,
    'edit',
    'edit',
    input,
    draft,
    ctx.deps.policy.mayDecide(input.actor, draft),
  );
  if (refused) return refused;
  const text = input.text.trim();
  if (text === '') {
    await denied(ctx, draft, input.actor.id, 'edit', 'empty_text');
    return fail('invalid_state', 'The edited text is empty. Discard the draft instead.', draft);
  }
  if (text.length > MAX_TEXT)
    return fail('invalid_state', `The edited text is longer than ${MAX_TEXT} characters.`, draft);
  const findings = await traced(ctx, 'risk_review', draft.id, () => ctx.deps.risk.review(text));
  const next: Draft = { ...draft, version: draft.version + 1, text, findings };
  const result = await move(ctx, 'edit', {
    draft,
    actor: input.actor.id,
    eventDraft: next,
    detail: { text: redactSecrets(text, findings), previous_sha256: sha256Hex(draft.text) },
    expectVersion: draft.version,
    set: {
      version: next.version,
      text,
      originalText: draft.originalText,
      findings,
      previous: { version: draft.version, text: redactSecrets(draft.text, draft.findings) },
    },
    also: riskEvents(ctx, next, input.actor.id),
  });
  if (!result.ok) return await lostRace(ctx, 'edit', input, result.draft);
  await updateCards(ctx, result.draft);
  return { ok: true, draft: result.draft, message: `Edited: version ${result.draft.version}.` };
}

export async function regenerate(ctx: GateContext, input: RegenerateInput): Promise<GateResult> {
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const decision = ctx.deps.policy.mayDecide(input.actor, draft);
  const refused = await refuse(ctx, 'regenerate', 'regenerate', input, draft, decision);
  if (refused) return refused;
  const feedback = input.feedback.trim().slice(0, MAX_FEEDBACK);
  if (feedback === '') {
    await denied(ctx, draft, input.actor.id, 'regenerate', 'empty_feedback');
    return fail(
      'invalid_state',
      'Say what to change, e.g. "shorter" or "wrong: that table holds PII".',
      draft,
    );
  }
  const result = await move(ctx, 'regenerate', {
    draft,
    actor: input.actor.id,
    detail: { feedback, phase: 'requested' },
    expectVersion: draft.version,
    set: { feedback },
  });
  if (!result.ok) return await lostRace(ctx, 'regenerate', input, result.draft);
  await updateCards(ctx, result.draft);
  if (draft.source === 'intake') {
    return {
      ok: true,
      draft: result.draft,
      message: 'Asked the agent for a new version with your feedback.',
    };
  }
  return await generate(ctx, result.draft, undefined, {
    text: redactSecrets(draft.text, draft.findings),
    feedback,
  });
}

export async function discard(ctx: GateContext, input: DecisionInput): Promise<GateResult> {
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const decision = ctx.deps.policy.mayDecide(input.actor, draft);
  const refused = await refuse(ctx, 'discard', 'discard', input, draft, decision);
  if (refused) return refused;
  const result = await move(ctx, 'discard', {
    draft,
    actor: input.actor.id,
    detail: {},
    expectVersion: draft.version,
  });
  if (!result.ok) return await lostRace(ctx, 'discard', input, result.draft);
  await updateCards(ctx, result.draft);
  return { ok: true, draft: result.draft, message: 'Discarded. Nothing was posted.' };
}

export async function retract(ctx: GateContext, input: RetractInput): Promise<GateResult> {
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const decision = ctx.deps.policy.mayRetract(input.actor, draft);
  if (!decision.allow) {
    await denied(ctx, draft, input.actor.id, 'retract', decision.reason);
    return fail('denied', denialMessage('retract', decision.reason), draft);
  }
  if (!leavesFrom('retract', draft.state)) {
    await append(
      ctx,
      event(ctx, 'stale_click', draft, input.actor.id, { action: 'retract', state: draft.state }),
    );
    return fail('invalid_state', STATE_MESSAGES[draft.state] ?? 'This draft is not published.', draft);
  }
  if ((draft.retractUntil ?? 0) <= now(ctx)) {
    await denied(ctx, draft, input.actor.id, 'retract', 'retract_window_closed');
    return fail(
      'retract_window_closed',
      'The retract window has closed. Delete the message by hand if you must.',
      draft,
    );
  }
  try {
    await platformFor(ctx, draft).retract(draft);
  } catch (error) {
    ctx.deps.logger.warn({ draftId: draft.id, err: error }, 'retract failed');
    return fail(
      'unavailable',
      `Could not delete the message: ${error instanceof Error ? error.message : String(error)}. Try again.`,
      draft,
    );
  }
  const result = await move(ctx, 'retract', {
    draft,
    actor: input.actor.id,
    detail: { messages: draft.published?.messages ?? [] },
  });
  if (!result.ok) return fail('invalid_state', 'This draft changed meanwhile.', result.draft);
  await updateCards(ctx, result.draft);
  return { ok: true, draft: result.draft, message: 'Retracted: the message was deleted.' };
}

/**
 * What an editor may show this person before they edit: the card's text (secrets masked), or why not. Read-only;
 * saving goes through edit(), which checks policy, version and state again.
 */
export async function editorFor(
  ctx: GateContext,
  draftId: string,
  version: number,
  userId: string,
): Promise<{ ok: true; draft: Draft; text: string } | { ok: false; message: string }> {
  const draft = await ctx.deps.store.get(draftId);
  if (!draft) return { ok: false, message: 'This draft no longer exists.' };
  if (draft.version !== version) {
    const message = `This card shows version ${version}, but the draft is at version ${draft.version}. Use the latest card.`;
    return { ok: false, message };
  }
  if (draft.requester !== userId && !draft.reviews.some((ref) => ref.user === userId)) {
    return { ok: false, message: 'Only the people reviewing this draft can open it.' };
  }
  return { ok: true, draft, text: cardFor(ctx, draft, userId).displayText };
}
