/**
 * Card delivery: the review card for each recipient, delivering it to the requester's DM (or the request's private
 * fallback), asking second approvers, keeping every delivered card up to date, and private notes to the requester.
 */
import { buildReviewCard } from '../build-review-card.js';
import type { Draft, ReviewRef } from '../draft.js';
import { fail, toldIf } from '../gate-messages.js';
import type { GateResult, PrivateFallback } from '../gate-types.js';
import { DmUnavailableError } from '../ports.js';
import type { ReviewCard, ReviewRole } from '../review-card.js';
import type { GateContext } from './context.js';
import { now, platformFor, traced } from './context.js';
import { move } from './recorder.js';

export function cardFor(ctx: GateContext, draft: Draft, recipient: string): ReviewCard {
  const role: ReviewRole = recipient === draft.requester ? 'requester' : 'second_approver';
  return buildReviewCard(draft, recipient, role, ctx.deps.policy, now(ctx));
}

/** Sends the first review card; when no private channel reaches the requester, the draft is discarded. */
export function deliver(
  ctx: GateContext,
  draft: Draft,
  fallback: PrivateFallback | undefined,
): Promise<GateResult> {
  return traced(ctx, 'card', draft.id, () => deliverCard(ctx, draft, fallback));
}

async function deliverCard(
  ctx: GateContext,
  draft: Draft,
  fallback: PrivateFallback | undefined,
): Promise<GateResult> {
  const card = cardFor(ctx, draft, draft.requester);
  let ref: ReviewRef | undefined;
  try {
    ref = await platformFor(ctx, draft).sendReview(card);
  } catch (error) {
    if (!(error instanceof DmUnavailableError)) {
      ctx.deps.logger.error(
        { err: error, draftId: draft.id },
        'could not deliver the review card; the draft stays pending and will expire',
      );
      await fallback
        ?.tell(
          'draftgate could not send you the draft for review. Nothing was posted. Try again in a moment.',
        )
        .catch(() => {});
      const result = fail(
        'dm_unavailable',
        'The review card could not be delivered. Nothing was posted.',
        draft,
      );
      return toldIf(fallback !== undefined, result);
    }
    if (fallback?.sendCard) ref = await fallback.sendCard(card);
  }
  if (ref) {
    await ctx.deps.store.attachReview(draft.id, ref);
    inboxChanged(ctx, draft);
    return { ok: true, draft: { ...draft, reviews: [...draft.reviews, ref] } };
  }
  const message =
    'draftgate could not send you a direct message, so your draft was discarded and nothing was posted. Allow direct messages from the app and ask again.';
  const discarded = await move(ctx, 'discard_undeliverable', {
    draft,
    actor: 'system',
    detail: { reason: 'dm_unavailable' },
    expectVersion: draft.version,
  });
  await fallback
    ?.tell(message)
    .catch((error: unknown) => ctx.deps.logger.warn({ err: error }, 'private fallback failed'));
  return toldIf(
    fallback !== undefined,
    fail('dm_unavailable', message, discarded.ok ? discarded.draft : draft),
  );
}

export async function askSecondApprovers(
  ctx: GateContext,
  draft: Draft,
  approvers: readonly string[],
): Promise<void> {
  for (const user of approvers) {
    try {
      const ref = await platformFor(ctx, draft).sendReview(cardFor(ctx, draft, user));
      await ctx.deps.store.attachReview(draft.id, ref);
      draft.reviews.push(ref);
    } catch (error) {
      ctx.deps.logger.warn({ draftId: draft.id, user, err: error }, 'could not ask a second approver');
    }
  }
  inboxChanged(ctx, draft);
}

/** Tells the platform that the inboxes of the draft's requester and reviewers changed (Slack's App Home). */
export function inboxChanged(ctx: GateContext, draft: Draft): void {
  const platform = ctx.platforms.get(draft.target.platform);
  if (!platform?.inboxChanged) return;
  const users = new Set([draft.requester, ...draft.reviews.map((ref) => ref.user)]);
  platform.inboxChanged(draft.target.workspace, [...users]);
}

/** Re-renders every delivered card of the draft, and the inboxes it is in; a failed update is only logged. */
export async function updateCards(ctx: GateContext, draft: Draft): Promise<void> {
  const platform = ctx.platforms.get(draft.target.platform);
  if (!platform) return;
  inboxChanged(ctx, draft);
  await Promise.all(
    draft.reviews.map(async (ref) => {
      try {
        await platform.updateReview(ref, cardFor(ctx, draft, ref.user));
      } catch (error) {
        ctx.deps.logger.warn(
          { draftId: draft.id, user: ref.user, err: error },
          'could not update a review card',
        );
      }
    }),
  );
}

/** A private note to the requester: a DM, else the request's private fallback. True when either delivered it. */
export async function tellRequester(
  ctx: GateContext,
  draft: Draft,
  text: string,
  fallback: PrivateFallback | undefined,
): Promise<boolean> {
  try {
    await platformFor(ctx, draft).notify(draft.requester, draft.target.workspace, text);
    return true;
  } catch (error) {
    if (fallback)
      return await fallback.tell(text).then(
        () => true,
        () => false,
      );
    ctx.deps.logger.warn({ draftId: draft.id, err: error }, 'could not tell the requester');
    return false;
  }
}
