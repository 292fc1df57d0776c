/**
 * The review card's buttons. Every click is acked at once; the Gate decides (policy, version, state) and a
 * refusal is shown only to the clicker. Edit and Regenerate open their modals right after the ack, while the
 * trigger_id is still valid (3 s).
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { GateResult } from '../../../src/core/gate-types.js';
import { ACTION, type ActionValue, decodeButtonValue } from '../action-ids.js';
import { quietly, responder, type Tell, tellVia } from '../private-reply.js';
import { editModal, infoModal, regenerateModal } from '../render-modals.js';
import { describeError } from '../slack-errors.js';
import { slackActor, withRoles } from './actor.js';
import type { SlackListeners } from './dispatch.js';
import type { ListenerDeps } from './listener-deps.js';

type Click = BlockAction<ButtonAction>;

export function registerReviewListeners(listeners: SlackListeners, deps: ListenerDeps): void {
  const { gate, logger } = deps;

  const decide = (
    actionId: string,
    run: (value: ActionValue, actor: ReturnType<typeof slackActor>) => Promise<GateResult>,
    /** Also tell the clicker the outcome when it worked (no card changes to show it). */
    announce = false,
  ) => {
    listeners.button(actionId, async ({ ack, body, action }) => {
      await ack();
      const tell = clickerTell(deps, body);
      const value = decodeButtonValue(action.value);
      const actor = clickActor(body);
      if (!value || !actor) {
        await tell('This button does not belong to a draftgate card. Nothing was changed.');
        return;
      }
      let result: GateResult;
      try {
        result = await run(value, await withRoles(deps.rolesOf, actor));
      } catch (error) {
        logger.error({ err: error, draftId: value.draftId }, 'the Gate failed on a Slack button');
        await tell('draftgate failed on this click. Nothing was changed; try again in a moment.');
        return;
      }
      if (!result.ok) await tell(result.message);
      else if (announce && result.message) await tell(result.message);
    });
  };

  decide(ACTION.approve, (value, actor) =>
    gate.approve({ draftId: value.draftId, version: value.version, actor, confirmed: value.confirmed }),
  );
  decide(ACTION.discard, (value, actor) =>
    gate.discard({ draftId: value.draftId, version: value.version, actor }),
  );
  decide(ACTION.retract, (value, actor) => gate.retract({ draftId: value.draftId, actor }));
  decide(
    ACTION.extend,
    (value, actor) => gate.extend({ draftId: value.draftId, version: value.version, actor }),
    true,
  );

  listeners.button(ACTION.edit, async ({ ack, body, action, client }) => {
    await ack();
    const tell = clickerTell(deps, body);
    const value = decodeButtonValue(action.value);
    if (!value) {
      await tell('This button does not belong to a draftgate card.');
      return;
    }
    const editor = await gate.editorFor(value.draftId, value.version, body.user.id);
    if (!editor.ok) {
      await tell(editor.message);
      return;
    }
    const { draft, text: displayText } = editor;
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: editModal(draft.id, draft.version, displayText),
      });
    } catch (error) {
      logger.warn({ err: error, draftId: draft.id }, 'could not open the edit modal');
      await tell(`Slack did not open the editor (${describeError(error)}). Click Edit again.`);
    }
  });

  listeners.button(ACTION.regenerate, async ({ ack, body, action, client }) => {
    await ack();
    const tell = clickerTell(deps, body);
    const value = decodeButtonValue(action.value);
    const view = value
      ? regenerateModal(value.draftId, value.version)
      : infoModal('Unknown draft', 'This button does not belong to a draftgate card.');
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      logger.warn({ err: error }, 'could not open the regenerate modal');
      await tell(`Slack did not open the window (${describeError(error)}). Click Regenerate again.`);
    }
  });
}

function clickActor(body: Click): ReturnType<typeof slackActor> | undefined {
  const teamId = body.team?.id ?? body.user.team_id;
  return teamId ? slackActor(body.user.id, teamId, body.user.name) : undefined;
}

function clickerTell(deps: ListenerDeps, body: Click): Tell {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const where = typeof channel === 'string' ? { channel, user: body.user.id } : undefined;
  return quietly(tellVia(responder(deps.post, body.response_url), deps.web, where), deps.logger);
}
