/** The Edit and Regenerate modals. Their custom_id carries the draft id and the version the card showed. */
import {
  ActionRowBuilder,
  type APIModalInteractionResponseCallbackData,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { encodeCustomId } from './action-ids.js';

/** Discord's limit for a modal text input. */
export const TEXT_INPUT_MAX = 4000;
export const FEEDBACK_MAX = 1000;
export const EDIT_FIELD = 'text';
export const FEEDBACK_FIELD = 'feedback';

export function renderEditModal(
  draftId: string,
  version: number,
  text: string,
): APIModalInteractionResponseCallbackData {
  const input = new TextInputBuilder()
    .setCustomId(EDIT_FIELD)
    .setLabel('Draft text')
    .setStyle(TextInputStyle.Paragraph)
    .setMinLength(1)
    .setMaxLength(TEXT_INPUT_MAX)
    .setRequired(true)
    .setValue(text);
  return new ModalBuilder()
    .setCustomId(encodeCustomId('edit-modal', draftId, version))
    .setTitle(`Edit draft (v${version})`)
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input))
    .toJSON();
}

export function renderRegenerateModal(
  draftId: string,
  version: number,
): APIModalInteractionResponseCallbackData {
  const input = new TextInputBuilder()
    .setCustomId(FEEDBACK_FIELD)
    .setLabel('What should the agent change?')
    .setStyle(TextInputStyle.Paragraph)
    .setMinLength(1)
    .setMaxLength(FEEDBACK_MAX)
    .setRequired(true)
    .setPlaceholder('e.g. shorter, cite the runbook, do not suggest deleting anything');
  return new ModalBuilder()
    .setCustomId(encodeCustomId('regenerate-modal', draftId, version))
    .setTitle(`Regenerate draft (v${version})`)
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input))
    .toJSON();
}
