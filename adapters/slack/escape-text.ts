/**
 * Slack's control characters. Escaping `&`, `<` and `>` turns every mention and link token (`<!channel>`, `<!here>`,
 * `<@U…>`, `<!subteam^…>`, `<url|label>`) into literal text, in messages and in mrkdwn blocks alike.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Length of `text` once escaped, without building the string. */
export function escapedLength(text: string): number {
  let extra = 0;
  for (const char of text) {
    if (char === '&') extra += 4;
    else if (char === '<' || char === '>') extra += 3;
  }
  return text.length + extra;
}

/** Cuts a label to `max` characters with a visible ellipsis (for button texts, titles and excerpts, never drafts). */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
