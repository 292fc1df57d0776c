/**
 * Start-up check of the bot token: `auth.test` before anything listens. A token Slack refuses stops start-up with
 * one line saying what to do; a Slack that cannot be reached is only warned about (Bolt retries on the first event).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { CHANNEL_NAME_SCOPES } from './manifest.js';
import { platformErrorCode } from './slack-errors.js';

const BAD_TOKEN: Readonly<Record<string, string>> = {
  invalid_auth: 'Slack does not recognize SLACK_BOT_TOKEN',
  not_authed: 'Slack received no usable SLACK_BOT_TOKEN',
  account_inactive: 'the app or workspace behind SLACK_BOT_TOKEN is deactivated',
  token_revoked: 'SLACK_BOT_TOKEN was revoked',
};

export class SlackTokenError extends Error {
  override name = 'SlackTokenError';
}

export interface SlackIdentity {
  team?: string;
  botUserId?: string;
  /** The token's scopes (Slack's `x-oauth-scopes` header), when Slack sent them. */
  scopes?: string[];
}

export async function checkSlackToken(
  web: webApi.WebClient,
  logger: Logger,
): Promise<SlackIdentity | undefined> {
  try {
    const result = await web.auth.test();
    const scopes = result.response_metadata?.scopes;
    return {
      ...(result.team ? { team: result.team } : {}),
      ...(result.user_id ? { botUserId: result.user_id } : {}),
      ...(scopes ? { scopes } : {}),
    };
  } catch (error) {
    const code = platformErrorCode(error);
    const reason = code === undefined ? undefined : BAD_TOKEN[code];
    if (reason !== undefined) {
      throw new SlackTokenError(
        `Slack auth.test failed (${code}): ${reason}. Copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page into SLACK_BOT_TOKEN (reinstall the app if it was removed), then start again.`,
      );
    }
    logger.warn(
      { err: error },
      'Slack auth.test did not answer: cannot check SLACK_BOT_TOKEN now (check the network and SLACK_API_URL); starting anyway',
    );
    return undefined;
  }
}

/** Name rules refuse every request whose channel name cannot be read: say so when the token cannot read them. */
export function warnMissingScopes(
  scopes: readonly string[] | undefined,
  nameRules: readonly string[],
  logger: Logger,
): void {
  if (scopes === undefined || nameRules.length === 0) return;
  const missing = CHANNEL_NAME_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length === 0) return;
  logger.warn(
    { missing, rules: nameRules },
    `the Slack token lacks ${missing.join(' and ')}, which ${nameRules.join(', ')} need to read channel names: requests those rules cannot name are refused. Reinstall the app from \`draftgate slack manifest\`.`,
  );
}
