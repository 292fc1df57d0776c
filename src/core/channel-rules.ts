/**
 * Channel rules in policy: a channel id (`C123`), a name pattern (`#eng-*`, `*` a wildcard) or `*` for all.
 * Ids and names are compared after normalization, so that look-alikes (`C0DENIED\u200B`, `c0denied`, full-width
 * letters) match what they imitate: NFKC, invisible format characters and white space removed, and the case the
 * platform defines (Slack ids are upper case; names are compared case-insensitively everywhere).
 */
import type { Platform, Target } from './draft.js';

/** Zero-width and other invisible format characters (Unicode category Cf), and any white space. */
const INVISIBLE = /[\p{Cf}\s]/gu;

/** The canonical form of a channel id on a platform. */
export function normalizeChannelId(platform: Platform, channel: string): string {
  const cleaned = channel.normalize('NFKC').replace(INVISIBLE, '');
  // Slack ids are upper case (C…, G…, D…) and Discord's are digits; the sandbox names its channels in lower case.
  return platform === 'sandbox' ? cleaned.toLowerCase() : cleaned.toUpperCase();
}

/** The canonical form of a channel name: without `#`, lower case. */
export function normalizeChannelName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(/^#/, '').toLowerCase();
}

export const isNamePattern = (pattern: string): boolean => pattern.trim().startsWith('#');

/**
 * Does the pattern match the target? `undefined` when it cannot be evaluated: a name pattern and no known name.
 * Callers decide what that means, and always in the refusing direction.
 */
export function channelMatch(
  pattern: string,
  target: Pick<Target, 'platform' | 'channel' | 'channelName'>,
): boolean | undefined {
  const trimmed = pattern.trim();
  if (trimmed === '*') return true;
  if (!isNamePattern(trimmed)) {
    return (
      normalizeChannelId(target.platform, trimmed) === normalizeChannelId(target.platform, target.channel)
    );
  }
  if (target.channelName === undefined || target.channelName.trim() === '') return undefined;
  const escaped = normalizeChannelName(trimmed)
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'u').test(normalizeChannelName(target.channelName));
}
