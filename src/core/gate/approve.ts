/**
 * The approve decision: policy (first or second approver), stale and state checks, blocking findings, the explicit
 * confirmation, and whether a second approver is needed. An approval that may publish hands over to publish.ts.
 */
import { confirmationRequired } from '../build-review-card.js';
import { isBlocked } from '../draft.js';
import { fail } from '../gate-messages.js';
import type { ApproveInput, GateResult } from '../gate-types.js';
import type { ReviewRole } from '../review-card.js';
import { askSecondApprovers, updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { now } from './context.js';
import { publish } from './publish.js';
import { denied, event, move } from './recorder.js';
import { lostRace, refuse } from './refusals.js';

export async function approve(ctx: GateContext, input: ApproveInput): Promise<GateResult> {
  const { policy } = ctx.deps;
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  const second = draft.state === 'awaiting_second_approval';
  const role: ReviewRole = second ? 'second_approver' : 'requester';
  const decision = second
    ? policy.maySecondApprove(input.actor, draft)
    : policy.mayDecide(input.actor, draft);
  const refused = await refuse(
    ctx,
    'approve',
    ['approve', 'approve_first', 'approve_second'],
    input,
    draft,
    decision,
  );
  if (refused) return refused;
  if (isBlocked(draft)) {
    await denied(ctx, draft, input.actor.id, 'approve', 'blocked_finding');
    return fail(
      'blocked',
      'This draft contains a secret or another blocking finding. Edit it out before approving.',
      draft,
    );
  }
  if (confirmationRequired(draft, policy, role) && !input.confirmed) {
    await denied(ctx, draft, input.actor.id, 'approve', 'unconfirmed_risk');
    return fail(
      'needs_confirmation',
      'This draft has risk findings: confirm them explicitly to approve.',
      draft,
    );
  }
  if (!second && policy.secondApprovalRequired(draft)) {
    const approvers = policy.secondApprovers.filter((u) => u !== input.actor.id);
    const waiting = await move(ctx, 'approve_first', {
      draft,
      actor: input.actor.id,
      detail: { second_approval_required: true, confirmed: input.confirmed },
      expectVersion: draft.version,
      set: { approvedBy: input.actor.id, confirmed: input.confirmed },
      also: [
        event(ctx, 'second_approval_requested', draft, input.actor.id, {
          approvers,
          mode: policy.config.second_approval.mode,
        }),
      ],
    });
    if (!waiting.ok) return await lostRace(ctx, 'approve', input, waiting.draft);
    await askSecondApprovers(ctx, waiting.draft, approvers);
    await updateCards(ctx, waiting.draft);
    return {
      ok: true,
      draft: waiting.draft,
      message: 'Approved. A second approver must approve before it is published.',
    };
  }
  const publishing = await move(ctx, second ? 'approve_second' : 'approve', {
    draft,
    actor: input.actor.id,
    detail: { confirmed: input.confirmed, ...(second ? { second: true } : {}) },
    expectVersion: draft.version,
    set: second
      ? { secondApprovedBy: input.actor.id }
      : { approvedBy: input.actor.id, confirmed: input.confirmed },
    at: { lease: now(ctx) + policy.publishLeaseMs },
  });
  if (!publishing.ok) return await lostRace(ctx, 'approve', input, publishing.draft);
  return await publish(ctx, publishing.draft, input.actor.id);
}
