/**
 * The draft model: what an agent proposed, where it would go, and where it is in its life.
 * See DESIGN.md "Draft states". Every change to a Draft goes through a DraftStore transition.
 */

export type Platform = 'slack' | 'discord' | 'sandbox';

export const DRAFT_STATES = [
  'drafting',
  'pending',
  'awaiting_second_approval',
  'publishing',
  'published',
  'retracted',
  'discarded',
  'expired',
  'failed',
  'publish_unknown',
  'publish_failed',
] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

// Which states a draft moves between, and what each move does, is the table in transitions.ts.

/**
 * The states in which a draft waits for a person (the inbox): both stores index drafts in these states by
 * requester and by agent, and those in `awaiting_second_approval` on their own, and drop them when they leave.
 * `publish_failed` waits too: for Retry, Edit or Discard.
 */
export const INBOX_STATES: readonly DraftState[] = ['pending', 'awaiting_second_approval', 'publish_failed'];

/** Where the reply will be published. */
export interface Target {
  platform: Platform;
  /** Slack team id, Discord guild id, or the sandbox's workspace name. */
  workspace: string;
  /** Channel id (Slack C…, Discord channel or thread id). */
  channel: string;
  /** Human-readable channel name, when the platform supplies it (used by channel patterns in policy). */
  channelName?: string;
  /** Slack thread_ts of the thread root; Discord: unused (threads are channels). */
  thread?: string;
  /** The message being answered (Slack ts, Discord message id): the reply is attached to it. */
  message?: string;
  /** A link to the thread or message, for the review card. */
  permalink?: string;
}

export type Severity = 'block' | 'confirm' | 'note';
export type RiskCategory =
  | 'secret'
  | 'permission'
  | 'destructive'
  | 'data_exposure'
  | 'mass_mention'
  | 'disguised_link'
  | 'custom';

export interface Finding {
  /** Rule id, e.g. `secret.slack-token`, `permission.public-acl`, or a custom rule's id. */
  rule: string;
  category: RiskCategory;
  severity: Severity;
  /** The matched excerpt; for secrets, already masked so the secret itself never leaves the store. */
  excerpt: string;
  /** One line that a reviewer understands. */
  explanation: string;
  /** Character range of the match in the text it was found in. */
  start: number;
  end: number;
}

/** How the request reached us. */
export type RequestSource =
  | 'slash'
  | 'shortcut'
  | 'mention'
  | 'context_menu'
  | 'intake'
  | 'quarantine'
  | 'sandbox';

/** Someone acting: a platform user, with what the platform told us about their groups or roles. */
export interface Actor {
  /** Platform user id (Slack U…, Discord snowflake, sandbox user name). */
  id: string;
  platform: Platform;
  /** The workspace or guild the action came from. */
  workspace: string;
  /** User groups (Slack) or role ids (Discord). `undefined` means "not known", which fails closed for rules that need them. */
  roles?: readonly string[];
  /** The platform was asked for the roles and the lookup failed (roles then stay unknown, which fails closed). */
  roleLookupFailed?: boolean;
  /** Display name, for cards only. Never used for authorization. */
  name?: string;
  /** The platform says this is a bot or an app, not a person (Policy refuses bots as requesters). */
  bot?: boolean;
  /**
   * The action came from a direct message, where the platform names no workspace (Discord DMs): `workspace` is
   * then the one the adapter looked roles up in, not a proven one, and Policy only accepts the people the Gate
   * itself delivered a card to.
   */
  inDm?: boolean;
}

/** A private review card, as delivered by the platform adapter. */
export interface ReviewRef {
  /** The user the card was sent to. */
  user: string;
  /** DM channel id (or the adapter's equivalent). */
  channel: string;
  /** The card message's id (Slack ts, Discord message id). */
  message: string;
  /** Adapter-specific extra (e.g. a Discord interaction token for an ephemeral fallback card). */
  extra?: string;
}

/** The message(s) that a publish produced. */
export interface PublishedRef {
  channel: string;
  /** Message ids in order (Discord may split a long draft into several messages). */
  messages: string[];
  permalink?: string;
}

export interface Draft {
  id: string;
  target: Target;
  /** The user who asked (platform user id). */
  requester: string;
  /** The question or post being answered. */
  question: string;
  /** Thread context the adapter supplied to the agent. */
  context?: string;
  /** Agent name (`demo`, `openai`, an intake agent's name…). */
  agent: string;
  source: RequestSource;
  state: DraftState;
  /** Starts at 1 when the draft text first arrives; bumped by every edit and regenerate. */
  version: number;
  /** The current text (what would be published). Empty while drafting. */
  text: string;
  /** The agent's original text of the current generation. */
  originalText: string;
  findings: Finding[];
  /** The version before the last edit or regenerate, its text redacted: the card's "what changed" view. */
  previous?: { version: number; text: string };
  /** The reviewer's last regenerate instructions. */
  feedback?: string;
  /** Why the agent failed, or why publishing failed. */
  failure?: string;
  /** First approver, once approved. */
  approvedBy?: string;
  /** Whether the first approver explicitly confirmed the confirm-severity findings. */
  confirmed?: boolean;
  secondApprovedBy?: string;
  /** Private review cards, one per reviewer (requester, then second approvers). */
  reviews: ReviewRef[];
  published?: PublishedRef;
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  publishedAt?: number;
  /** Retract is allowed until this time (ms). */
  retractUntil?: number;
  /** How many times the expiry was extended (absent: never). */
  extensions?: number;
}

/** Has a block-severity finding: can never be approved until an edit removes it. */
export function isBlocked(draft: Pick<Draft, 'findings'>): boolean {
  return draft.findings.some((f) => f.severity === 'block');
}

/** Has a confirm-severity finding: needs an explicit confirmation (or a second approver under `on_risk`). */
export function needsConfirmation(draft: Pick<Draft, 'findings'>): boolean {
  return draft.findings.some((f) => f.severity === 'confirm');
}

/** The findings an approver must confirm explicitly: the confirm-severity ones (notes never, blocks can't be). */
export function findingsToConfirm(draft: Pick<Draft, 'findings'>): Finding[] {
  return draft.findings.filter((f) => f.severity === 'confirm');
}
