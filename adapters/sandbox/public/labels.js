// Plain-language words for states, severities and audit events.

export const STATE_LABELS = {
  drafting: 'Drafting…',
  pending: 'Waiting for review',
  awaiting_second_approval: 'Waiting for a second approver',
  publishing: 'Publishing…',
  published: 'Published',
  retracted: 'Retracted',
  discarded: 'Discarded',
  expired: 'Expired',
  failed: 'Failed',
  publish_unknown: 'Publish outcome unknown',
  publish_failed: 'Publish failed',
};

/**
 * States in which a card is on its way, not finished, though nobody has to decide yet (the agent drafts, the
 * platform posts). Which drafts wait for a person is the Gate's inbox query: the `pending` ids of /sandbox/api/state.
 */
export const IN_PROGRESS_STATES = new Set(['drafting', 'publishing', 'publish_unknown']);

export const SEVERITY_LABELS = { block: 'Blocks publishing', confirm: 'Needs confirmation', note: 'Note' };

const AUDIT_LABELS = {
  requested: 'asked the agent for a draft',
  drafted: 'drafted a reply',
  agent_failed: 'could not draft a reply',
  risk_flagged: 'flagged risks in the draft',
  edited: 'edited the draft',
  regenerated: 'asked the agent to redo the draft',
  approved: 'approved the draft',
  second_approval_requested: 'asked for a second approval',
  published: 'published the reply',
  publish_failed: 'failed to publish',
  publish_unknown: 'could not confirm the publish',
  discarded: 'discarded the draft',
  expired: 'let the draft expire',
  retracted: 'retracted the published reply',
  denied: 'was refused',
  stale_click: 'clicked an outdated card (refused)',
  expiry_warned: 'warned that the draft expires soon',
  extended: 'extended the draft’s expiry',
  checkpoint: 'signed a checkpoint of the log',
};

const DENIAL_REASONS = {
  not_an_approver: 'only the person who asked (or an approver) may decide',
  not_a_second_approver: 'not on the second-approver list',
  same_person_as_first_approver: 'the second approval must come from someone else',
  not_a_requester: 'not allowed to ask here',
  channel_denied: 'requests are not allowed in this channel',
  blocked_finding: 'the draft contains a secret',
  unconfirmed_risk: 'the risks were not confirmed',
  retract_window_closed: 'too late to retract',
  ttl: 'nobody decided in time',
};

/** "Bob was refused: only the person who asked may decide". */
export function auditSentence(entry, name) {
  const byAgent = typeof entry.actor === 'string' && entry.actor.startsWith('agent:');
  const label =
    entry.type === 'regenerated' && byAgent
      ? 'redrafted the reply with the feedback'
      : AUDIT_LABELS[entry.type] || entry.type.replaceAll('_', ' ');
  const sentence = `${name} ${label}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function auditDetail(entry) {
  const detail = entry.detail || {};
  if (typeof detail.reason === 'string')
    return DENIAL_REASONS[detail.reason] || detail.reason.replaceAll('_', ' ');
  if (Array.isArray(detail.findings))
    return `${detail.findings.length} finding${detail.findings.length === 1 ? '' : 's'}`;
  if (typeof detail.feedback === 'string' && detail.feedback) return `feedback: “${detail.feedback}”`;
  return '';
}
