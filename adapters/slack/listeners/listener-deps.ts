import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../../src/config/schema.js';
import type { SlackChat } from '../chat.js';
import type { SlackGate } from '../gate-port.js';
import type { RolesOf } from '../user-groups.js';
import type { WebApiPost } from '../web-api-post.js';

export interface ListenerDeps {
  gate: SlackGate;
  chat: SlackChat;
  web: webApi.WebClient;
  /** Direct posts: the flow's Web API calls and `response_url` replies (web-api-post.ts). */
  post: WebApiPost;
  config: SlackConfig;
  logger: Logger;
  /** A person's user groups, when policy rules name roles (see user-groups.ts). */
  rolesOf: RolesOf;
  /** How long a modal submission may wait for the Gate before the modal is closed anyway (Slack allows 3 s). */
  ackBudgetMs: number;
}

export const DRAFTING_MESSAGE =
  ':lock: Drafting privately: check your DMs for the draft. Nothing is posted until you approve it.';
