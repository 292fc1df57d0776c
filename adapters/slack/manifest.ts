/**
 * The Slack app manifest, with least-privilege scopes: `commands`, `chat:write` (post only where the app was
 * invited; never `chat:write.public`), `im:write` (open the review DM), `app_mentions:read`, and `channels:read` /
 * `groups:read` (a channel's name, for policy name rules, when a mention or an intake draft does not carry it), and
 * `usergroups:read` only when policy rules name roles (user groups). The App Home tab is the reviewer's inbox
 * (`app_home_opened`, which needs no scope).
 */
import { SLACK_EVENTS_PATH } from './route-receiver.js';

export interface ManifestOptions {
  /** The public base URL of draftgate (HTTP mode), e.g. `https://draftgate.example.com`. */
  url?: string;
  socket: boolean;
  command: string;
  shortcutCallbackId: string;
  /** Subscribe to app mentions (slack.mentions). Default true. */
  mentions?: boolean;
  /** Policy rules name roles (Slack user groups): adds `usergroups:read`. Default false. */
  roles?: boolean;
  name?: string;
}

/** What policy `roles` need: the members of the workspace's user groups (usergroups.list with include_users). */
export const ROLE_SCOPE = 'usergroups:read';

export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'app_mentions:read',
  'channels:read',
  'groups:read',
] as const;

/** What a `#name` channel rule needs: conversations.info on public (channels:read) and private (groups:read) channels. */
export const CHANNEL_NAME_SCOPES = ['channels:read', 'groups:read'] as const;

export function slackManifest(options: ManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'draftgate';
  const mentions = options.mentions ?? true;
  const scopes: string[] = mentions ? [...BOT_SCOPES] : BOT_SCOPES.filter((s) => s !== 'app_mentions:read');
  if (options.roles) scopes.push(ROLE_SCOPE);
  const botEvents = [...(mentions ? ['app_mention'] : []), 'app_home_opened'];
  if (!options.socket && options.url === undefined) {
    throw new Error('an HTTP-mode manifest needs --url https://your-host (or use --socket for Socket Mode)');
  }
  const endpoint = options.socket ? undefined : eventsUrl(options.url ?? '');
  // Slash commands take `url`; event subscriptions and interactivity take `request_url`.
  const withUrl = <T extends object>(value: T): T & { url?: string } =>
    endpoint === undefined ? value : { ...value, url: endpoint };
  const withRequestUrl = <T extends object>(value: T): T & { request_url?: string } =>
    endpoint === undefined ? value : { ...value, request_url: endpoint };
  return {
    _metadata: { major_version: 2, minor_version: 1 },
    display_information: {
      name,
      description:
        'Agents draft. Humans publish. AI replies come to you privately and are posted only when you approve.',
      background_color: '#2c2d30',
    },
    features: {
      bot_user: { display_name: name, always_online: false },
      // The Home tab lists the drafts waiting for the person; the Messages tab is where review cards arrive.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: [
        withUrl({
          command: options.command,
          description: 'Draft an AI reply privately; it is posted only when you approve',
          usage_hint: '<question>',
          should_escape: false,
        }),
      ],
      shortcuts: [
        {
          name: 'Draft a reply with AI',
          type: 'message',
          callback_id: options.shortcutCallbackId,
          description: 'Drafts a reply to this message privately; nothing is posted until you approve',
        },
      ],
    },
    oauth_config: {
      scopes: { bot: scopes },
    },
    settings: {
      event_subscriptions: withRequestUrl({ bot_events: botEvents }),
      interactivity: withRequestUrl({ is_enabled: true }),
      org_deploy_enabled: false,
      socket_mode_enabled: options.socket,
      token_rotation_enabled: false,
    },
  };
}

function eventsUrl(base: string): string {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new Error(
      `--url must be an absolute https URL such as https://draftgate.example.com (got "${base}")`,
    );
  }
  if (parsed.protocol !== 'https:') throw new Error('--url must use https: Slack only calls https endpoints');
  const path = parsed.pathname.replace(/\/+$/, '');
  const full = path.endsWith(SLACK_EVENTS_PATH) ? path : `${path}${SLACK_EVENTS_PATH}`;
  return `${parsed.origin}${full}`;
}
