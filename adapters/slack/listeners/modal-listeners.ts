/**
 * Modal submissions. Edit: the Gate's edit runs before the ack when it is quick, so that a stale or refused
 * edit shows as an error on the input; if the Gate takes longer than the ack budget the modal closes and the
 * outcome comes by DM. Regenerate: the version is checked before the ack, then the agent runs after it.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { GateResult } from '../../../src/core/gate-types.js';
import { BLOCK, INPUT, VIEW } from '../action-ids.js';
import { decodeButtonValue } from '../action-value.js';
import { slackActor } from './actor.js';
import type { ListenerDeps } from './listener-deps.js';

const TIMED_OUT = Symbol('timed out');

export function registerModalListeners(app: App, deps: ListenerDeps): void {
  const { gate, logger } = deps;

  app.view<ViewSubmitAction>(
    { callback_id: VIEW.edit, type: 'view_submission' },
    async ({ ack, body, view }) => {
      const meta = decodeButtonValue(view.private_metadata);
      const text = view.state.values[BLOCK.editText]?.[INPUT.editText]?.value ?? '';
      const teamId = body.team?.id ?? body.user.team_id;
      const refuse = (message: string) =>
        ack({ response_action: 'errors', errors: { [BLOCK.editText]: message.slice(0, 2000) } });
      if (!meta || !teamId) {
        await refuse('This editor does not belong to a draftgate draft. Close it.');
        return;
      }
      if (text.trim() === '') {
        await refuse('The reply cannot be empty. Use Discard on the card to drop the draft.');
        return;
      }
      const pending = gate.edit({
        draftId: meta.draftId,
        version: meta.version,
        actor: slackActor(body.user.id, teamId, body.user.name),
        text,
      });
      const early = await within(pending, deps.ackBudgetMs).catch((error: unknown) => {
        logger.error({ err: error, draftId: meta.draftId }, 'the Gate failed on an edit');
        return {
          ok: false,
          code: 'unavailable',
          message: 'draftgate failed to save the edit. Try again.',
        } as const;
      });
      if (early !== TIMED_OUT) {
        if (early.ok) await ack();
        else await refuse(early.message);
        return;
      }
      await ack();
      const late = await pending.catch((error: unknown): GateResult => {
        logger.error({ err: error, draftId: meta.draftId }, 'the Gate failed on an edit');
        return { ok: false, code: 'unavailable', message: 'draftgate failed to save the edit. Try again.' };
      });
      if (!late.ok) await dm(deps, body.user.id, teamId, `Your edit was not saved: ${late.message}`);
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: VIEW.regenerate, type: 'view_submission' },
    async ({ ack, body, view }) => {
      const meta = decodeButtonValue(view.private_metadata);
      const feedback = view.state.values[BLOCK.feedback]?.[INPUT.feedback]?.value ?? '';
      const teamId = body.team?.id ?? body.user.team_id;
      const refuse = (message: string) =>
        ack({ response_action: 'errors', errors: { [BLOCK.feedback]: message.slice(0, 2000) } });
      if (!meta || !teamId) {
        await refuse('This window does not belong to a draftgate draft. Close it.');
        return;
      }
      if (feedback.trim() === '') {
        await refuse('Say what to change, e.g. "shorter" or "that table holds PII".');
        return;
      }
      const draft = await gate.get(meta.draftId);
      if (!draft) {
        await refuse('This draft no longer exists.');
        return;
      }
      if (draft.version !== meta.version) {
        await refuse(
          `This window was opened on version ${meta.version}, but the draft is at version ${draft.version}. Close it and use the latest card.`,
        );
        return;
      }
      await ack();
      const result = await gate
        .regenerate({
          draftId: meta.draftId,
          version: meta.version,
          actor: slackActor(body.user.id, teamId, body.user.name),
          feedback,
        })
        .catch((error: unknown): GateResult => {
          logger.error({ err: error, draftId: meta.draftId }, 'the Gate failed on a regenerate');
          return { ok: false, code: 'unavailable', message: 'draftgate failed to regenerate. Try again.' };
        });
      if (!result.ok) await dm(deps, body.user.id, teamId, `Regenerate failed: ${result.message}`);
    },
  );
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function dm(deps: ListenerDeps, user: string, teamId: string, text: string): Promise<void> {
  try {
    await deps.chat.notify(user, teamId, text);
  } catch (error) {
    deps.logger.warn({ err: error, user }, 'could not tell a Slack user the outcome of their modal');
  }
}
