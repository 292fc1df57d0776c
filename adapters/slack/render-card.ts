/**
 * Renders a ReviewCard as a Block Kit message. What to show is the card's decision; this file only fits it into
 * Slack's limits (50 blocks, 3000 characters per section, confirm text 300) and never cuts the draft silently.
 */
import type { types } from '@slack/bolt';
import { groupFindings } from '../../src/core/card-details.js';
import type { Finding, Severity } from '../../src/core/draft.js';
import type { CardChanges, FindingGroup, ReviewCard } from '../../src/core/review-card.js';
import { canExpire } from '../../src/core/transitions.js';
import { ACTION, encodeButtonValue } from './action-ids.js';
import { escapedLength, escapeSlackText, shorten } from './escape-text.js';
import { channelRef, link, slackDate, userRef } from './mrkdwn.js';
import { splitForBlocks } from './split-text.js';

export const SECTION_LIMIT = 3000;
/** Text budget of one card: Slack refuses messages whose blocks are much longer (msg_blocks_too_long). */
export const CARD_TEXT_BUDGET = 12_000;
export const MAX_FINDINGS_SHOWN = 8;
const CONFIRM_TEXT_LIMIT = 300;
const EXCERPT_LIMIT = 200;

export interface RenderedMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: types.KnownBlock[];
}

const SEVERITY_ICON: Record<Severity, string> = {
  block: ':no_entry:',
  confirm: ':warning:',
  note: ':information_source:',
};

export function renderReviewCard(card: ReviewCard, now: number): RenderedMessage {
  const { draft } = card;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(card.headline, 150), emoji: true } },
  ];
  if (card.notice) blocks.push(mrkdwnSection(`:warning: ${escapeSlackText(shorten(card.notice, 2900))}`));
  blocks.push({ type: 'context', elements: detailLines(card).map((text) => ({ type: 'mrkdwn', text })) });
  blocks.push({ type: 'divider' });

  const text = textBlocks(card.displayText);
  blocks.push(...text.blocks);
  // After the text: what the reviewer should check, then what changed since the last version.
  blocks.push(...findingBlocks(card.findingGroups ?? groupFindings(draft.findings), card.riskSummary));
  if (card.changes) blocks.push(changesBlock(card.changes));

  let approve = card.actions.approve;
  let retry = card.actions.retry;
  let approveUnavailable = card.actions.approveUnavailable;
  if (text.cut && (approve || retry)) {
    // Fail closed: nobody approves text they could not read.
    approve = undefined;
    retry = undefined;
    approveUnavailable = 'the whole draft does not fit in a Slack message, so it cannot be approved here';
  }
  if (approveUnavailable && !approve && !retry) {
    blocks.push(
      mrkdwnSection(`:no_entry_sign: *Approve unavailable:* ${escapeSlackText(approveUnavailable)}`),
    );
  }

  const retractOpen = card.actions.retractUntil !== undefined && card.actions.retractUntil > now;
  if (retractOpen && card.actions.retractUntil !== undefined) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `You can retract the published reply until ${slackDate(card.actions.retractUntil)}.`,
        },
      ],
    });
  }

  if (card.consequence && (approve || retry)) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `:arrow_right: ${escapeSlackText(shorten(card.consequence, 2900))}` },
      ],
    });
  }

  const buttons: types.Button[] = [];
  const value = encodeButtonValue(draft.id, draft.version);
  if (approve) {
    // Block Kit's only warning-coloured style is `danger`: a risky draft's Approve wears it.
    const look = card.approveButton ?? { label: 'Approve', style: 'primary' as const };
    const button: types.Button = {
      type: 'button',
      action_id: ACTION.approve,
      text: { type: 'plain_text', text: look.label },
      style: look.style === 'warning' ? 'danger' : 'primary',
      value: encodeButtonValue(draft.id, draft.version, approve.confirm !== undefined),
    };
    if (approve.confirm) button.confirm = approveConfirm(approve.confirm.title, approve.confirm.findings);
    buttons.push(button);
  }
  if (retry) {
    // Retry after a refused publish is an approval again: the same action id, so the same checks.
    const button: types.Button = {
      type: 'button',
      action_id: ACTION.approve,
      text: { type: 'plain_text', text: 'Retry' },
      style: 'primary',
      value: encodeButtonValue(draft.id, draft.version, retry.confirm !== undefined),
    };
    if (retry.confirm) button.confirm = approveConfirm(retry.confirm.title, retry.confirm.findings);
    buttons.push(button);
  }
  if (card.actions.edit) buttons.push(plainButton(ACTION.edit, 'Edit', value));
  if (card.actions.regenerate) buttons.push(plainButton(ACTION.regenerate, 'Regenerate', value));
  if (card.actions.discard) {
    buttons.push({
      ...plainButton(ACTION.discard, 'Discard', value),
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Discard this draft?' },
        text: { type: 'plain_text', text: 'The draft will not be published. This cannot be undone.' },
        confirm: { type: 'plain_text', text: 'Discard' },
        deny: { type: 'plain_text', text: 'Keep it' },
        style: 'danger',
      },
    });
  }
  if (retractOpen) {
    buttons.push({
      ...plainButton(ACTION.retract, 'Retract', value),
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Retract the published reply?' },
        text: { type: 'plain_text', text: 'The reply will be deleted from the channel for everyone.' },
        confirm: { type: 'plain_text', text: 'Retract' },
        deny: { type: 'plain_text', text: 'Keep it' },
        style: 'danger',
      },
    });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'draftgate:actions', elements: buttons });

  return { text: escapeSlackText(`draftgate: ${card.headline}`), blocks };
}

function detailLines(card: ReviewCard): string[] {
  const { draft } = card;
  const { target } = draft;
  const where = channelRef(target.channel, target.channelName);
  const thread = target.thread ?? target.message;
  const destination = target.permalink
    ? `${where} (${link(target.permalink, thread ? 'open thread' : 'open message')})`
    : thread
      ? `${where}, in a thread`
      : where;
  const lines = [
    `*To:* ${destination}`,
    `*Asked by:* ${userRef(draft.requester)}`,
    `*Version:* ${draft.version}`,
  ];
  if (canExpire(draft.state)) lines.push(`*Expires:* ${slackDate(draft.expiresAt)}`);
  if (draft.published?.permalink)
    lines.push(`*Published:* ${link(draft.published.permalink, 'view the reply')}`);
  return lines;
}

function textBlocks(displayText: string): { blocks: types.KnownBlock[]; cut: boolean } {
  if (displayText.length === 0)
    return { blocks: [mrkdwnSection('_No text yet: the agent is drafting._')], cut: false };
  const pieces = splitForBlocks(displayText, SECTION_LIMIT);
  const blocks: types.KnownBlock[] = [];
  let used = 0;
  let shown = 0;
  for (const piece of pieces) {
    const size = escapedLength(piece);
    if (used + size > CARD_TEXT_BUDGET) break;
    blocks.push(mrkdwnSection(escapeSlackText(piece)));
    used += size;
    shown += piece.length;
  }
  const cut = shown < displayText.length;
  if (cut) {
    blocks.push(
      mrkdwnSection(
        `:scissors: *Only the first ${shown.toLocaleString('en-US')} of ${displayText.length.toLocaleString('en-US')} characters are shown.* ` +
          'Slack cannot show more in one message. Regenerate and ask for a shorter reply, or discard it.',
      ),
    );
  }
  return { blocks, cut };
}

function findingBlocks(groups: readonly FindingGroup[], summary?: string): types.KnownBlock[] {
  if (groups.length === 0) return [];
  const head = summary
    ? escapeSlackText(shorten(summary, 300))
    : `${groups.length} finding${groups.length === 1 ? '' : 's'}`;
  const blocks: types.KnownBlock[] = [mrkdwnSection(`*${head}*`)];
  for (const group of groups.slice(0, MAX_FINDINGS_SHOWN)) {
    const times = group.count > 1 ? ` (×${group.count})` : '';
    const excerpts = group.excerpts
      .map((excerpt) => `> ${escapeSlackText(shorten(excerpt, EXCERPT_LIMIT))}`)
      .join('\n');
    blocks.push(
      mrkdwnSection(
        `${SEVERITY_ICON[group.severity]} *${escapeSlackText(group.title)}*${times} — ` +
          `${escapeSlackText(shorten(group.explanation, 500))}${excerpts ? `\n${excerpts}` : ''}`,
      ),
    );
  }
  if (groups.length > MAX_FINDINGS_SHOWN) {
    blocks.push(mrkdwnSection(`_…and ${groups.length - MAX_FINDINGS_SHOWN} more kinds of findings._`));
  }
  return blocks;
}

const DIFF_LIMIT = 2400;
const DIFF_MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

/** "What changed since v1": counts, then the changed lines (with context) in a code block, cut to fit. */
function changesBlock(changes: CardChanges): types.SectionBlock {
  const head = `*What changed since v${changes.fromVersion}:* ${changes.added} line${changes.added === 1 ? '' : 's'} added, ${changes.removed} removed`;
  let diff = '';
  for (const [index, line] of changes.lines.entries()) {
    const next = `${DIFF_MARK[line.kind]}${escapeSlackText(line.text.replaceAll('```', "'''"))}\n`;
    if (diff.length + next.length > DIFF_LIMIT) {
      diff += `… ${changes.lines.length - index} more lines\n`;
      break;
    }
    diff += next;
  }
  return mrkdwnSection(diff ? `${head}\n\`\`\`\n${diff}\`\`\`` : head);
}

function approveConfirm(title: string, findings: readonly Finding[]): types.ConfirmationDialog {
  const lines = groupFindings(findings).map((group) => `• ${group.title}: ${group.explanation}`);
  let text = 'Publishing needs your confirmation of these findings:';
  for (const [index, line] of lines.entries()) {
    const rest = lines.length - index - 1;
    const tail = rest > 0 ? `\n…and ${rest} more` : '';
    const room = CONFIRM_TEXT_LIMIT - text.length - 1 - tail.length;
    if (room < 20) {
      text += `\n…and ${lines.length - index} more`;
      break;
    }
    text += `\n${shorten(line, room)}`;
  }
  text = shorten(text, CONFIRM_TEXT_LIMIT);
  return {
    title: { type: 'plain_text', text: shorten(title, 100) },
    text: { type: 'plain_text', text },
    confirm: { type: 'plain_text', text: 'Approve and publish' },
    deny: { type: 'plain_text', text: 'Cancel' },
    style: 'primary',
  };
}

function plainButton(actionId: string, label: string, value: string): types.Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: label }, value };
}

function mrkdwnSection(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
