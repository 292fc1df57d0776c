/**
 * Publishing an approved draft: the platform call, then `published`, `publish_unknown` (the platform did not
 * confirm: reconciled later, never re-posted) or `publish_failed` (nothing was posted: the card offers Retry,
 * Edit and Discard; the draft can still expire).
 */
import type { Draft } from '../draft.js';
import { fail } from '../gate-messages.js';
import type { GateResult } from '../gate-types.js';
import { PublishUnknownError } from '../ports.js';
import { redactText } from '../redact-detail.js';
import { redactSecrets } from '../risk/redact-secrets.js';
import { updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { now, platformFor, traced } from './context.js';
import { move } from './recorder.js';

export function publish(ctx: GateContext, draft: Draft, approver: string): Promise<GateResult> {
  return traced(ctx, 'publish', draft.id, () => publishNow(ctx, draft, approver));
}

async function publishNow(ctx: GateContext, draft: Draft, approver: string): Promise<GateResult> {
  const first = draft.approvedBy ?? approver;
  try {
    // A reply that carries its question ("Alice asked: …") shows it redacted like everything else.
    const question = await redactText(draft.question, ctx.secrets);
    const ref = await platformFor(ctx, draft).publish({ ...draft, question }, first);
    const at = now(ctx);
    const retractUntil = at + ctx.deps.policy.retractWindowMs;
    const published = await move(ctx, 'publish', {
      draft,
      actor: approver,
      detail: {
        text: redactSecrets(draft.text, draft.findings),
        messages: ref.messages,
        permalink: ref.permalink ?? null,
        approved_by: first,
        ...(draft.secondApprovedBy ? { second_approved_by: draft.secondApprovedBy } : {}),
      },
      set: { published: ref, publishedAt: at, retractUntil, updatedAt: at },
      at: { retract: retractUntil },
    });
    if (!published.ok) {
      ctx.deps.logger.error(
        { draftId: draft.id, reason: published.reason },
        'published, but the state could not be recorded; reconciliation will find the message',
      );
      return fail('publish_unknown', 'Posted, but draftgate could not record it; it will reconcile.', draft);
    }
    await updateCards(ctx, published.draft);
    return { ok: true, draft: published.draft, message: 'Published.' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof PublishUnknownError) {
      const unknown = await move(ctx, 'publish_unknown', {
        draft,
        actor: 'system',
        detail: { reason },
        at: { unknown: now(ctx) },
      });
      if (unknown.ok) await updateCards(ctx, unknown.draft);
      return fail(
        'publish_unknown',
        'The platform did not confirm the post. draftgate will check whether it went through; it will not post twice.',
        unknown.ok ? unknown.draft : draft,
      );
    }
    ctx.deps.logger.warn({ draftId: draft.id, err: error }, 'publish failed');
    const back = await move(ctx, 'publish_fail', {
      draft,
      actor: 'system',
      detail: { error: reason.slice(0, 300) },
      set: { failure: reason.slice(0, 300) },
      at: { expiry: draft.expiresAt },
    });
    if (back.ok) await updateCards(ctx, back.draft);
    return fail(
      'publish_failed',
      `Publishing failed: ${reason}. Nothing was posted. Fix the cause, then press Retry on the card (or Discard).`,
      back.ok ? back.draft : draft,
    );
  }
}
