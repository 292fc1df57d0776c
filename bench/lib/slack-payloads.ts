/**
 * Slack deliveries in Slack's documented formats (the same shapes as test/support/slack-requests.ts, which needs
 * the tests' fake): slash commands (form fields), block_actions clicks and view submissions (`payload=<json>`).
 * Each request is signed at send time (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`).
 */
import { randomBytes } from 'node:crypto';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import { sign } from '../../test/support/slack-requests.js';
import { BENCH_TEAM } from './bench-slack-api.js';

export interface Delivery {
  contentType: string;
  body: string;
}

export function signedHeaders(
  secret: string,
  delivery: Delivery,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'content-type': delivery.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(secret, timestamp, delivery.body),
  };
}

const triggerId = () => `${Date.now()}.${randomBytes(6).toString('hex')}`;

function interactive(payload: Record<string, unknown>): Delivery {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  };
}

export function slashCommand(input: {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
}): Delivery {
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: BENCH_TEAM,
    team_domain: 'bench',
    channel_id: input.channel,
    channel_name: 'eng-help',
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    command: '/draftgate',
    text: input.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: triggerId(),
  });
  return { contentType: 'application/x-www-form-urlencoded', body: form.toString() };
}

export function blockAction(input: {
  actionId: string;
  value: string;
  user: string;
  /** The card's DM channel and ts. */
  channel: string;
  messageTs: string;
  responseUrl: string;
}): Delivery {
  return interactive({
    type: 'block_actions',
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: BENCH_TEAM,
    },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channel,
      is_ephemeral: false,
    },
    trigger_id: triggerId(),
    team: { id: BENCH_TEAM, domain: 'bench' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel, name: 'directmessage' },
    message: { type: 'message', ts: input.messageTs, text: 'draftgate card', bot_id: 'B0BOT' },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: 'draftgate:actions',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
}

/** The Edit modal's submission: private_metadata `draftId:version` and the edited text. */
export function editSubmission(input: { user: string; privateMetadata: string; text: string }): Delivery {
  return interactive({
    type: 'view_submission',
    team: { id: BENCH_TEAM, domain: 'bench' },
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: BENCH_TEAM,
    },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    view: {
      id: 'V0EDIT',
      team_id: BENCH_TEAM,
      type: 'modal',
      blocks: [],
      private_metadata: input.privateMetadata,
      callback_id: VIEW.edit,
      state: {
        values: { [BLOCK.editText]: { [INPUT.editText]: { type: 'plain_text_input', value: input.text } } },
      },
      hash: '1700000000.abcdef',
      title: { type: 'plain_text', text: 'draftgate' },
      app_id: 'A0APP',
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** The approve button's value on a rendered review card (the `blocks` form field of chat.postMessage). */
export function approveValue(blocksJson: string | null): string | undefined {
  if (!blocksJson) return undefined;
  const blocks = JSON.parse(blocksJson) as {
    type?: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id === ACTION.approve) return element.value;
    }
  }
  return undefined;
}
