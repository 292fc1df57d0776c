/**
 * Renders the inbox (Gate.pending) as the ephemeral answer to `/draftgate pending`: one line per draft (question,
 * channel, findings, expiry) and, for the first five, a row of buttons: Open (the card again, in the DM) and
 * Discard where the card offers it. Discord allows 2000 characters and 5 action rows: the rest is counted.
 */
import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import type { InboxItem } from '../../src/core/gate/index.js';
import { encodeCustomId } from './action-ids.js';
import { CONTENT_MAX } from './render-card.js';

/** Drafts with buttons (one action row each; Discord allows 5 per message). */
export const PENDING_WITH_BUTTONS = 5;
const QUESTION_MAX = 120;

export interface PendingMessage {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
}

export function renderPending(items: readonly InboxItem[]): PendingMessage {
  if (items.length === 0) {
    return {
      content:
        '**Waiting for you (0)**\nNothing waits for you. Ask with `/draftgate ask` or the message menu.',
      components: [],
      allowed_mentions: { parse: [] },
    };
  }
  const header = `**Waiting for you (${items.length})**`;
  const lines: string[] = [];
  let length = header.length;
  let shown = 0;
  for (const [index, item] of items.entries()) {
    const line = rowLine(index + 1, item);
    // Keep room for the "n more" line.
    if (length + line.length + 1 > CONTENT_MAX - 60) break;
    lines.push(line);
    length += line.length + 1;
    shown += 1;
  }
  const more = items.length - shown;
  if (more > 0) lines.push(`…and ${more} more, expiring later.`);
  const components = items
    .slice(0, Math.min(shown, PENDING_WITH_BUTTONS))
    .map((item, index) => buttons(item, index + 1));
  return { content: [header, ...lines].join('\n'), components, allowed_mentions: { parse: [] } };
}

function rowLine(number: number, item: InboxItem): string {
  const { draft } = item;
  const why = item.role === 'requester' ? 'your draft' : 'your second approval';
  const question = oneLine(draft.question, QUESTION_MAX) || '(no question)';
  const findings = item.riskSummary ? oneLine(item.riskSummary, 120) : 'no findings';
  const expires = `<t:${Math.floor(draft.expiresAt / 1000)}:R>`;
  return `**${number}.** ${question} · <#${draft.target.channel}> · ${why} · ${findings} · expires ${expires}`;
}

function buttons(item: InboxItem, number: number): APIActionRowComponent<APIButtonComponent> {
  const { draft } = item;
  const components: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: `Open ${number}`,
      custom_id: encodeCustomId('open', draft.id, draft.version),
    },
  ];
  if (item.actions.discard) {
    components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Danger,
      label: `Discard ${number}`,
      custom_id: encodeCustomId('discard', draft.id, draft.version),
    });
  }
  return { type: ComponentType.ActionRow, components };
}

/** One line, markdown-neutral: no line breaks, no backticks or asterisks that would restyle the list. */
function oneLine(text: string, max: number): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/[`*_~|>]/g, '')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
