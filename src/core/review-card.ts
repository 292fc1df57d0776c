/**
 * What a review card shows and offers. The core decides; adapters only render (Block Kit, discord.js builders, HTML).
 */
import type { CardChanges, FindingGroup } from './card-details.js';
import type { Draft, Finding } from './draft.js';

export type { CardChanges, DiffLine, FindingGroup } from './card-details.js';

export type ReviewRole = 'requester' | 'second_approver';

export interface ApproveAction {
  /** When set, approving needs an explicit extra confirmation listing these findings. */
  confirm?: { title: string; findings: Finding[] };
}

export interface ReviewCard {
  draft: Draft;
  /** Who sees this card (platform user id). */
  recipient: string;
  role: ReviewRole;
  /** One-line headline, e.g. "Draft for review", "Published", "Expired: never published". */
  headline: string;
  /** The draft text as shown to the reviewer: secrets masked. Also the Edit modal's initial value. */
  displayText: string;
  /** One line summing up the risk findings, shown before them ("2 things to check: broad database grant, …"). */
  riskSummary?: string;
  /** A notice to show prominently (a publish failure, a pending second approval…). */
  notice?: string;
  /** The findings deduplicated and grouped by kind, most severe first: shown AFTER the draft text. */
  findingGroups?: FindingGroup[];
  /** What Approve will do, in one line (where, as whom, credited to whom, retract window, expiry). */
  consequence?: string;
  /** When the undecided draft expires (ms), while it can. */
  expiresAt?: number;
  /** The Approve button: "Review & approve…" styled as a warning for a risky draft, else "Approve". */
  approveButton?: { label: string; style: 'primary' | 'warning' };
  /** What changed since the previous version, after an edit or regenerate. */
  changes?: CardChanges;
  actions: {
    /** Absent when approving is not possible now. */
    approve?: ApproveAction;
    /**
     * Retry after a refused publish (state `publish_failed`): an approval again, through the same approve action,
     * offered instead of Approve. Absent otherwise.
     */
    retry?: ApproveAction;
    /** Why Approve is absent while the draft is pending (a block-severity finding, waiting for someone else). */
    approveUnavailable?: string;
    edit: boolean;
    regenerate: boolean;
    discard: boolean;
    /** Retract is offered until this time (ms), while the draft is published. */
    retractUntil?: number;
  };
}

/** Button values carry the draft id and the version the card showed, so that stale clicks are refused. */
export function encodeActionValue(draftId: string, version: number): string {
  return `${draftId}:${version}`;
}

export function decodeActionValue(value: string): { draftId: string; version: number } | undefined {
  const match = /^([a-z0-9]{8,40}):(\d{1,9})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { draftId: match[1], version: Number(match[2]) };
}
