/**
 * The inbox: the drafts waiting for one person. Their own open drafts that policy lets them decide about, and the
 * drafts awaiting a second approval that policy lets them give. Reading it changes nothing; every action taken from
 * it (Open, Discard, Approve on the re-sent card) goes through the Gate again, checked and audited as usual.
 */
import type { Actor, Draft } from '../draft.js';
import { INBOX_STATES } from '../draft.js';
import { denialMessage, fail, STATE_MESSAGES } from '../gate-messages.js';
import type { GateResult } from '../gate-types.js';
import type { Decision } from '../policy.js';
import type { ReviewCard, ReviewRole } from '../review-card.js';
import { cardFor } from './cards.js';
import type { GateContext } from './context.js';
import { platformFor } from './context.js';
import { denied } from './recorder.js';

/** How many drafts of each index the inbox reads at most (adapters show fewer and say how many more there are). */
export const INBOX_LIMIT = 200;

/** One row of the inbox: the review card this person would get for the draft (role, risk summary, actions). */
export type InboxItem = ReviewCard;

export interface ReopenInput {
  draftId: string;
  actor: Actor;
}

function roleOf(draft: Draft, actor: Actor): ReviewRole {
  return draft.requester === actor.id && draft.target.platform === actor.platform
    ? 'requester'
    : 'second_approver';
}

/** May this person act on the open draft in the role the inbox lists it under? */
function mayAct(ctx: GateContext, draft: Draft, actor: Actor, role: ReviewRole): Decision {
  const policy = ctx.deps.policy;
  if (role === 'requester') return policy.mayDecide(actor, draft);
  if (draft.state !== 'awaiting_second_approval') return { allow: false, reason: 'not_an_approver' };
  return policy.maySecondApprove(actor, draft);
}

/** The drafts waiting for this person, soonest expiry first. */
export async function pending(ctx: GateContext, actor: Actor, limit = INBOX_LIMIT): Promise<InboxItem[]> {
  const store = ctx.deps.store;
  const own = store.listOpen({ by: 'requester', platform: actor.platform, user: actor.id }, limit);
  // A DM names no workspace (Discord): only the person's own drafts can be listed there.
  const second = actor.inDm
    ? Promise.resolve([])
    : store.listOpen({ by: 'second_approval', platform: actor.platform, workspace: actor.workspace }, limit);
  const seen = new Set<string>();
  const items: InboxItem[] = [];
  for (const draft of [...(await own), ...(await second)]) {
    if (seen.has(draft.id)) continue;
    seen.add(draft.id);
    const role = roleOf(draft, actor);
    if (mayAct(ctx, draft, actor, role).allow) items.push(cardFor(ctx, draft, actor.id));
  }
  return items.sort((a, b) => a.draft.expiresAt - b.draft.expiresAt || a.draft.id.localeCompare(b.draft.id));
}

/**
 * An intake agent's own drafts waiting for people (for `GET /v1/drafts?state=pending`), soonest expiry first.
 * Only drafts it submitted itself: the agent sees nothing of anyone else's.
 */
export async function agentPending(ctx: GateContext, agent: string, limit = INBOX_LIMIT): Promise<Draft[]> {
  const drafts = await ctx.deps.store.listOpen({ by: 'agent', agent }, limit);
  return drafts.filter((draft) => draft.source === 'intake' && draft.agent === agent);
}

/** Open from the inbox: sends this person a fresh review card in their DM (no state change). */
export async function reopen(ctx: GateContext, input: ReopenInput): Promise<GateResult> {
  const draft = await ctx.deps.store.get(input.draftId);
  if (!draft) return fail('not_found', 'This draft no longer exists.');
  if (!INBOX_STATES.includes(draft.state))
    return fail('invalid_state', STATE_MESSAGES[draft.state] ?? 'This draft is no longer open.', draft);
  const decision = mayAct(ctx, draft, input.actor, roleOf(draft, input.actor));
  if (!decision.allow) {
    await denied(ctx, draft, input.actor.id, 'open', decision.reason);
    return fail('denied', denialMessage('open', decision.reason), draft);
  }
  const ref = await platformFor(ctx, draft).sendReview(cardFor(ctx, draft, input.actor.id));
  await ctx.deps.store.attachReview(draft.id, ref);
  return {
    ok: true,
    draft: { ...draft, reviews: [...draft.reviews.filter((r) => r.user !== ref.user), ref] },
    message: 'The draft was sent to your direct messages.',
  };
}
