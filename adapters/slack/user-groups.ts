/**
 * Policy `roles` on Slack are user group ids (S…). A person's groups come from `usergroups.list` with
 * `include_users` (scope `usergroups:read`), one call per workspace, cached with a TTL and shared by the
 * replicas through the TtlCache. The adapter passes the facts: the groups found, or that the lookup failed, in
 * which case Policy refuses every rule that needs roles (`role_lookup_failed`, fail closed).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Actor } from '../../src/core/draft.js';
import type { TtlCache } from '../../src/core/ttl-cache.js';
import { describeError } from './slack-errors.js';

/** How long a workspace's group membership is reused before asking Slack again. */
export const USER_GROUPS_TTL_MS = 5 * 60_000;

export type RoleFacts = Pick<Actor, 'roles' | 'roleLookupFailed'>;

/** The roles of one person: looked up only when policy rules name roles (else nothing to add). */
export type RolesOf = (user: string, team: string) => Promise<RoleFacts>;

export interface UserGroupsDeps {
  web: webApi.WebClient;
  logger: Logger;
  /** Policy names roles somewhere: without that, no lookup happens (and no scope is needed). */
  enabled: boolean;
  cache?: TtlCache;
  ttlMs?: number;
}

export function userGroups(deps: UserGroupsDeps): RolesOf {
  if (!deps.enabled) return async () => ({});
  const ttlMs = deps.ttlMs ?? USER_GROUPS_TTL_MS;

  async function membership(team: string): Promise<Record<string, string[]>> {
    const key = `slack-usergroups:${team}`;
    const cached = await deps.cache?.get(key);
    if (cached) return JSON.parse(cached) as Record<string, string[]>;
    const answer = await deps.web.usergroups.list({ include_users: true });
    const groups: Record<string, string[]> = {};
    for (const group of answer.usergroups ?? []) if (group.id) groups[group.id] = group.users ?? [];
    await deps.cache?.set(key, JSON.stringify(groups), ttlMs);
    return groups;
  }

  return async (user, team) => {
    try {
      const groups = await membership(team);
      return { roles: Object.keys(groups).filter((id) => groups[id]?.includes(user)) };
    } catch (error) {
      deps.logger.warn(
        { err: error, team },
        `could not look up Slack user groups (${describeError(error)}); rules that need roles refuse until it works (check the usergroups:read scope)`,
      );
      return { roleLookupFailed: true };
    }
  };
}
