/** The Edit and Regenerate modals. private_metadata carries `draftId:version`, so a stale submission is refused. */
import type { types } from '@slack/bolt';
import { BLOCK, encodeButtonValue, INPUT, VIEW } from './action-ids.js';

/** Slack's cap on a plain_text_input. */
export const INPUT_LIMIT = 3000;
const FEEDBACK_LIMIT = 2000;

export function editModal(draftId: string, version: number, displayText: string): types.ModalView {
  if (displayText.length > INPUT_LIMIT) {
    return infoModal(
      'Draft too long to edit',
      `This draft is ${displayText.length.toLocaleString('en-US')} characters long, and Slack's editor holds at most ` +
        `${INPUT_LIMIT.toLocaleString('en-US')}. Editing it here would cut it, so the editor is not offered. ` +
        'Use Regenerate to ask for a shorter reply, or Discard it.',
    );
  }
  return {
    type: 'modal',
    callback_id: VIEW.edit,
    private_metadata: encodeButtonValue(draftId, version),
    title: { type: 'plain_text', text: 'Edit draft' },
    submit: { type: 'plain_text', text: 'Save edit' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.editText,
        label: { type: 'plain_text', text: `Reply text (version ${version})` },
        hint: {
          type: 'plain_text',
          text: 'Saving creates a new version and runs the risk review again. Nothing is published yet.',
        },
        element: {
          type: 'plain_text_input',
          action_id: INPUT.editText,
          multiline: true,
          max_length: INPUT_LIMIT,
          initial_value: displayText,
        },
      },
    ],
  };
}

export function regenerateModal(draftId: string, version: number): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.regenerate,
    private_metadata: encodeButtonValue(draftId, version),
    title: { type: 'plain_text', text: 'Regenerate draft' },
    submit: { type: 'plain_text', text: 'Regenerate' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.feedback,
        label: { type: 'plain_text', text: 'What should change?' },
        hint: {
          type: 'plain_text',
          text: 'The agent drafts again with these instructions. Nothing is published yet.',
        },
        element: {
          type: 'plain_text_input',
          action_id: INPUT.feedback,
          multiline: true,
          max_length: FEEDBACK_LIMIT,
          placeholder: { type: 'plain_text', text: 'e.g. shorter, and mention the rollback steps' },
        },
      },
    ],
  };
}

export function infoModal(title: string, text: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.info,
    title: { type: 'plain_text', text: title.slice(0, 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: text.slice(0, 3000) } }],
  };
}
