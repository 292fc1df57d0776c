/**
 * Renders a ReviewCard (what the core decided to show) as a Discord message body: a summary in `content` and the
 * draft text in embeds. Discord allows 4096 characters per embed description and 6000 over all embeds; the text
 * is split over several embeds and never cut silently: whatever does not fit is announced on the card.
 */
import {
  ActionRowBuilder,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
} from 'discord.js';
import { groupFindings } from '../../src/core/card-details.js';
import type { Draft, Finding } from '../../src/core/draft.js';
import type { ExpiryReminder } from '../../src/core/expiry-reminder.js';
import type { CardChanges, FindingGroup, ReviewCard } from '../../src/core/review-card.js';
import { canExpire } from '../../src/core/transitions.js';
import { encodeCustomId } from './action-ids.js';
import { jumpLink, targetLink } from './jump-link.js';
import { splitMessage } from './split-message.js';

export const CONTENT_MAX = 2000;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBEDS_TOTAL_MAX = 6000;
const EMBEDS_PER_MESSAGE = 10;
/** Room kept for the "does not fit" footer. */
const FOOTER_RESERVE = 200;

export interface CardMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
}

const SEVERITY_ICON: Record<Finding['severity'], string> = { block: '⛔', confirm: '⚠️', note: 'ℹ️' };

/** Room for the findings and "what changed" embeds that follow the text. */
const FINDINGS_MAX = 1500;
const CHANGES_MAX = 1000;

export function renderReviewCard(card: ReviewCard, now: number): CardMessage {
  // After the draft text: the findings grouped by kind, then what changed since the last version.
  const extras: APIEmbed[] = [];
  const groups = card.findingGroups ?? groupFindings(card.draft.findings);
  if (groups.length > 0) extras.push(findingsEmbed(groups, colorFor(card)));
  if (card.changes) extras.push(changesEmbed(card.changes));
  const extraLength = extras.reduce((sum, embed) => sum + embedLength(embed), 0);
  return {
    content: renderSummary(card, now),
    embeds: [
      ...renderText(
        card.displayText,
        colorFor(card),
        EMBEDS_TOTAL_MAX - extraLength,
        EMBEDS_PER_MESSAGE - extras.length,
      ),
      ...extras,
    ],
    components: renderButtons(card, now),
    allowed_mentions: { parse: [] },
  };
}

function embedLength(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
}

function findingsEmbed(groups: readonly FindingGroup[], color: number): APIEmbed {
  let description = '';
  for (const [index, group] of groups.entries()) {
    const times = group.count > 1 ? ` (×${group.count})` : '';
    const excerpts = group.excerpts
      .map((excerpt) => ` \`${oneLine(excerpt.replaceAll('`', "'"), 80)}\``)
      .join('');
    const line = `${SEVERITY_ICON[group.severity]} **${group.title}**${times}: ${oneLine(group.explanation, 200)}${excerpts}\n`;
    if (description.length + line.length > FINDINGS_MAX - 60) {
      description += `…and ${groups.length - index} more kinds (see the audit log)`;
      break;
    }
    description += line;
  }
  return new EmbedBuilder().setTitle('Findings').setDescription(description.trim()).setColor(color).toJSON();
}

const DIFF_MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

function changesEmbed(changes: CardChanges): APIEmbed {
  let diff = '';
  for (const [index, line] of changes.lines.entries()) {
    const next = `${DIFF_MARK[line.kind]}${line.text.replaceAll('```', "'''")}\n`;
    if (diff.length + next.length > CHANGES_MAX - 120) {
      diff += `… ${changes.lines.length - index} more lines\n`;
      break;
    }
    diff += next;
  }
  return new EmbedBuilder()
    .setTitle(`What changed since v${changes.fromVersion}`)
    .setDescription(
      `${changes.added} line${changes.added === 1 ? '' : 's'} added, ${changes.removed} removed${diff ? `\n\`\`\`diff\n${diff}\`\`\`` : ''}`,
    )
    .setColor(0x99aab5)
    .toJSON();
}

function renderSummary(card: ReviewCard, now: number): string {
  const { draft } = card;
  const head: string[] = [`**${card.headline}** · v${draft.version}`];
  const where = draft.target.message
    ? `a message in <#${draft.target.channel}>`
    : `<#${draft.target.channel}>`;
  head.push(`Reply to ${where} · [jump to it](${targetLink(draft.target)})`);
  if (draft.question) head.push(`> ${oneLine(draft.question, 300)}`);
  if (canExpire(draft.state)) head.push(`Expires <t:${Math.floor(draft.expiresAt / 1000)}:R>`);
  if (draft.published?.messages[0]) {
    const link = jumpLink(draft.target.workspace, draft.published.channel, draft.published.messages[0]);
    const parts = draft.published.messages.length;
    head.push(`Published: [jump to the post](${link})${parts > 1 ? ` (${parts} messages)` : ''}`);
  }
  const retractUntil = card.actions.retractUntil;
  if (retractUntil !== undefined && retractUntil > now) {
    head.push(
      `You can retract it until <t:${Math.floor(retractUntil / 1000)}:t> (<t:${Math.floor(retractUntil / 1000)}:R>).`,
    );
  }
  if (card.notice) head.push(`**Note:** ${oneLine(card.notice, 400)}`);
  if (card.actions.approveUnavailable)
    head.push(`**Approve unavailable:** ${oneLine(card.actions.approveUnavailable, 400)}`);
  if (card.riskSummary) head.push(`**${oneLine(card.riskSummary, 300)}** (details below the draft)`);
  if (card.consequence && (card.actions.approve || card.actions.retry))
    head.push(`➡️ ${oneLine(card.consequence, 400)}`);
  const content = head.join('\n');
  // Each line is capped; the whole stays within Discord's 2000 characters whatever the combination.
  return content.length > CONTENT_MAX ? `${content.slice(0, CONTENT_MAX - 1)}…` : content;
}

/** Appends the findings, as many as fit in `content`, and says how many did not. */
export function withFindings(text: string, findings: readonly Finding[], max = CONTENT_MAX): string {
  if (findings.length === 0) return text;
  let out = `${text}\n**Risk findings (${findings.length})**`;
  for (const [index, finding] of findings.entries()) {
    const line = `\n${findingLine(finding)}`;
    const remaining = findings.length - index - 1;
    const tail = remaining > 0 ? `\n…and ${remaining} more (see the audit log)` : '';
    if (out.length + line.length + tail.length > max) {
      return `${out}\n…and ${findings.length - index} more (see the audit log)`;
    }
    out += line;
  }
  return out;
}

export function findingLine(finding: Finding): string {
  const excerpt = oneLine(finding.excerpt.replaceAll('`', "'"), 80);
  return `- ${SEVERITY_ICON[finding.severity]} **${finding.severity}** ${finding.category}: ${oneLine(finding.explanation, 200)}${excerpt ? ` (\`${excerpt}\`)` : ''}`;
}

function renderText(text: string, color: number, total: number, maxEmbeds: number): APIEmbed[] {
  if (text.trim().length === 0) return [];
  const budget = total - FOOTER_RESERVE;
  const chunks: string[] = [];
  let used = 0;
  for (const chunk of splitMessage(text, EMBED_DESCRIPTION_MAX)) {
    if (used + chunk.length > budget || chunks.length === maxEmbeds) {
      const room = Math.min(budget - used, EMBED_DESCRIPTION_MAX);
      const [partial] = room > 0 && chunks.length < maxEmbeds ? splitMessage(chunk, room) : [];
      if (partial) {
        chunks.push(partial);
        used += partial.length;
      }
      break;
    }
    chunks.push(chunk);
    used += chunk.length;
  }
  const hidden = text.trim().length - used;
  const embeds = chunks.map((chunk) => new EmbedBuilder().setDescription(chunk).setColor(color));
  const last = embeds[embeds.length - 1];
  if (last && hidden > 50) {
    last.setFooter({
      text: `About ${hidden} more characters do not fit in a Discord card and are not shown here. Publishing posts the whole text.`,
    });
  }
  return embeds.map((embed) => embed.toJSON());
}

function renderButtons(card: ReviewCard, now: number): APIActionRowComponent<APIButtonComponent>[] {
  const { draft, actions } = card;
  const buttons: ButtonBuilder[] = [];
  const id = (action: Parameters<typeof encodeCustomId>[0]) =>
    encodeCustomId(action, draft.id, draft.version);
  if (actions.approve) {
    const asks = actions.approve.confirm !== undefined;
    // A risky draft's Approve reads "Review & approve…" in Danger red, Discord's only warning colour.
    const look = card.approveButton ?? { label: asks ? 'Review & approve…' : 'Approve', style: 'primary' };
    buttons.push(
      new ButtonBuilder()
        .setCustomId(id(asks ? 'ask' : 'approve'))
        .setLabel(look.label)
        .setStyle(look.style === 'warning' ? ButtonStyle.Danger : ButtonStyle.Success),
    );
  }
  if (actions.retry) {
    // Retry after a refused publish is an approval again: the same custom ids, so the same checks.
    const asks = actions.retry.confirm !== undefined;
    buttons.push(
      new ButtonBuilder()
        .setCustomId(id(asks ? 'ask' : 'approve'))
        .setLabel(asks ? 'Retry…' : 'Retry')
        .setStyle(ButtonStyle.Success),
    );
  }
  if (actions.edit)
    buttons.push(new ButtonBuilder().setCustomId(id('edit')).setLabel('Edit').setStyle(ButtonStyle.Primary));
  if (actions.regenerate) {
    buttons.push(
      new ButtonBuilder()
        .setCustomId(id('regenerate'))
        .setLabel('Regenerate')
        .setStyle(ButtonStyle.Secondary),
    );
  }
  if (actions.discard)
    buttons.push(
      new ButtonBuilder().setCustomId(id('discard')).setLabel('Discard').setStyle(ButtonStyle.Danger),
    );
  if (actions.retractUntil !== undefined && actions.retractUntil > now) {
    buttons.push(
      new ButtonBuilder().setCustomId(id('retract')).setLabel('Retract').setStyle(ButtonStyle.Danger),
    );
  }
  if (buttons.length === 0) return [];
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()];
}

/** The expiry reminder (a DM): the core's words, and Extend when it is offered. */
export function renderExpiryReminder(reminder: ExpiryReminder): CardMessage {
  const { draft } = reminder;
  const components = reminder.extend
    ? [
        new ActionRowBuilder<ButtonBuilder>()
          .addComponents(
            new ButtonBuilder()
              .setCustomId(encodeCustomId('extend', draft.id, draft.version))
              .setLabel('Extend')
              .setStyle(ButtonStyle.Primary),
          )
          .toJSON(),
      ]
    : [];
  return {
    content: `⏳ ${reminder.text}`.slice(0, CONTENT_MAX),
    embeds: [],
    components,
    allowed_mentions: { parse: [] },
  };
}

function colorFor(card: ReviewCard): number {
  const state: Draft['state'] = card.draft.state;
  if (state === 'published') return 0x57f287;
  if (state === 'publish_failed') return 0xed4245;
  if (state === 'pending' || state === 'awaiting_second_approval') {
    return card.actions.approveUnavailable ? 0xed4245 : 0x5865f2;
  }
  return 0x99aab5;
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
