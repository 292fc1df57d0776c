/**
 * What an approved draft is published as, on every platform: the agent's text, neutralized so that nothing in it
 * can pass for draftgate's own lines, and the attribution crediting every approver. The adapter renders the
 * attribution where agent text cannot reach (Slack: a context block; Discord: the subtext line, a form agent text
 * can no longer take; the sandbox: its own field) and escapes the body for its platform.
 *
 * Neutralized:
 * - every platform: a line that reads like draftgate's attribution ("AI-drafted · approved by …", look-alike
 *   letters and invisible characters included) is marked as the agent's: `[agent text] …`;
 * - the question, when the reply is not attached under it (a slash command's reply goes to the channel's top level):
 *   `Alice asked: …` on one line, with every mention form broken (a word joiner after `@`, Slack's `<!here>` and
 *   `<@U…>` tokens unwrapped) and neutralized like the body. The Gate redacts secrets in it before publishing.
 * - Discord: line-start block markers (`-#` subtext, `#`/`##`/`###` headings, `>`/`>>>` quotes) are escaped, and
 *   masked links `[label](url)` show their target: `label (url)`.
 */
import type { Draft } from './draft.js';
import { scanViews } from './risk/normalize-text.js';

export type PublishDialect = 'slack' | 'discord' | 'sandbox';

export interface Publication {
  /** The agent's text, neutralized for the platform (still to be escaped by the adapter). */
  body: string;
  /** Everyone who approved, first approver first. */
  approvers: readonly string[];
  /** `AI-drafted · approved by <A> and <B>`, each approver rendered by the adapter's `person`. */
  attribution: string;
  /** The question, when the reply is not in a thread under it: the adapter shows `${who} asked: ${question}` first. */
  asked?: AskedLine;
}

export interface AskedLine {
  /** The requester, rendered by the adapter's `person`. */
  who: string;
  /** The question on one line, shortened, mentions broken and neutralized (still to be escaped by the adapter). */
  question: string;
  /** `${who} asked: ${question}`, for platforms that need no escaping. */
  line: string;
}

export interface PublicationOptions {
  dialect: PublishDialect;
  /** How the platform shows a person: `<@U1>` on Slack and Discord, a display name in the sandbox. */
  person: (id: string) => string;
}

export const AGENT_LINE_MARK = '[agent text] ';
export const ATTRIBUTION_PREFIX = 'AI-drafted · approved by';

/** A line that reads like draftgate's attribution, whatever its formatting and disguises. */
// `_` counts as a separator here (Markdown italics), so no \b.
const IMITATION =
  /(?<![a-z0-9])ai[\W_]{0,3}drafted(?![a-z0-9])|(?<![a-z0-9])approved[\W_]+by(?![a-z0-9]).*(?<![a-z0-9])(?:draftgate|ai)(?![a-z0-9])|(?<![a-z0-9])draftgate[\W_].*approved/i;
/** Discord block markers at a line start (after optional spaces): subtext, headings, quotes. */
const DISCORD_BLOCK_MARKER = /^(\s*)(-#|#{1,3}(?=\s)|>>>|>)/;
/** A Markdown masked link: `[label](target)`, `[label](<target>)`, with an optional title. */
const MASKED_LINK = /\[([^\]\n]{1,300})\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

export function approversOf(
  draft: Pick<Draft, 'approvedBy' | 'secondApprovedBy'>,
  approver: string,
): string[] {
  return [...new Set([draft.approvedBy ?? approver, draft.secondApprovedBy, approver])].filter(
    (id): id is string => id !== undefined && id !== '',
  );
}

/** The longest question an `asked` line quotes. */
export const ASKED_MAX = 300;
const WORD_JOINER = '\u2060';

export function composePublication(
  draft: Pick<Draft, 'text' | 'approvedBy' | 'secondApprovedBy'> &
    Partial<Pick<Draft, 'question' | 'requester' | 'target'>>,
  approver: string,
  options: PublicationOptions,
): Publication {
  const approvers = approversOf(draft, approver);
  const names = approvers.map(options.person);
  const credited =
    names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const publication: Publication = {
    body: neutralize(draft.text, options.dialect),
    approvers,
    attribution: `${ATTRIBUTION_PREFIX} ${credited}`,
  };
  const asked = askedLine(draft, options);
  if (asked) publication.asked = asked;
  return publication;
}

/** Whether the reply lands where its question is not visible: not in a thread, not attached to a message. */
export function carriesQuestion(target: Pick<Draft['target'], 'thread' | 'message'>): boolean {
  return target.thread === undefined && target.message === undefined;
}

function askedLine(
  draft: Partial<Pick<Draft, 'question' | 'requester' | 'target'>>,
  options: PublicationOptions,
): AskedLine | undefined {
  const { question, requester, target } = draft;
  if (question === undefined || requester === undefined || target === undefined) return undefined;
  if (!carriesQuestion(target)) return undefined;
  const oneLine = breakMentions(question).replace(/\s+/g, ' ').trim();
  if (oneLine === '') return undefined;
  const short = oneLine.length > ASKED_MAX ? `${oneLine.slice(0, ASKED_MAX - 1)}…` : oneLine;
  const neutral = neutralize(short, options.dialect);
  const who = options.person(requester);
  return { who, question: neutral, line: `${who} asked: ${neutral}` };
}

/** Breaks every mention form: Slack's `<!here>`/`<@U…>` tokens, Discord's `<@…>`, and `@word`. */
export function breakMentions(text: string): string {
  return text
    .replace(/<!(everyone|here|channel)(\|[^>]*)?>/gi, `@${WORD_JOINER}$1`)
    .replace(
      /<!subteam\^[A-Za-z0-9]+(?:\|@?([^>]*))?>/g,
      (_all, label: string | undefined) => `@${WORD_JOINER}${label ?? 'group'}`,
    )
    .replace(/<@[!&]?([A-Za-z0-9]+)(?:\|[^>]*)?>/g, `@${WORD_JOINER}$1`)
    .replace(/@(?=[\p{L}\p{N}_])/gu, `@${WORD_JOINER}`);
}

export function neutralize(text: string, dialect: PublishDialect): string {
  const unmasked =
    dialect === 'discord'
      ? text.replace(MASKED_LINK, (_all, label: string, target: string) => `${label} (${target})`)
      : text;
  return unmasked
    .split('\n')
    .map((line) => {
      let out = line;
      if (dialect === 'discord')
        out = out.replace(
          DISCORD_BLOCK_MARKER,
          (_all, space: string, marker: string) => `${space}\\${marker}`,
        );
      if (imitatesAttribution(line)) out = `${AGENT_LINE_MARK}${out}`;
      return out;
    })
    .join('\n');
}

export function imitatesAttribution(line: string): boolean {
  const plain = scanViews(line, 0)[0]?.text ?? line;
  return IMITATION.test(plain);
}
