/**
 * Refusals and stale checks: who may act (policy), whether the clicked card is the current version, whether the
 * draft is in a state the action leaves from, and whether it is past its TTL. Each refusal is audited.
 */
import type { Draft } from '../draft.js';
import { denialMessage, fail, STATE_MESSAGES } from '../gate-messages.js';
import type { DecisionInput, GateResult } from '../gate-types.js';
import type { Decision } from '../policy.js';
import type { Action } from '../transitions.js';
import { leavesFrom } from '../transitions.js';
import { updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { now } from './context.js';
import { append, denied, event, move } from './recorder.js';

/**
 * Common refusals: policy, then version (stale), then the table's states for `row`, then the TTL. Records the event;
 * undefined when allowed. `action` is the word people and the audit log see.
 */
export async function refuse(
  ctx: GateContext,
  action: string,
  row: Action | readonly Action[],
  input: DecisionInput,
  draft: Draft,
  decision: Decision,
): Promise<GateResult | undefined> {
  if (!decision.allow) {
    await denied(ctx, draft, input.actor.id, action, decision.reason);
    return fail('denied', denialMessage(action, decision.reason), draft);
  }
  const rows: readonly Action[] = typeof row === 'string' ? [row] : row;
  const allowed = rows.some((r) => leavesFrom(r, draft.state));
  if (draft.version !== input.version || !allowed) {
    await staleClick(ctx, action, input, draft);
    if (draft.version !== input.version) {
      return fail(
        'stale',
        `This card shows version ${input.version}, but the draft is at version ${draft.version}. Use the latest card.`,
        draft,
      );
    }
    return fail('invalid_state', STATE_MESSAGES[draft.state] ?? 'This draft cannot be changed now.', draft);
  }
  if (draft.expiresAt <= now(ctx)) {
    // Past its TTL but not swept yet: expire it now rather than act on it. Expiry is never a publish.
    const expired = await expireNow(ctx, draft);
    return fail('invalid_state', STATE_MESSAGES.expired ?? 'This draft expired.', expired ?? draft);
  }
  return undefined;
}

async function expireNow(ctx: GateContext, draft: Draft): Promise<Draft | undefined> {
  const result = await move(ctx, 'expire', {
    draft,
    actor: 'system',
    detail: { reason: 'ttl', from: draft.state },
    expectVersion: draft.version,
  });
  if (!result.ok) return result.draft;
  await updateCards(ctx, result.draft);
  return result.draft;
}

async function staleClick(
  ctx: GateContext,
  action: string,
  input: DecisionInput,
  draft: Draft,
): Promise<void> {
  await append(
    ctx,
    event(ctx, 'stale_click', draft, input.actor.id, {
      action,
      clicked_version: input.version,
      state: draft.state,
    }),
  );
}

/** A concurrent decision won: record the losing click as stale. */
export async function lostRace(
  ctx: GateContext,
  action: string,
  input: DecisionInput,
  current: Draft | undefined,
): Promise<GateResult> {
  if (!current) return fail('not_found', 'This draft no longer exists.');
  await staleClick(ctx, action, input, current);
  return fail(
    'invalid_state',
    STATE_MESSAGES[current.state] ?? 'Someone else acted on this draft first.',
    current,
  );
}
