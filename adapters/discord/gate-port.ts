/**
 * The part of the Gate (src/core/gate.ts) that the Discord adapter uses. Typed structurally so that the adapter
 * depends on the Gate's surface (src/core/gate-types.ts), not on its construction.
 */
import type { Draft } from '../../src/core/draft.js';
import type {
  ApproveInput,
  DecisionInput,
  EditInput,
  GateResult,
  RegenerateInput,
  RequestInput,
  RetractInput,
  SubmitInput,
} from '../../src/core/gate-types.js';
import type { ReviewCard } from '../../src/core/review-card.js';

/** A direct post by an agent bot that the adapter removed from a guarded channel. */
export interface QuarantineInput {
  /** Agent name for the draft and the audit log (`discord-bot:<bot user id>`). */
  agent: string;
  /** The agent bot's user id. */
  bot: string;
  /** The removed message's id and whether removing it worked. */
  message: string;
  removed: boolean;
  target: SubmitInput['target'];
  /** The author of the message the agent replied to, else the configured owner; absent when neither is known. */
  requester?: string;
  question: string;
  /** The agent's text: becomes the draft. */
  text: string;
}

export interface DiscordGate {
  request(input: RequestInput): Promise<GateResult>;
  approve(input: ApproveInput): Promise<GateResult>;
  edit(input: EditInput): Promise<GateResult>;
  regenerate(input: RegenerateInput): Promise<GateResult>;
  discard(input: DecisionInput): Promise<GateResult>;
  retract(input: RetractInput): Promise<GateResult>;
  get(id: string): Promise<Draft | undefined>;
  cardFor(draft: Draft, recipient: string): ReviewCard;
  submit(input: SubmitInput): Promise<GateResult>;
  /**
   * Records `denied` (reason `direct_post`, actor `agent:<name>`) and, when a requester is known, turns the removed
   * post into a pending draft (source `quarantine`) whose review card goes to the requester.
   */
  quarantine?(input: QuarantineInput): Promise<GateResult>;
}
