/**
 * Expiry reminders and Extend. The sweep claims each due reminder atomically (with its `expiry_warned` event, see
 * SWEEPS.warnExpiry), so however many replicas sweep, each draft's reminder is sent once; Extend moves the expiry
 * by `policy.draft_ttl`, at most `policy.max_extensions` times, checked like any other decision.
 */
import { buildExpiryReminder } from '../expiry-reminder.js';
import { fail } from '../gate-messages.js';
import type { DecisionInput, GateResult } from '../gate-types.js';
import type { SweepSpec } from '../ports.js';
import type { Action } from '../transitions.js';
import { EXTEND_ROWS, leavesFrom } from '../transitions.js';
import { updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { now, platformFor } from './context.js';
import { denied, event, move, observe } from './recorder.js';
import { lostRace, refuse } from './refusals.js';

/** Claims the due reminders and sends each to its requester. Returns how many were claimed. */
export async function sendExpiryReminders(ctx: GateContext, spec: SweepSpec): Promise<number> {
  const { store, policy, logger } = ctx.deps;
  if (policy.expiryWarningMs <= 0) return 0;
  const claimed = await store.claimExpiryWarnings(spec);
  for (const draft of claimed) {
    observe(ctx, event(ctx, 'expiry_warned', draft, 'system', { reason: 'expiry_warning' }), draft);
    const reminder = buildExpiryReminder(draft, policy, spec.now);
    try {
      const platform = platformFor(ctx, draft);
      if (platform.remind) await platform.remind(reminder);
      else await platform.notify(draft.requester, draft.target.workspace, reminder.text);
    } catch (error) {
      // Claimed and recorded: the reminder is sent at most once. The card still shows the expiry.
      logger.warn({ draftId: draft.id, err: error }, 'could not send the expiry reminder');
    }
  }
  return claimed.length;
}

export async function extend(ctx: GateContext, input: DecisionInput): Promise<GateResult> {
  const { policy } = ctx.deps;
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const refused = await refuse(
    ctx,
    'extend',
    EXTEND_ROWS,
    input,
    draft,
    policy.mayExtend(input.actor, draft),
  );
  if (refused) return refused;
  const used = draft.extensions ?? 0;
  if (used >= policy.maxExtensions) {
    await denied(ctx, draft, input.actor.id, 'extend', 'max_extensions');
    return fail(
      'denied',
      policy.maxExtensions === 0
        ? 'Drafts cannot be extended here (policy.max_extensions is 0). Decide on the card before it expires.'
        : `This draft was already extended ${used === 1 ? 'once' : `${used} times`}, the most policy allows. Decide on the card before it expires.`,
      draft,
    );
  }
  const row = EXTEND_ROWS.find((r) => leavesFrom(r, draft.state)) as Action;
  const expiresAt = draft.expiresAt + policy.draftTtlMs;
  const result = await move(ctx, row, {
    draft,
    actor: input.actor.id,
    detail: { expires_at: new Date(expiresAt).toISOString(), extension: used + 1, by_ms: policy.draftTtlMs },
    expectVersion: draft.version,
    expectExpiresAt: draft.expiresAt,
    set: { expiresAt, extensions: used + 1 },
    at: { expiry: expiresAt, warn: policy.warnAt(expiresAt, now(ctx)) },
  });
  if (!result.ok) return await lostRace(ctx, 'extend', input, result.draft);
  await updateCards(ctx, result.draft);
  return {
    ok: true,
    draft: result.draft,
    message: `Extended: the draft now expires at ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  };
}
