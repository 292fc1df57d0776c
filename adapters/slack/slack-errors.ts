/** Classifies Web API failures: what Slack said (a definite answer) versus what we could not find out. */
import { webApi } from '@slack/bolt';

/** Slack answered `ok: false`: the call definitely did nothing. Returns the error code. */
export function platformErrorCode(error: unknown): string | undefined {
  if (error instanceof webApi.WebAPIPlatformError) return error.data.error;
  return undefined;
}

/** Slack answered 429: the call definitely did nothing. Returns the wait in ms. */
export function rateLimitedMs(error: unknown): number | undefined {
  if (error instanceof webApi.WebAPIRateLimitedError) return error.retryAfter * 1000;
  return undefined;
}

/** A human hint for the operator, per Slack error code. */
export function hintFor(code: string): string {
  switch (code) {
    case 'not_in_channel':
      return 'invite the draftgate app to the channel (/invite @draftgate), then press Retry';
    case 'channel_not_found':
      return 'the channel is gone or the app cannot see it (private channels need the app invited, then press Retry)';
    case 'is_archived':
      return 'the channel is archived: unarchive it, then press Retry';
    case 'thread_not_found':
      return 'the thread it answers was deleted: discard this draft and request a new one in the channel';
    case 'restricted_action':
      return 'the workspace only lets some people or apps post there: ask an admin to allow the draftgate app, then press Retry';
    case 'missing_scope':
      return 'the app lacks a scope: reinstall it from the manifest printed by `draftgate slack manifest`';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'account_inactive':
      return 'the bot token is invalid: set SLACK_BOT_TOKEN to the app’s current xoxb- token';
    case 'cannot_dm_bot':
      return 'the requester is a bot, and bots cannot receive review cards';
    case 'user_not_found':
    case 'user_disabled':
      return 'the user does not exist or is deactivated';
    case 'msg_too_long':
    case 'msg_blocks_too_long':
      return 'the message is longer than Slack accepts: shorten it with Edit, then approve again';
    default:
      return 'see Slack’s documentation for this error code';
  }
}

export function describeError(error: unknown): string {
  const code = platformErrorCode(error);
  if (code !== undefined) return `Slack error ${code} (${hintFor(code)})`;
  const wait = rateLimitedMs(error);
  if (wait !== undefined) return `Slack rate limit (retry after ${Math.ceil(wait / 1000)} s)`;
  return error instanceof Error ? error.message : String(error);
}
