/**
 * A ReviewCard as the sandbox page renders it. Only what the reviewer may see leaves the process: the masked
 * display text, never the draft's raw text (which could hold the secret that a finding masked).
 */

import { groupFindings } from '../../src/core/card-details.js';
import type { DraftState, Finding, RiskCategory, Severity } from '../../src/core/draft.js';
import type { CardChanges, ReviewCard, ReviewRole } from '../../src/core/review-card.js';

export interface FindingView {
  rule: string;
  category: RiskCategory;
  severity: Severity;
  excerpt: string;
  explanation: string;
}

export interface CardView {
  draftId: string;
  version: number;
  state: DraftState;
  role: ReviewRole;
  recipient: string;
  headline: string;
  text: string;
  notice?: string;
  question: string;
  requester: string;
  agent: string;
  target: { channel: string; channelName?: string; thread?: string; message?: string };
  findings: FindingView[];
  /** The findings grouped by kind with plain titles, shown after the draft text. */
  findingGroups: FindingGroupView[];
  riskSummary?: string;
  /** What Approve will do, in one line. */
  consequence?: string;
  approveLabel?: string;
  approveStyle?: 'primary' | 'warning';
  expiresAt?: number;
  changes?: CardChanges;
  actions: {
    approve: { confirm?: { title: string; findings: FindingView[] } } | null;
    /** Retry after a refused publish (state publish_failed): approving again. */
    retry?: { confirm?: { title: string; findings: FindingView[] } };
    approveUnavailable?: string;
    edit: boolean;
    regenerate: boolean;
    discard: boolean;
    retractUntil?: number;
  };
  published?: { channel: string; messages: string[] };
  updatedAt: number;
}

export interface FindingGroupView {
  /** The rule ids, space-separated (a data attribute, never a heading). */
  rule: string;
  title: string;
  severity: Severity;
  explanation: string;
  excerpts: string[];
  count: number;
}

function findingView(finding: Finding): FindingView {
  return {
    rule: finding.rule,
    category: finding.category,
    severity: finding.severity,
    excerpt: finding.excerpt,
    explanation: finding.explanation,
  };
}

export function renderReviewCard(card: ReviewCard): CardView {
  const { draft, actions } = card;
  const approve = actions.approve;
  const view: CardView = {
    draftId: draft.id,
    version: draft.version,
    state: draft.state,
    role: card.role,
    recipient: card.recipient,
    headline: card.headline,
    text: card.displayText,
    question: draft.question,
    requester: draft.requester,
    agent: draft.agent,
    target: {
      channel: draft.target.channel,
      ...(draft.target.channelName !== undefined && { channelName: draft.target.channelName }),
      ...(draft.target.thread !== undefined && { thread: draft.target.thread }),
      ...(draft.target.message !== undefined && { message: draft.target.message }),
    },
    findings: draft.findings.map(findingView),
    findingGroups: (card.findingGroups ?? groupFindings(draft.findings)).map((group) => ({
      rule: group.rules.join(' '),
      title: group.title,
      severity: group.severity,
      explanation: group.explanation,
      excerpts: [...group.excerpts],
      count: group.count,
    })),
    ...(card.riskSummary !== undefined && { riskSummary: card.riskSummary }),
    ...(card.consequence !== undefined && { consequence: card.consequence }),
    ...(card.approveButton !== undefined && {
      approveLabel: card.approveButton.label,
      approveStyle: card.approveButton.style,
    }),
    ...(card.expiresAt !== undefined && { expiresAt: card.expiresAt }),
    ...(card.changes !== undefined && { changes: card.changes }),
    actions: {
      approve: approve
        ? approve.confirm
          ? { confirm: { title: approve.confirm.title, findings: approve.confirm.findings.map(findingView) } }
          : {}
        : null,
      ...(actions.retry !== undefined && {
        retry: actions.retry.confirm
          ? {
              confirm: {
                title: actions.retry.confirm.title,
                findings: actions.retry.confirm.findings.map(findingView),
              },
            }
          : {},
      }),
      edit: actions.edit,
      regenerate: actions.regenerate,
      discard: actions.discard,
      ...(actions.approveUnavailable !== undefined && { approveUnavailable: actions.approveUnavailable }),
      ...(actions.retractUntil !== undefined && { retractUntil: actions.retractUntil }),
    },
    updatedAt: draft.updatedAt,
  };
  if (card.notice !== undefined) view.notice = card.notice;
  if (draft.published)
    view.published = { channel: draft.published.channel, messages: [...draft.published.messages] };
  return view;
}
