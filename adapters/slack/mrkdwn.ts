/** Safe mrkdwn fragments: ids, links and dates that Slack renders natively, everything else escaped. */
import { escapeSlackText } from './escape-text.js';

const SLACK_ID = /^[A-Z0-9]{2,40}$/;
const SAFE_URL = /^https:\/\/[^\s<>|]+$/;

export function userRef(userId: string): string {
  return SLACK_ID.test(userId) ? `<@${userId}>` : escapeSlackText(userId);
}

export function channelRef(channelId: string, name?: string): string {
  if (SLACK_ID.test(channelId)) return `<#${channelId}>`;
  return escapeSlackText(name ? `#${name}` : channelId);
}

/** A link with a label, or just the label when the URL is not a plain https URL. */
export function link(url: string | undefined, label: string): string {
  const safeLabel = escapeSlackText(label).replace(/\|/g, '¦');
  return url !== undefined && SAFE_URL.test(url) ? `<${url}|${safeLabel}>` : safeLabel;
}

/** A date that every reader sees in their own time zone, with an ISO fallback. */
export function slackDate(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${new Date(ms).toISOString()}>`;
}
