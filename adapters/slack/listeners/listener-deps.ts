import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../../src/config/schema.js';
import type { SlackChat } from '../chat.js';
import type { SlackGate } from '../gate-port.js';
import type { RolesOf } from '../user-groups.js';

export interface ListenerDeps {
  gate: SlackGate;
  chat: SlackChat;
  web: webApi.WebClient;
  config: SlackConfig;
  logger: Logger;
  /** A person's user groups, when policy rules name roles (see user-groups.ts). */
  rolesOf: RolesOf;
  /** How long a modal submission may wait for the Gate before the modal is closed anyway (Slack allows 3 s). */
  ackBudgetMs: number;
}

export const DRAFTING_MESSAGE =
  ':lock: Drafting privately: check your DMs for the draft. Nothing is posted until you approve it.';
