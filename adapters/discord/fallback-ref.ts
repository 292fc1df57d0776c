/**
 * A review card delivered as an ephemeral interaction follow-up (the requester's DMs are closed) is updated
 * through the interaction's webhook, so its ReviewRef carries the application id and interaction token in `extra`.
 * Discord keeps interaction tokens for 15 minutes.
 */

export interface FollowUpRef {
  kind: 'followup';
  app: string;
  token: string;
}

export function encodeFollowUpRef(ref: Omit<FollowUpRef, 'kind'>): string {
  return JSON.stringify({ kind: 'followup', app: ref.app, token: ref.token } satisfies FollowUpRef);
}

export function decodeFollowUpRef(extra: string | undefined): FollowUpRef | undefined {
  if (!extra) return undefined;
  try {
    const value = JSON.parse(extra) as Partial<FollowUpRef>;
    if (value.kind === 'followup' && typeof value.app === 'string' && typeof value.token === 'string') {
      return { kind: 'followup', app: value.app, token: value.token };
    }
  } catch {
    // Not ours: treated as a DM card.
  }
  return undefined;
}
