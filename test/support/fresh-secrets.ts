/**
 * Realistic credentials, fresh for every test run, in the shapes the risk review's secretlint rules recognize. A
 * fixed example token could be allow-listed or special-cased by accident; random ones cannot.
 */
import { randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A GitHub personal access token: `ghp_` and 36 letters or digits. */
export const freshGithubToken = (): string => `ghp_${pick(ALNUM, 36)}`;

/** A Slack bot token: `xoxb-<team>-<bot>-<24 letters or digits>`. */
export const freshSlackBotToken = (): string =>
  `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`;
