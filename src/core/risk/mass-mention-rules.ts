/** Mentions that notify a whole channel, workspace or group. Default `note`: publishing neutralizes them anyway. */
import type { PatternRule } from './rule.js';

export const MASS_MENTION_RULES: readonly PatternRule[] = [
  {
    id: 'mention.broadcast',
    category: 'mass_mention',
    severity: 'note',
    explanation: 'Would notify everyone in the channel or server (neutralized when published).',
    patterns: [/<!(?:channel|here|everyone)(?:\|[^>]*)?>/, /(?<![\w@])@(?:channel|here|everyone)\b/],
  },
  {
    id: 'mention.usergroup',
    category: 'mass_mention',
    severity: 'note',
    explanation: 'Would notify a whole user group (neutralized when published).',
    patterns: [/<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>/],
  },
  {
    id: 'mention.role',
    category: 'mass_mention',
    severity: 'note',
    explanation: 'Would notify everyone with this role (neutralized when published).',
    patterns: [/<@&\d+>/],
  },
];
