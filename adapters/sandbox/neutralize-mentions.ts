/**
 * Published replies must not ping anyone: a word joiner after `@` keeps the text readable but breaks every
 * mention form (`@everyone`, `@here`, `@alice`, Slack's `<!channel>` and `<@U123>`, Discord's `<@123>`).
 */
const WORD_JOINER = '\u2060';

export function neutralizeMentions(text: string): string {
  return text
    .replace(/<!(everyone|here|channel)(\|[^>]*)?>/gi, `@${WORD_JOINER}$1`)
    .replace(/<@[!&]?([A-Za-z0-9]+)>/g, `@${WORD_JOINER}$1`)
    .replace(/@(?=[\p{L}\p{N}_])/gu, `@${WORD_JOINER}`);
}
