/**
 * Who may do what, where. Deny by default: a rule that cannot be evaluated (roles unknown, a malformed pattern)
 * refuses, with the reason recorded in the `denied` event.
 */
import { channelMatch, isNamePattern } from './channel-rules.js';
import type { Actor, Draft, Target } from './draft.js';
import { needsConfirmation } from './draft.js';
import type { PolicySettings } from './settings.js';

export type Decision = { allow: true } | { allow: false; reason: string };

const ALLOW: Decision = { allow: true };
const deny = (reason: string): Decision => ({ allow: false, reason });

interface Principals {
  users: readonly string[];
  roles: readonly string[];
}

/** Is the actor one of these users or in one of these roles? Undefined when roles are needed but unknown. */
function isMember(actor: Actor, who: Principals): boolean | undefined {
  if (who.users.includes(actor.id)) return true;
  if (who.roles.length === 0) return false;
  if (actor.roles === undefined) return undefined;
  return actor.roles.some((role) => who.roles.includes(role));
}

/** Why an unknown-roles check refused: the platform lookup failed, or the adapter never had roles to give. */
function rolesReason(actor: Actor): string {
  return actor.roleLookupFailed ? 'role_lookup_failed' : 'roles_unknown';
}

export class Policy {
  constructor(readonly config: PolicySettings) {}

  /** Does any rule name roles (Slack user groups, Discord roles)? Adapters look roles up only then. */
  get usesRoles(): boolean {
    const { requesters, approvers, second_approval } = this.config;
    return (
      requesters.some((rule) => rule.roles.length > 0) ||
      approvers.roles.length > 0 ||
      second_approval.approvers.roles.length > 0
    );
  }

  get draftTtlMs(): number {
    return this.config.draft_ttl;
  }

  get retractWindowMs(): number {
    return this.config.retract_window;
  }

  get publishLeaseMs(): number {
    return this.config.publish_lease;
  }

  get reconcileGraceMs(): number {
    return this.config.reconcile_grace;
  }

  /** How long before expiry the requester is reminded (ms); 0: never. */
  get expiryWarningMs(): number {
    return this.config.expiry_warning;
  }

  get maxExtensions(): number {
    return this.config.max_extensions;
  }

  /** When a draft expiring at `expiresAt` should warn, or null when it gets no reminder (off, or too short a TTL). */
  warnAt(expiresAt: number, now: number): number | null {
    const warning = this.expiryWarningMs;
    if (warning <= 0 || expiresAt - warning <= now) return null;
    return expiresAt - warning;
  }

  mayRequest(actor: Actor, target: Target): Decision {
    // Only people ask: bots and agents draft through the intake API, and never trigger a request of their own.
    if (actor.bot) return deny('bot_requester');
    if (actor.platform !== target.platform || actor.workspace !== target.workspace) {
      return deny('wrong_workspace');
    }
    const denied = this.config.denied_channels.map((pattern) => channelMatch(pattern, target));
    if (denied.includes(true)) return deny('channel_denied');
    // A denied-channel name rule that cannot be evaluated refuses: the channel might be the denied one.
    if (denied.includes(undefined)) return deny('channel_name_unknown');
    if (this.config.requesters.length === 0) return ALLOW;
    let unevaluated = false;
    const rules = this.config.requesters.filter((rule) => {
      const matches = rule.channels.map((p) => channelMatch(p, target));
      if (matches.includes(undefined)) unevaluated = true;
      return matches.includes(true);
    });
    if (rules.length === 0) return deny(unevaluated ? 'channel_name_unknown' : 'no_request_rule_for_channel');
    let unknown = false;
    for (const rule of rules) {
      if (rule.users.length === 0 && rule.roles.length === 0) return ALLOW;
      const member = isMember(actor, rule);
      if (member === true) return ALLOW;
      if (member === undefined) unknown = true;
    }
    return deny(unknown ? rolesReason(actor) : 'not_a_requester');
  }

  /**
   * An intake agent's own allow-list (`intake.agents[].channels`): absent allows every channel the policy allows;
   * present, the target must match one entry. A name entry with no known name refuses.
   */
  mayAgentDraftIn(channels: readonly string[] | undefined, target: Target): Decision {
    if (channels === undefined) return ALLOW;
    const matches = channels.map((pattern) => channelMatch(pattern, target));
    if (matches.includes(true)) return ALLOW;
    return deny(matches.includes(undefined) ? 'channel_name_unknown' : 'agent_channel_not_allowed');
  }

  /** Does evaluating the rules for this target need the channel's name, which the target does not carry? */
  needsChannelName(target: Target, extra: readonly string[] = []): boolean {
    if (target.channelName !== undefined && target.channelName.trim() !== '') return false;
    const patterns = [
      ...this.config.denied_channels,
      ...this.config.requesters.flatMap((rule) => rule.channels),
      ...extra,
    ];
    return patterns.some(isNamePattern);
  }

  /**
   * Who reviews a quarantined direct post: the person the agent replied to (never a bot), else the configured
   * owner, else nobody (the post stays refused).
   */
  quarantineReviewer(
    repliedTo: { user: string; bot: boolean } | undefined,
    owner: string | undefined,
  ): { user: string; why: 'replied_to' | 'owner' } | undefined {
    if (repliedTo && !repliedTo.bot) return { user: repliedTo.user, why: 'replied_to' };
    return owner ? { user: owner, why: 'owner' } : undefined;
  }

  /** The first approval (and edit, regenerate, discard: the same people decide about a draft). */
  mayDecide(actor: Actor, draft: Draft): Decision {
    const scope = this.#sameWorkspace(actor, draft);
    if (!scope.allow) return scope;
    if (this.config.approvers.requester && actor.id === draft.requester) return ALLOW;
    const member = isMember(actor, this.config.approvers);
    if (member === true) return ALLOW;
    return deny(member === undefined ? rolesReason(actor) : 'not_an_approver');
  }

  /** Extend a draft's expiry: the same people who decide about it (the requester or a configured approver). */
  mayExtend(actor: Actor, draft: Draft): Decision {
    return this.mayDecide(actor, draft);
  }

  /** Retract: whoever approved, or anyone who may decide about the draft. */
  mayRetract(actor: Actor, draft: Draft): Decision {
    if (actor.id === draft.approvedBy || actor.id === draft.secondApprovedBy)
      return this.#sameWorkspace(actor, draft);
    return this.mayDecide(actor, draft);
  }

  secondApprovalRequired(draft: Draft): boolean {
    const mode = this.config.second_approval.mode;
    return mode === 'always' || (mode === 'on_risk' && needsConfirmation(draft));
  }

  /** Users the second-approval request goes to. Empty means anyone eligible, who must find the card themselves. */
  get secondApprovers(): readonly string[] {
    return this.config.second_approval.approvers.users;
  }

  maySecondApprove(actor: Actor, draft: Draft): Decision {
    const scope = this.#sameWorkspace(actor, draft);
    if (!scope.allow) return scope;
    if (actor.id === draft.approvedBy) return deny('same_person_as_first_approver');
    const allowlist = this.config.second_approval.approvers;
    // No allowlist: any other person in the workspace.
    if (allowlist.users.length === 0 && allowlist.roles.length === 0) return ALLOW;
    const member = isMember(actor, allowlist);
    if (member === true) return ALLOW;
    return deny(member === undefined ? rolesReason(actor) : 'not_a_second_approver');
  }

  #sameWorkspace(actor: Actor, draft: Draft): Decision {
    if (actor.platform !== draft.target.platform) return deny('wrong_workspace');
    // A DM names no workspace: only someone the Gate delivered this draft's card to may act from one.
    if (actor.inDm)
      return draft.reviews.some((ref) => ref.user === actor.id) ? ALLOW : deny('not_a_reviewer');
    if (actor.workspace !== draft.target.workspace) return deny('wrong_workspace');
    return ALLOW;
  }
}
