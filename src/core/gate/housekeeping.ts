/**
 * The system's own work: the sweep (send due expiry reminders, expire due drafts, turn publishes that outlived their
 * lease into publish_unknown, close retract windows) and reconciliation of publish_unknown drafts. Never a publish.
 */
import type { Draft } from '../draft.js';
import type { SweepReport } from '../gate-types.js';
import type { ChatPlatform } from '../ports.js';
import { redactSecrets } from '../risk/redact-secrets.js';
import { updateCards } from './cards.js';
import type { GateContext } from './context.js';
import { now, platformFor } from './context.js';
import { sendExpiryReminders } from './expiry.js';
import { event, move, observe } from './recorder.js';

export async function sweep(ctx: GateContext, limit: number): Promise<SweepReport> {
  const { store, logger } = ctx.deps;
  const at = now(ctx);
  const spec = { now: at, limit, at: new Date(at).toISOString() };
  const warned = await sendExpiryReminders(ctx, spec);
  const expired = await store.expireDue(spec);
  for (const draft of expired) {
    observe(ctx, event(ctx, 'expired', draft, 'system', { reason: 'ttl' }), draft);
    await updateCards(ctx, draft);
  }
  const unknown = await store.reclaimLeases(spec);
  for (const draft of unknown) {
    observe(ctx, event(ctx, 'publish_unknown', draft, 'system', { reason: 'lease_expired' }), draft);
    logger.warn({ draftId: draft.id }, 'a publish outlived its lease: now publish_unknown, to be reconciled');
    await updateCards(ctx, draft);
  }
  let reconciled = 0;
  for (const draft of await store.listPublishUnknown(limit)) {
    if (draft.updatedAt > at - ctx.deps.reconcileGraceMs) continue;
    if (await reconcile(ctx, draft)) reconciled++;
  }
  const closed = await store.claimRetractEnded(spec);
  for (const draft of closed) await updateCards(ctx, draft);
  return {
    warned,
    expired: expired.length,
    publishUnknown: unknown.length,
    reconciled,
    retractClosed: closed.length,
  };
}

/** Looks for the message a publish_unknown draft may have produced. Never re-posts. */
async function reconcile(ctx: GateContext, draft: Draft): Promise<boolean> {
  let found: Awaited<ReturnType<ChatPlatform['findPublished']>>;
  try {
    found = await platformFor(ctx, draft).findPublished(draft);
  } catch (error) {
    ctx.deps.logger.warn(
      { draftId: draft.id, err: error },
      'reconciliation could not tell whether the draft was posted; will retry',
    );
    return false;
  }
  const at = now(ctx);
  if (found) {
    const retractUntil = at + ctx.deps.policy.retractWindowMs;
    const result = await move(ctx, 'publish', {
      draft,
      actor: 'system',
      detail: {
        reconciled: true,
        messages: found.messages,
        approved_by: draft.approvedBy ?? null,
        text: redactSecrets(draft.text, draft.findings),
      },
      set: { published: found, publishedAt: at, retractUntil, updatedAt: at },
      at: { retract: retractUntil },
    });
    if (result.ok) await updateCards(ctx, result.draft);
    return result.ok;
  }
  const result = await move(ctx, 'reconcile_missing', {
    draft,
    actor: 'system',
    detail: { reconciled: true, reason: 'not_found' },
    set: {
      failure: 'the platform has no such message (checked after an unconfirmed publish)',
      updatedAt: at,
    },
    at: { expiry: Math.max(draft.expiresAt, at + 60_000) },
  });
  if (result.ok) await updateCards(ctx, result.draft);
  return result.ok;
}
