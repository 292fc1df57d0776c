/** Inputs and results of the Gate's operations: the whole surface that adapters and the intake API use. */
import type { Actor, Draft, RequestSource, ReviewRef, Target } from './draft.js';
import type { ReviewCard } from './review-card.js';

export type GateErrorCode =
  | 'denied'
  | 'stale'
  | 'not_found'
  | 'invalid_state'
  | 'blocked'
  | 'needs_confirmation'
  | 'rate_limited'
  | 'duplicate'
  | 'dm_unavailable'
  | 'agent_failed'
  | 'publish_failed'
  | 'publish_unknown'
  | 'retract_window_closed'
  | 'unavailable';

export type GateResult =
  | { ok: true; draft: Draft; message?: string }
  | {
      ok: false;
      code: GateErrorCode;
      /** A sentence for the person who acted (adapters show it ephemerally). */
      message: string;
      draft?: Draft;
      /** For rate_limited: how long to wait. */
      retryAfterMs?: number;
      /**
       * The Gate already told the person this outcome privately (a DM, or the request's private fallback): the
       * adapter must not tell them again.
       */
      told?: true;
    };

/**
 * A private channel back to the requester that exists only during the request (Slack's response_url, a Discord
 * interaction follow-up). Used when a DM is impossible. It is never public.
 */
export interface PrivateFallback {
  /** Tells the requester something privately. */
  tell(text: string): Promise<void>;
  /** Delivers the review card privately (Discord's ephemeral follow-up). Absent where the platform can't. */
  sendCard?(card: ReviewCard): Promise<ReviewRef>;
}

export interface RequestInput {
  target: Target;
  requester: Actor;
  question: string;
  context?: string;
  source: RequestSource;
  /** Delivery de-duplication key (Slack trigger_id / event_id, Discord interaction id). */
  idempotencyKey?: string;
  fallback?: PrivateFallback;
}

export interface SubmitInput {
  /** The intake agent's configured name. */
  agent: string;
  target: Target;
  /** Platform user id of the person whose review this needs. */
  requester: string;
  question: string;
  text: string;
  context?: string;
  /** The agent's own channel allow-list (`intake.agents[].channels`); absent: any channel the policy allows. */
  channels?: readonly string[];
}

/** An agent bot posted directly in a guarded channel; the adapter removed the post and hands it over. */
export interface QuarantineInput {
  /** Agent name for the draft and the audit log (e.g. `discord-bot:<bot user id>`). */
  agent: string;
  /** The agent bot's user id. */
  bot: string;
  /** The removed message's id, and whether removing it worked. */
  message: string;
  removed: boolean;
  target: Target;
  /** The author of the message the agent replied to, if any: the Gate decides who reviews (quarantineReviewer). */
  repliedTo?: { user: string; bot: boolean };
  /** The configured owner of quarantined posts, who reviews when nobody else can. */
  owner?: string;
  question: string;
  /** The agent's text: becomes the draft. */
  text: string;
}

export interface DecisionInput {
  draftId: string;
  /** The version the clicked card showed. */
  version: number;
  actor: Actor;
}

export interface ApproveInput extends DecisionInput {
  /** The approver went through the confirmation that lists the confirm-severity findings. */
  confirmed: boolean;
}

export interface EditInput extends DecisionInput {
  text: string;
}

export interface RegenerateInput extends DecisionInput {
  feedback: string;
}

export interface RetractInput {
  draftId: string;
  actor: Actor;
}

export interface SweepReport {
  /** Expiry reminders claimed (each sent once, by one replica). */
  warned: number;
  expired: number;
  publishUnknown: number;
  reconciled: number;
  retractClosed: number;
}
