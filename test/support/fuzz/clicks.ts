/**
 * Review-card clicks and modal submissions for the authorization test, on Slack and Discord, by any user, from any
 * workspace or guild, for any draft and version: the decisions a card offers (Approve, Approve after the confirm
 * dialog, Edit and its submission, Regenerate and its submission, Discard, Retract).
 */
import { ACTION, BLOCK, encodeButtonValue, INPUT, VIEW } from '../../../adapters/slack/action-ids.js';
import { blockAction, type Delivery, viewSubmission } from '../../../testkit/slack-requests.js';
import { buttonClick, type CardMessageRef, member, modalSubmit, type TestUser } from '../discord-payloads.js';
import type { FakeSlackApi } from '../fake-slack-api.js';

export const CLICK_ACTIONS = [
  'approve',
  'approve_confirmed',
  'edit',
  'edit_submit',
  'regenerate',
  'regenerate_submit',
  'discard',
  'retract',
] as const;
export type ClickAction = (typeof CLICK_ACTIONS)[number];

export interface SlackClickInput {
  fake: FakeSlackApi;
  action: ClickAction;
  draftId: string;
  version: number;
  user: string;
  team: string;
  /** The card the click comes from (its DM channel and ts). */
  card: { channel: string; ts: string };
}

const SLACK_BUTTON: Record<Exclude<ClickAction, 'edit_submit' | 'regenerate_submit'>, string> = {
  approve: ACTION.approve,
  approve_confirmed: ACTION.approve,
  edit: ACTION.edit,
  regenerate: ACTION.regenerate,
  discard: ACTION.discard,
  retract: ACTION.retract,
};

export function slackClick(input: SlackClickInput): Delivery {
  const { action, draftId, version, user } = input;
  let delivery: Delivery;
  if (action === 'edit_submit') {
    delivery = viewSubmission({
      callbackId: VIEW.edit,
      privateMetadata: `${draftId}:${version}`,
      user,
      values: { [BLOCK.editText]: { [INPUT.editText]: `Rewritten by ${user}: post this instead.` } },
    });
  } else if (action === 'regenerate_submit') {
    delivery = viewSubmission({
      callbackId: VIEW.regenerate,
      privateMetadata: `${draftId}:${version}`,
      user,
      values: { [BLOCK.feedback]: { [INPUT.feedback]: `make it say what ${user} wants` } },
    });
  } else {
    delivery = blockAction({
      fake: input.fake,
      actionId: SLACK_BUTTON[action],
      value: encodeButtonValue(draftId, version, action === 'approve_confirmed'),
      user,
      channel: input.card.channel,
      messageTs: input.card.ts,
    });
  }
  return withSlackTeam(delivery, input.team);
}

/** The same interactive payload, sent from workspace `team` (the user's team and the payload's team). */
function withSlackTeam(delivery: Delivery, team: string): Delivery {
  const form = new URLSearchParams(delivery.body);
  const payload = JSON.parse(form.get('payload') ?? '{}') as {
    team?: { id: string };
    user?: { team_id?: string };
    view?: { team_id?: string };
  };
  if (payload.team) payload.team.id = team;
  if (payload.user) payload.user.team_id = team;
  if (payload.view) payload.view.team_id = team;
  return { ...delivery, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

const DISCORD_BUTTON: Record<Exclude<ClickAction, 'edit_submit' | 'regenerate_submit'>, string> = {
  approve: 'approve',
  approve_confirmed: 'confirm',
  edit: 'edit',
  regenerate: 'regenerate',
  discard: 'discard',
  retract: 'retract',
};

export interface DiscordClickInput {
  action: ClickAction;
  draftId: string;
  version: number;
  user: TestUser;
  /** Set for a click from a guild (another server): the interaction then carries guild_id and member. */
  guild?: string;
  card: CardMessageRef;
}

/** An interaction payload; DM clicks carry `user`, guild clicks carry `guild_id` and `member` instead. */
export function discordClick(input: DiscordClickInput): Record<string, unknown> & { token: string } {
  const { action, draftId, version, user } = input;
  let payload: Record<string, unknown> & { token: string };
  if (action === 'edit_submit') {
    payload = modalSubmit(user, input.card.channel_id, `draftgate:edit-modal:${draftId}:${version}`, {
      text: `Rewritten by ${user.username}: post this instead.`,
    });
  } else if (action === 'regenerate_submit') {
    payload = modalSubmit(user, input.card.channel_id, `draftgate:regenerate-modal:${draftId}:${version}`, {
      feedback: `make it say what ${user.username} wants`,
    });
  } else {
    payload = buttonClick(user, input.card, `draftgate:${DISCORD_BUTTON[action]}:${draftId}:${version}`);
  }
  if (input.guild === undefined) return payload;
  const { user: _dmUser, ...rest } = payload;
  const channel = '710000000000000777';
  return {
    ...rest,
    guild_id: input.guild,
    channel: { id: channel, type: 0, guild_id: input.guild, name: 'elsewhere', position: 0, flags: 0 },
    channel_id: channel,
    member: member(user),
  };
}
