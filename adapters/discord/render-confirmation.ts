/**
 * The explicit second step before approving a draft with confirm-severity findings: an ephemeral message that
 * lists the findings, with a "Confirm approve" button whose click approves with `confirmed: true`.
 */
import {
  ActionRowBuilder,
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
} from 'discord.js';
import type { Draft, Finding } from '../../src/core/draft.js';
import { encodeCustomId } from './action-ids.js';
import { withFindings } from './render-card.js';

export interface ConfirmationMessage {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  flags: number;
  allowed_mentions: { parse: [] };
}

export function renderConfirmation(
  draft: Draft,
  title: string,
  findings: readonly Finding[],
): ConfirmationMessage {
  const intro = `**${title}**\nApproving v${draft.version} publishes it to <#${draft.target.channel}>. Check these findings first:`;
  const button = new ButtonBuilder()
    .setCustomId(encodeCustomId('confirm', draft.id, draft.version))
    .setLabel('Confirm approve')
    .setStyle(ButtonStyle.Success);
  return {
    content: withFindings(intro, findings),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON()],
    flags: MessageFlags.Ephemeral,
    allowed_mentions: { parse: [] },
  };
}
