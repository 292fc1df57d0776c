/**
 * The App Home tab is the reviewer's inbox: on `app_home_opened` (and, for people who opened it, whenever the Gate
 * says one of their drafts changed) it publishes the list Gate.pending returns. Open asks the Gate to send the card to the DM again;
 * Discard is the Gate's discard. The Gate's answer to a click is shown at the top of the refreshed tab.
 */
import type { Actor } from '../../../src/core/draft.js';
import type { GateResult } from '../../../src/core/gate-types.js';
import type { TtlCache } from '../../../src/core/ttl-cache.js';
import { ACTION, type ActionValue, decodeButtonValue } from '../action-ids.js';
import { renderHome } from '../render-home.js';
import { slackActor, withRoles } from './actor.js';
import type { SlackListeners } from './dispatch.js';
import type { ListenerDeps } from './listener-deps.js';

export interface HomeTab {
  /** Publishes these people's Home tabs again (fire and forget; failures are logged). */
  refresh(workspace: string, users: readonly string[]): void;
  /** Resolves when every publish started so far has finished. */
  settle(): Promise<void>;
}

/** How long someone who opened the Home tab keeps getting it refreshed without opening it again. */
const HOME_SEEN_MS = 30 * 86_400_000;

export function registerHomeListeners(
  listeners: SlackListeners,
  deps: ListenerDeps,
  cache?: TtlCache,
): HomeTab {
  const { gate, logger } = deps;
  // Only people who opened the tab get it refreshed: the others would see it fresh on their first open anyway.
  const seenHere = new Set<string>();
  const seen = {
    async mark(key: string) {
      seenHere.add(key);
      await cache?.set(`slack-home:${key}`, '1', HOME_SEEN_MS);
    },
    async has(key: string) {
      return seenHere.has(key) || (await cache?.get(`slack-home:${key}`)) !== undefined;
    },
  };
  /** One chain per person: publishes run in order, each listing the drafts as they are when it runs. */
  const chains = new Map<string, Promise<void>>();

  async function publish(user: string, team: string, notice?: string): Promise<void> {
    const actor = await withRoles(deps.rolesOf, slackActor(user, team));
    const items = await gate.pending(actor);
    await deps.web.views.publish({ user_id: user, view: renderHome(items, notice) });
  }

  function enqueue(user: string, team: string, notice?: string): Promise<void> {
    const key = `${team}:${user}`;
    const next = (chains.get(key) ?? Promise.resolve())
      .then(() => publish(user, team, notice))
      .catch((error: unknown) => logger.warn({ err: error, user }, 'could not publish the App Home tab'));
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
    return next;
  }

  listeners.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home' || typeof body.team_id !== 'string') return;
    await seen.mark(`${body.team_id}:${event.user}`);
    await enqueue(event.user, body.team_id);
  });

  const click = (actionId: string, run: (value: ActionValue, actor: Actor) => Promise<GateResult>) => {
    listeners.button(actionId, async ({ ack, body, action }) => {
      await ack();
      const team = body.team?.id ?? body.user.team_id;
      if (!team) return;
      const value = decodeButtonValue(action.value);
      let notice: string | undefined;
      if (!value) {
        notice = 'That button does not belong to a draftgate draft. Nothing was changed.';
      } else {
        try {
          const result = await run(value, await withRoles(deps.rolesOf, slackActor(body.user.id, team)));
          notice = result.ok ? result.message : result.told ? undefined : result.message;
        } catch (error) {
          logger.error({ err: error, draftId: value.draftId }, 'the Gate failed on an App Home button');
          notice = 'draftgate failed on this click. Nothing was changed; try again in a moment.';
        }
      }
      await seen.mark(`${team}:${body.user.id}`);
      await enqueue(body.user.id, team, notice);
    });
  };
  click(ACTION.homeOpen, (value, actor) => gate.reopen({ draftId: value.draftId, actor }));
  click(ACTION.homeDiscard, (value, actor) =>
    gate.discard({ draftId: value.draftId, version: value.version, actor }),
  );

  return {
    refresh(workspace, users) {
      for (const user of users) {
        void seen.has(`${workspace}:${user}`).then((opened) => {
          if (opened) void enqueue(user, workspace);
        });
      }
    },
    async settle() {
      while (chains.size > 0) await Promise.allSettled([...chains.values()]);
    },
  };
}
