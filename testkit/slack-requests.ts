/**
 * Signed Slack deliveries in Slack's documented formats: slash commands (form fields), interactivity
 * (`payload=<json>` form body: message_action, block_actions, view_submission) and Events API callbacks (JSON).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FAKE_BOT_USER, FAKE_TEAM } from './slack-ids.js';

/** The fake Slack Web API, as far as deliveries need it: the response_url it serves for a response id. */
interface FakeSlackApi {
  responseUrl(responseId: string): string;
}

export interface Delivery {
  contentType: string;
  body: string;
}

export interface SendOptions {
  /** Seconds since epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature. */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackReply {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class SlackSender {
  constructor(
    private readonly endpoint: string,
    private readonly secret: string,
    /** The clock the app runs on (signatures are checked against it). */
    private readonly now: () => number = Date.now,
  ) {}

  async send(delivery: Delivery, options: SendOptions = {}): Promise<SlackReply> {
    const timestamp = options.timestamp ?? Math.floor(this.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': delivery.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(this.secret, timestamp, delivery.body),
    };
    if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers,
      body: delivery.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }
}

const id = (prefix: string) => `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`;
const triggerId = () => `${Date.now()}.${randomBytes(6).toString('hex')}`;

/** Where Slack would send `respond()` posts: an explicit URL, or the tests' fake with a fresh response id. */
function responseUrl(input: { fake?: FakeSlackApi; responseUrl?: string }, responseId: string): string {
  if (input.responseUrl) return input.responseUrl;
  if (!input.fake) throw new Error('give either fake or responseUrl');
  return input.fake.responseUrl(responseId);
}

function interactive(payload: Record<string, unknown>): Delivery {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  };
}

/** Either `fake` (the response URL points at it) or an explicit `responseUrl`; `team` defaults to the fake's. */
interface Addressed {
  fake?: FakeSlackApi;
  responseUrl?: string;
  team?: string;
}

export interface SlashCommandInput extends Addressed {
  command?: string;
  text: string;
  user: string;
  channel: string;
  channelName?: string;
  responseId?: string;
}

export function slashCommand(input: SlashCommandInput): Delivery & { responseId: string } {
  const responseId = input.responseId ?? id('slash');
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: input.team ?? FAKE_TEAM,
    team_domain: 'fake',
    channel_id: input.channel,
    channel_name: input.channelName ?? 'general',
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    command: input.command ?? '/draftgate',
    text: input.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: responseUrl(input, responseId),
    trigger_id: triggerId(),
  });
  return { contentType: 'application/x-www-form-urlencoded', body: form.toString(), responseId };
}

export interface MessageShortcutInput extends Addressed {
  channelName?: string;
  callbackId?: string;
  user: string;
  channel: string;
  message: { ts: string; text: string; user?: string; thread_ts?: string };
  responseId?: string;
}

export function messageShortcut(input: MessageShortcutInput): Delivery & { responseId: string } {
  const responseId = input.responseId ?? id('shortcut');
  return {
    ...interactive({
      type: 'message_action',
      token: 'legacy-verification-token',
      action_ts: `${Date.now() / 1000}`,
      team: { id: FAKE_TEAM, domain: 'fake' },
      user: { id: input.user, name: input.user.toLowerCase(), team_id: FAKE_TEAM },
      channel: { id: input.channel, name: input.channelName ?? 'general' },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: input.callbackId ?? 'draftgate_draft_reply',
      trigger_id: triggerId(),
      response_url: responseUrl(input, responseId),
      message_ts: input.message.ts,
      message: { type: 'message', user: input.message.user ?? 'U0AUTHOR', ...input.message },
    }),
    responseId,
  };
}

export interface BlockActionInput extends Addressed {
  actionId: string;
  value: string;
  user: string;
  /** The card's DM channel and ts. */
  channel: string;
  messageTs: string;
  responseId?: string;
}

export function blockAction(input: BlockActionInput): Delivery & { responseId: string } {
  const responseId = input.responseId ?? id('click');
  return {
    ...interactive({
      type: 'block_actions',
      user: {
        id: input.user,
        username: input.user.toLowerCase(),
        name: input.user.toLowerCase(),
        team_id: input.team ?? FAKE_TEAM,
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
      team: { id: input.team ?? FAKE_TEAM, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: input.channel, name: 'directmessage' },
      message: { type: 'message', ts: input.messageTs, text: 'draftgate card', bot_id: 'B0BOT' },
      state: { values: {} },
      response_url: responseUrl(input, responseId),
      actions: [
        {
          action_id: input.actionId,
          block_id: 'draftgate:actions',
          text: { type: 'plain_text', text: 'Button', emoji: true },
          value: input.value,
          type: 'button',
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    }),
    responseId,
  };
}

export interface ViewSubmissionInput {
  team?: string;
  callbackId: string;
  privateMetadata: string;
  user: string;
  /** block_id → action_id → value of a plain_text_input. */
  values: Record<string, Record<string, string>>;
}

export function viewSubmission(input: ViewSubmissionInput): Delivery {
  const values: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const [blockId, actions] of Object.entries(input.values)) {
    values[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      (values[blockId] as Record<string, { type: string; value: string }>)[actionId] = {
        type: 'plain_text_input',
        value,
      };
    }
  }
  const team = input.team ?? FAKE_TEAM;
  return interactive({
    type: 'view_submission',
    team: { id: team, domain: 'fake' },
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: team,
    },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    view: {
      id: id('V'),
      team_id: team,
      type: 'modal',
      blocks: [],
      private_metadata: input.privateMetadata,
      callback_id: input.callbackId,
      state: { values },
      hash: '1700000000.abcdef',
      title: { type: 'plain_text', text: 'draftgate' },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id('V'),
      app_id: 'A0APP',
      external_id: '',
      app_installed_team_id: team,
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface AppMentionInput {
  user: string;
  channel: string;
  text: string;
  ts: string;
  threadTs?: string;
  eventId?: string;
}

export function appMention(input: AppMentionInput): Delivery & { eventId: string } {
  const eventId = input.eventId ?? id('Ev');
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: FAKE_TEAM,
      api_app_id: 'A0APP',
      event: {
        type: 'app_mention',
        user: input.user,
        text: input.text,
        ts: input.ts,
        channel: input.channel,
        event_ts: input.ts,
        team: FAKE_TEAM,
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
      },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: FAKE_TEAM,
          user_id: FAKE_BOT_USER,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${eventId}`,
    }),
    eventId,
  };
}

/** `app_home_opened` for the Home tab, as the Events API delivers it when a person opens the app's Home. */
export function appHomeOpened(input: { user: string; team?: string }): Delivery {
  const team = input.team ?? FAKE_TEAM;
  const eventId = id('Ev');
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: team,
      api_app_id: 'A0APP',
      event: {
        type: 'app_home_opened',
        user: input.user,
        channel: `D${input.user}`,
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: team,
          user_id: FAKE_BOT_USER,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    }),
  };
}

/** A button click on the app's Home tab (a `view` container: no channel, no response_url). */
export function homeAction(input: {
  actionId: string;
  value: string;
  user: string;
  team?: string;
}): Delivery {
  const team = input.team ?? FAKE_TEAM;
  return interactive({
    type: 'block_actions',
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: team,
    },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: id('V') },
    trigger_id: triggerId(),
    team: { id: team, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: id('V'), team_id: team, type: 'home', blocks: [], callback_id: 'draftgate:home' },
    actions: [
      {
        action_id: input.actionId,
        block_id: 'draftgate:home',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
}
