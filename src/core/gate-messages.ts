/** What the Gate tells people when it refuses: one sentence each, for the adapters to show privately. */
import type { Draft, DraftState } from './draft.js';
import type { GateErrorCode, GateResult } from './gate-types.js';

export const fail = (code: GateErrorCode, message: string, draft?: Draft): GateResult =>
  draft ? { ok: false, code, message, draft } : { ok: false, code, message };

/** The same refusal, marked as already told to the person when `told` is true (see GateResult.told). */
export const toldIf = (told: boolean, result: GateResult): GateResult =>
  told && !result.ok ? { ...result, told: true } : result;

export const STATE_MESSAGES: Partial<Record<DraftState, string>> = {
  drafting: 'This draft is being regenerated; wait for the new version.',
  publishing: 'This draft is being published.',
  published: 'This draft was already published.',
  retracted: 'This draft was published and then retracted.',
  discarded: 'This draft was discarded.',
  expired: 'This draft expired and was never published.',
  failed: 'The agent failed on this draft; ask again.',
  publish_unknown: 'This draft’s publish outcome is being checked; it will not be posted twice.',
  awaiting_second_approval: 'This draft is waiting for a second approver.',
  publish_failed:
    'Publishing this draft failed and nothing was posted. Fix the cause, then press Retry on the card, or discard it.',
};

const REASONS: Record<string, string> = {
  wrong_workspace: 'it belongs to another workspace',
  not_a_reviewer: 'this draft’s review card was not sent to you',
  bot_requester: 'only people may ask for a draft; bots and agents submit drafts through the intake API',
  empty_question: 'there is no question to answer',
  empty_text: 'the edited text is empty',
  empty_feedback: 'there is no feedback for the agent',
  channel_denied: 'requests are not allowed in this channel',
  channel_name_unknown:
    "this channel's name could not be looked up, and a policy rule needs it, so draftgate refuses (fail closed)",
  agent_channel_not_allowed: 'this agent may not draft for this channel (intake.agents[].channels)',
  no_request_rule_for_channel: 'no policy rule allows requests in this channel',
  not_a_requester: 'you are not on the list of people who may ask here',
  roles_unknown: 'your groups or roles could not be checked, so draftgate refuses (fail closed)',
  role_lookup_failed:
    'looking up your user groups or roles on the platform failed, so draftgate refuses (fail closed); try again in a minute, or ask an admin to check the app’s usergroups:read scope',
  not_an_approver: 'only the person who asked (or a configured approver) may decide about this draft',
  not_a_second_approver: 'you are not on the second-approver list',
  same_person_as_first_approver: 'the second approval must come from a different person',
  blocked_finding: 'the draft contains a blocking finding',
  unconfirmed_risk: 'the risk findings were not confirmed',
  retract_window_closed: 'the retract window has closed',
  max_extensions: 'the draft was already extended as often as policy allows (policy.max_extensions)',
};

export function denialMessage(action: string, reason: string): string {
  return `You can't ${action} this: ${REASONS[reason] ?? reason}. Nothing was changed.`;
}
