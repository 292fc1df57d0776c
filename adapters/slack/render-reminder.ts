/** Renders the expiry reminder (what the core decided) as a private Block Kit message, with Extend when offered. */
import type { types } from '@slack/bolt';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import { ACTION, encodeButtonValue } from './action-ids.js';
import { escapeSlackText } from './escape-text.js';
import type { RenderedMessage } from './render-card.js';

export function renderExpiryReminder(reminder: ExpiryReminder): RenderedMessage {
  const { draft } = reminder;
  const text = escapeSlackText(reminder.text);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:hourglass: ${text}` } },
  ];
  if (reminder.extend) {
    blocks.push({
      type: 'actions',
      block_id: 'draftgate:reminder',
      elements: [
        {
          type: 'button',
          action_id: ACTION.extend,
          text: { type: 'plain_text', text: 'Extend' },
          value: encodeButtonValue(draft.id, draft.version),
        },
      ],
    });
  }
  return { text, blocks };
}
