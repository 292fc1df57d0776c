/**
 * Modal submissions. The Gate's edit or regenerate runs before the ack when it is quick, so that a stale, empty or
 * refused submission shows as an error on the input (the Gate decides and audits it); if the Gate takes longer
 * than the ack budget (the agent is writing) the modal closes and a failure the Gate did not tell comes by DM.
 */
import type { Actor } from '../../../src/core/draft.js';
import type { GateResult } from '../../../src/core/gate-types.js';
import { type ActionValue, BLOCK, decodeButtonValue, INPUT, VIEW } from '../action-ids.js';
import { slackActor, withRoles } from './actor.js';
import type { SlackListeners } from './dispatch.js';
import type { ListenerDeps } from './listener-deps.js';

const TIMED_OUT = Symbol('timed out');

export function registerModalListeners(listeners: SlackListeners, deps: ListenerDeps): void {
  const { gate } = deps;
  onSubmit(listeners, deps, {
    callbackId: VIEW.edit,
    field: { block: BLOCK.editText, input: INPUT.editText },
    what: 'edit',
    notOurs: 'This editor does not belong to a draftgate draft. Close it.',
    run: (meta, actor, text) => gate.edit({ draftId: meta.draftId, version: meta.version, actor, text }),
  });
  onSubmit(listeners, deps, {
    callbackId: VIEW.regenerate,
    field: { block: BLOCK.feedback, input: INPUT.feedback },
    what: 'regenerate',
    notOurs: 'This window does not belong to a draftgate draft. Close it.',
    run: (meta, actor, feedback) =>
      gate.regenerate({ draftId: meta.draftId, version: meta.version, actor, feedback }),
  });
}

/** A modal with one text input: its value goes to the Gate, and a refusal shows as an error on that input. */
function onSubmit(
  listeners: SlackListeners,
  deps: ListenerDeps,
  modal: {
    callbackId: string;
    field: { block: string; input: string };
    what: 'edit' | 'regenerate';
    /** The error shown when the modal's metadata is not a draftgate draft's. */
    notOurs: string;
    run: (meta: ActionValue, actor: Actor, value: string) => Promise<GateResult>;
  },
): void {
  const { block, input } = modal.field;
  listeners.submission(modal.callbackId, async ({ ack, body, view }) => {
    const meta = decodeButtonValue(view.private_metadata);
    const value = view.state.values[block]?.[input]?.value ?? '';
    const teamId = body.team?.id ?? body.user.team_id;
    const refuse = (message: string) =>
      ack({ response_action: 'errors', errors: { [block]: message.slice(0, 2000) } });
    if (!meta || !teamId) {
      await refuse(modal.notOurs);
      return;
    }
    const actor = slackActor(body.user.id, teamId, body.user.name);
    const pending = withRoles(deps.rolesOf, actor).then((withGroups) => modal.run(meta, withGroups, value));
    await answerWithinAck(deps, { ack, refuse, pending, user: body.user.id, teamId, what: modal.what });
  });
}

/**
 * Shows the Gate's answer on the modal when it comes within the ack budget (a refusal as an input error), else
 * closes the modal and DMs a later failure that the Gate has not told the person about.
 */
async function answerWithinAck(
  deps: ListenerDeps,
  call: {
    ack: () => Promise<void>;
    refuse: (message: string) => Promise<void>;
    pending: Promise<GateResult>;
    user: string;
    teamId: string;
    what: 'edit' | 'regenerate';
  },
): Promise<void> {
  const failed = (error: unknown): GateResult => {
    deps.logger.error({ err: error }, `the Gate failed on a ${call.what}`);
    return { ok: false, code: 'unavailable', message: `draftgate failed to ${call.what}. Try again.` };
  };
  const early = await within(call.pending, deps.ackBudgetMs).catch(failed);
  if (early !== TIMED_OUT) {
    if (early.ok) await call.ack();
    else await call.refuse(early.message);
    return;
  }
  await call.ack();
  const late = await call.pending.catch(failed);
  if (!late.ok && !late.told) {
    const prefix = call.what === 'edit' ? 'Your edit was not saved' : 'Regenerate failed';
    await dm(deps, call.user, call.teamId, `${prefix}: ${late.message}`);
  }
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
