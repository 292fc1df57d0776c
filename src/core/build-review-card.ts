/** Decides what a review card shows and offers for a draft, for one recipient. Adapters only render it. */

import { consequenceLine, groupFindings, lineChanges } from './card-details.js';
import type { Draft, DraftState } from './draft.js';
import { findingsToConfirm, isBlocked, needsConfirmation } from './draft.js';
import type { Policy } from './policy.js';
import type { ReviewCard, ReviewRole } from './review-card.js';
import { redactSecrets } from './risk/redact-secrets.js';
import { riskSummary } from './risk/risk-summary.js';
import { canExpire } from './transitions.js';

const HEADLINES: Record<DraftState, string> = {
  drafting: 'Drafting…',
  pending: 'Draft for review',
  awaiting_second_approval: 'Waiting for a second approval',
  publishing: 'Publishing…',
  published: 'Published',
  retracted: 'Retracted',
  discarded: 'Discarded',
  expired: 'Expired: never published',
  failed: 'Failed: no draft',
  publish_unknown: 'Publish outcome unknown: checking (never re-posted blindly)',
  publish_failed: 'Publish failed: nothing was posted',
};

/** Whether this approver must explicitly confirm the confirm-severity findings. */
export function confirmationRequired(draft: Draft, policy: Policy, role: ReviewRole): boolean {
  if (!needsConfirmation(draft)) return false;
  // Under `on_risk`, the first approver's click asks a second person instead; the second must confirm.
  return role === 'second_approver' || policy.config.second_approval.mode !== 'on_risk';
}

export function buildReviewCard(
  draft: Draft,
  recipient: string,
  role: ReviewRole,
  policy: Policy,
  now: number,
): ReviewCard {
  const open = draft.state === 'pending' || draft.state === 'awaiting_second_approval';
  const blocked = isBlocked(draft);
  const card: ReviewCard = {
    draft,
    recipient,
    role,
    headline: HEADLINES[draft.state],
    displayText: redactSecrets(draft.text, draft.findings),
    actions: { edit: false, regenerate: false, discard: false },
    findingGroups: groupFindings(draft.findings),
  };
  const summary = riskSummary(draft.findings);
  if (summary !== undefined) card.riskSummary = summary;
  const canApproveNow =
    (role === 'requester' && draft.state === 'pending') ||
    (role === 'second_approver' && draft.state === 'awaiting_second_approval');
  if (canApproveNow && !blocked) {
    const confirmFindings = findingsToConfirm(draft);
    card.actions.approve = confirmationRequired(draft, policy, role)
      ? { confirm: { title: 'Publish despite these findings?', findings: confirmFindings } }
      : {};
  } else if ((open || draft.state === 'publish_failed') && blocked) {
    card.actions.approveUnavailable =
      'A secret or another blocking finding is in this draft. Edit it out before approving.';
  } else if (draft.state === 'awaiting_second_approval' && role === 'requester') {
    card.actions.approveUnavailable = 'Waiting for a second approver.';
  }
  if (role === 'requester' && draft.state === 'publish_failed') {
    // The platform refused the post: once the cause is fixed, Retry approves again (every approval was cleared).
    if (!blocked) {
      card.actions.retry = confirmationRequired(draft, policy, role)
        ? { confirm: { title: 'Retry despite these findings?', findings: findingsToConfirm(draft) } }
        : {};
    }
    card.actions.edit = true;
    card.actions.regenerate = true;
    card.actions.discard = true;
  }
  if (role === 'requester' && open) {
    card.actions.edit = true;
    card.actions.regenerate = true;
    card.actions.discard = true;
  }
  if (draft.state === 'published' && draft.retractUntil !== undefined && draft.retractUntil > now) {
    card.actions.retractUntil = draft.retractUntil;
  }
  explainApproval(card, policy, now);
  const notice = noticeFor(draft);
  if (notice !== undefined) card.notice = notice;
  return card;
}

function noticeFor(draft: Draft): string | undefined {
  switch (draft.state) {
    case 'pending':
      return draft.failure
        ? `Publishing failed: ${draft.failure}. Nothing was posted; approve again to retry.`
        : undefined;
    case 'publish_failed':
      return `Publishing failed: ${draft.failure ?? 'the platform refused the post'}. Nothing was posted. Fix the cause, then press Retry; or Edit or Discard the draft.`;
    case 'failed':
      return draft.failure ? `The agent failed: ${draft.failure}` : undefined;
    case 'drafting':
      return draft.feedback ? `Regenerating with your feedback: ${draft.feedback}` : undefined;
    case 'awaiting_second_approval':
      return draft.approvedBy
        ? `Approved by ${draft.approvedBy}; a second approver must approve before it is published.`
        : undefined;
    case 'publish_unknown':
      return 'The platform did not confirm the post. draftgate checks whether it went through and will not post twice.';
    default:
      return undefined;
  }
}

/** What Approve will do, how its button reads, when the draft expires and what changed since the last version. */
function explainApproval(card: ReviewCard, policy: Policy, now: number): void {
  const { draft } = card;
  const approve = card.actions.approve ?? card.actions.retry;
  if (approve) {
    card.consequence = consequenceLine(draft, policy, card.role, now);
    // Risky: findings to confirm (here, or by the second approver that Approve will ask for).
    card.approveButton =
      approve.confirm || needsConfirmation(draft)
        ? { label: 'Review & approve…', style: 'warning' }
        : { label: 'Approve', style: 'primary' };
  }
  if (canExpire(draft.state) && draft.expiresAt > 0) card.expiresAt = draft.expiresAt;
  const previous = draft.previous;
  if (previous && previous.version < draft.version && isOpen(draft.state)) {
    const shown = card.displayText;
    if (previous.text !== shown)
      card.changes = lineChanges(previous.text, shown, previous.version, draft.version);
  }
}

function isOpen(state: DraftState): boolean {
  return state === 'pending' || state === 'awaiting_second_approval' || state === 'publish_failed';
}
