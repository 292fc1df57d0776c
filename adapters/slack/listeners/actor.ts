import type { Actor } from '../../../src/core/draft.js';
import type { RolesOf } from '../user-groups.js';

/** A Slack user as the Gate sees them, without groups (see withRoles). */
export function slackActor(userId: string, teamId: string, name?: string): Actor {
  return { id: userId, platform: 'slack', workspace: teamId, ...(name ? { name } : {}) };
}

/** The actor with their user groups, or the fact that looking them up failed (Policy then fails closed). */
export async function withRoles(rolesOf: RolesOf, actor: Actor): Promise<Actor> {
  if (actor.bot) return actor;
  return { ...actor, ...(await rolesOf(actor.id, actor.workspace)) };
}
