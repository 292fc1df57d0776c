/** Classifies @discordjs/rest failures: definite refusals (4xx with a Discord error code) versus ambiguous ones. */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/** Discord answered 4xx: the request was refused and had no effect. */
export function isDefiniteRefusal(error: unknown): error is DiscordAPIError {
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500;
}

export function hasCode(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

export function isDmClosed(error: unknown): boolean {
  return hasCode(error, RESTJSONErrorCodes.CannotSendMessagesToThisUser);
}

export function isUnknownMessage(error: unknown): boolean {
  return hasCode(error, RESTJSONErrorCodes.UnknownMessage);
}

const HINTS: Partial<Record<number, string>> = {
  [RESTJSONErrorCodes.MissingPermissions]:
    'give the draftgate bot Send Messages (and Send Messages in Threads) there, then press Retry',
  [RESTJSONErrorCodes.MissingAccess]: 'add the draftgate bot to that channel or thread, then press Retry',
  [RESTJSONErrorCodes.UnknownChannel]:
    'the channel or thread no longer exists: discard this draft and ask again elsewhere',
  [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel]: 'the target is not a text channel',
  [RESTJSONErrorCodes.ThreadLocked]:
    'the thread is locked: unlock it, then press Retry, or discard this draft',
  [RESTJSONErrorCodes.InvalidActionOnArchivedThread]: 'the thread is archived: reopen it, then press Retry',
};

/** One line for logs and for the person who approved: what Discord said, and what to do about it. */
export function describeRestError(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    const hint = typeof error.code === 'number' ? HINTS[error.code] : undefined;
    return `Discord answered HTTP ${error.status}, code ${String(error.code)}: ${error.message}${hint ? ` (${hint})` : ''}`;
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') return 'no answer from Discord before the request timed out';
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? `Discord answered HTTP ${status}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
