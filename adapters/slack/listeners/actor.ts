import type { Actor } from '../../../src/core/draft.js';

/** A Slack user as the Gate sees them. Groups are not fetched: rules that need them fail closed. */
export function slackActor(userId: string, teamId: string, name?: string): Actor {
  return { id: userId, platform: 'slack', workspace: teamId, ...(name ? { name } : {}) };
}
