/**
 * Requests: the slash command, the message shortcut and an app mention. Each is acknowledged at once with a
 * private "drafting" note; the Gate (and so the agent) runs after the ack.
 */
import type { Target } from '../../../src/core/draft.js';
import type { GateResult, RequestInput } from '../../../src/core/gate-types.js';
import { quietly, responder, type Tell, tellVia } from '../private-reply.js';
import { describeError } from '../slack-errors.js';
import { slackActor, withRoles } from './actor.js';
import type { SlackListeners } from './dispatch.js';
import { DRAFTING_MESSAGE, type ListenerDeps } from './listener-deps.js';

export function registerRequestListeners(listeners: SlackListeners, deps: ListenerDeps): void {
  const { config } = deps;

  listeners.command(config.command, async ({ command, ack }) => {
    const question = command.text.trim();
    await ack({ response_type: 'ephemeral', text: DRAFTING_MESSAGE });
    const target: Target = {
      platform: 'slack',
      workspace: command.team_id,
      channel: command.channel_id,
      ...(command.channel_name ? { channelName: command.channel_name } : {}),
    };
    await request(deps, respondTell(deps, command.response_url), {
      target,
      requester: slackActor(command.user_id, command.team_id, command.user_name),
      question,
      source: 'slash',
      idempotencyKey: `trigger:${command.trigger_id}`,
    });
  });

  listeners.messageShortcut(config.shortcut_callback_id, async ({ shortcut, ack }) => {
    await ack();
    const tell = respondTell(deps, shortcut.response_url);
    await quietly(tell, deps.logger)(DRAFTING_MESSAGE);
    const { message, channel } = shortcut;
    const question = (message.text ?? '').trim();
    const teamId = shortcut.team?.id ?? shortcut.user.team_id;
    if (!teamId) {
      await quietly(
        tell,
        deps.logger,
      )('Slack did not say which workspace this came from. Nothing was drafted.');
      return;
    }
    const thread = message.thread_ts ?? message.ts;
    const permalink = await permalinkOf(deps, channel.id, message.ts);
    await request(deps, tell, {
      target: {
        platform: 'slack',
        workspace: teamId,
        channel: channel.id,
        ...(channel.name ? { channelName: channel.name } : {}),
        thread,
        message: message.ts,
        ...(permalink ? { permalink } : {}),
      },
      requester: slackActor(shortcut.user.id, teamId, shortcut.user.name),
      question,
      ...(message.user
        ? { context: `The message being answered was posted by Slack user ${message.user}.` }
        : {}),
      source: 'shortcut',
      idempotencyKey: `trigger:${shortcut.trigger_id}`,
    });
  });

  if (config.mentions) {
    listeners.event('app_mention', async ({ event, body, context }) => {
      // Who may ask is the Policy's call (bots may not: a `denied` event); the adapter only says who this is.
      const bot = event.bot_id !== undefined || event.user === undefined;
      const author = event.user ?? event.bot_id ?? '';
      const teamId = typeof body.team_id === 'string' ? body.team_id : event.team;
      const thread = event.thread_ts ?? event.ts;
      const tell = tellVia(undefined, deps.web, { channel: event.channel, user: author, thread });
      const botMention = context.botUserId
        ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g')
        : undefined;
      const question = (botMention ? event.text.replace(botMention, '') : event.text).trim();
      if (!teamId) return;
      // A bot cannot read an ephemeral note: it gets none (the Gate still records its refused request).
      if (!bot) await quietly(tell, deps.logger)(DRAFTING_MESSAGE);
      const permalink = await permalinkOf(deps, event.channel, thread);
      await request(deps, tell, {
        target: {
          platform: 'slack',
          workspace: teamId,
          channel: event.channel,
          thread,
          message: event.ts,
          ...(permalink ? { permalink } : {}),
        },
        requester: { ...slackActor(author, teamId), ...(bot ? { bot: true } : {}) },
        question,
        source: 'mention',
        idempotencyKey: `event:${typeof body.event_id === 'string' ? body.event_id : `${event.channel}:${event.ts}`}`,
      });
    });
  }
}

function respondTell(deps: ListenerDeps, responseUrl: string | undefined): Tell {
  return tellVia(responder(deps.post, responseUrl), deps.web, undefined);
}

/** Runs the request through the Gate and tells the requester privately about a refusal the Gate did not explain. */
async function request(
  deps: ListenerDeps,
  tell: Tell,
  input: Omit<RequestInput, 'fallback'>,
): Promise<GateResult | undefined> {
  const fallback = { tell };
  let result: GateResult;
  try {
    const requester = await withRoles(deps.rolesOf, input.requester);
    result = await deps.gate.request({ ...input, requester, fallback });
  } catch (error) {
    deps.logger.error({ err: error }, 'the Gate failed on a Slack request');
    await quietly(
      tell,
      deps.logger,
    )('draftgate failed on this request. Nothing was posted. Try again in a moment.');
    return undefined;
  }
  if (!result.ok && result.code !== 'duplicate' && !result.told && !input.requester.bot) {
    await quietly(tell, deps.logger)(result.message);
  }
  return result;
}

async function permalinkOf(deps: ListenerDeps, channel: string, ts: string): Promise<string | undefined> {
  try {
    const result = await deps.web.chat.getPermalink({ channel, message_ts: ts });
    return result.permalink;
  } catch (error) {
    deps.logger.debug({ err: error }, `no permalink for the requested message (${describeError(error)})`);
    return undefined;
  }
}
