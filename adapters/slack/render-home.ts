/**
 * Renders the inbox (Gate.pending) as the App Home tab: one row per draft waiting for the person, with the
 * question, the channel, the risk summary and the expiry, and Open (the card again, in the DM) and Discard where the
 * card offers it. A Home view holds at most 100 blocks: the list is capped and says how many more there are.
 */
import type { types } from '@slack/bolt';
import type { InboxItem } from '../../src/core/gate/index.js';
import { ACTION, encodeButtonValue } from './action-ids.js';
import { escapeSlackText, shorten } from './escape-text.js';
import { channelRef, slackDate } from './mrkdwn.js';

/** Rows shown: 4 blocks each, plus the header, a notice and the "n more" line stay under Slack's 100 blocks. */
export const HOME_MAX_ROWS = 20;
const QUESTION_LIMIT = 280;

export function renderHome(items: readonly InboxItem[], notice?: string): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Waiting for you (${items.length})`, emoji: true } },
  ];
  if (notice) blocks.push(section(`:information_source: ${escapeSlackText(shorten(notice, 2900))}`));
  if (items.length === 0) {
    blocks.push(section('_Nothing waits for you. Ask with the slash command or the message shortcut._'));
  }
  for (const item of items.slice(0, HOME_MAX_ROWS)) blocks.push(...row(item));
  const more = items.length - HOME_MAX_ROWS;
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${more} more, expiring later. Act on these first.` }],
    });
  }
  return { type: 'home', callback_id: 'draftgate:home', blocks };
}

function row(item: InboxItem): types.KnownBlock[] {
  const { draft } = item;
  const why = item.role === 'requester' ? 'Your draft' : 'Waiting for your second approval';
  const question = escapeSlackText(shorten(draft.question.replace(/\s+/g, ' ').trim(), QUESTION_LIMIT));
  const value = encodeButtonValue(draft.id, draft.version);
  const buttons: types.Button[] = [
    {
      type: 'button',
      action_id: ACTION.homeOpen,
      text: { type: 'plain_text', text: 'Open', emoji: true },
      value,
      style: 'primary',
    },
  ];
  if (item.actions.discard) {
    buttons.push({
      type: 'button',
      action_id: ACTION.homeDiscard,
      text: { type: 'plain_text', text: 'Discard', emoji: true },
      value,
      style: 'danger',
    });
  }
  return [
    section(`*${why}:* ${question || '_(no question)_'}`),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: [
            `*In:* ${channelRef(draft.target.channel, draft.target.channelName)}`,
            `*Findings:* ${escapeSlackText(shorten(item.riskSummary ?? 'none', 300))}`,
            `*Expires:* ${slackDate(draft.expiresAt)}`,
          ].join('  ·  '),
        },
      ],
    },
    { type: 'actions', block_id: `draftgate:home:${draft.id}`, elements: buttons },
    { type: 'divider' },
  ];
}

function section(text: string): types.KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
