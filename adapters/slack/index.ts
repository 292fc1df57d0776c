/**
 * The Slack adapter: Bolt over HTTP (a route on draftgate's one server) or Socket Mode (when app_token is set).
 * It translates Slack payloads into Gate calls and renders the Gate's cards; it holds no business rules.
 * Wiring: `gate.attach(adapter.chat)` so that the Gate can deliver and update cards through it.
 */
import { App, type Authorize, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../src/config/schema.js';
import type { Clock } from '../../src/core/ports.js';
import { systemClock } from '../../src/core/ports.js';
import type { TtlCache } from '../../src/core/ttl-cache.js';
import type { PlatformAdapter } from '../../src/server/platform-adapter.js';
import type { Route } from '../../src/server/route.js';
import { boltLogger } from './bolt-logger.js';
import { createSlackChat, type SlackChat } from './chat.js';
import { checkSlackToken, warnMissingScopes } from './check-token.js';
import type { SlackGate } from './gate-port.js';
import { createDispatch } from './listeners/dispatch.js';
import { registerHomeListeners } from './listeners/home-listeners.js';
import type { ListenerDeps } from './listeners/listener-deps.js';
import { registerModalListeners } from './listeners/modal-listeners.js';
import { registerRequestListeners } from './listeners/request-listeners.js';
import { registerReviewListeners } from './listeners/review-listeners.js';
import { defaultRetryAfterPolicy, type RetryAfterPolicy } from './retry-after.js';
import { RouteReceiver } from './route-receiver.js';
import { followSocketState } from './socket-state.js';
import { userGroups } from './user-groups.js';
import { createWebApiPost } from './web-api-post.js';
import { createWebClient, normalizeApiUrl, webClientOptions } from './web-client.js';

export interface SlackAdapterOptions {
  /** Per-call Web API timeout (ms); a publish that times out becomes publish_unknown. Default 10 s. */
  apiTimeoutMs?: number;
  /** How card updates and other repeatable calls wait on 429 Retry-After. */
  retryAfter?: RetryAfterPolicy;
  /** How long a modal submission waits for the Gate before closing (Slack allows 3 s). Default 2.5 s. */
  ackBudgetMs?: number;
  /** How long Bolt waits for an ack before answering 404. Default 3001 ms. */
  unhandledRequestTimeoutMs?: number;
  /** Socket Mode: pong timeout, also the base of the reconnect back-off (the SDK's default is 5 s). */
  socketPingTimeoutMs?: number;
  /** How long a workspace's user groups are reused (policy roles). Default 5 minutes. */
  userGroupsTtlMs?: number;
}

export interface SlackAdapterDeps {
  config: SlackConfig;
  gate: SlackGate;
  logger: Logger;
  clock?: Clock;
  options?: SlackAdapterOptions;
  /** Shared cache for answers Slack gives the same way every time (DM channel ids). */
  cache?: TtlCache;
  /** Config keys with `#name` channel rules: start-up warns when the token lacks the scopes to read names. */
  channelNameRules?: readonly string[];
}

export interface SlackAdapter extends PlatformAdapter {
  readonly chat: SlackChat;
  readonly mode: 'http' | 'socket';
  /** Resolves when every HTTP delivery accepted so far has been fully processed (HTTP mode). */
  idle(): Promise<void>;
}

export function createSlackAdapter(deps: SlackAdapterDeps): SlackAdapter {
  const { config, gate } = deps;
  const logger = deps.logger.child({ adapter: 'slack' });
  const clock = deps.clock ?? systemClock;
  const options = deps.options ?? {};
  const token = config.bot_token;
  if (!token) throw new Error('Slack needs a bot token: set SLACK_BOT_TOKEN (xoxb-…) or slack.bot_token');
  const socket = config.app_token !== undefined;
  if (!socket && !config.signing_secret) {
    throw new Error(
      'Slack HTTP mode needs the signing secret: set SLACK_SIGNING_SECRET (Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  const timeoutMs = options.apiTimeoutMs ?? 10_000;
  const clientSettings = {
    ...(config.api_url !== undefined ? { apiUrl: config.api_url } : {}),
    timeoutMs,
    logger,
  };
  const web = createWebClient({ token, ...clientSettings });
  const post = createWebApiPost({
    token,
    apiUrl: normalizeApiUrl(config.api_url ?? 'https://slack.com/api/'),
    timeoutMs,
    logger,
  });
  const chat = createSlackChat({
    web,
    post,
    logger,
    clock,
    retryAfter: options.retryAfter ?? defaultRetryAfterPolicy,
    ...(deps.cache ? { cache: deps.cache } : {}),
  });

  const routeReceiver = socket
    ? undefined
    : new RouteReceiver({
        signingSecret: config.signing_secret ?? '',
        logger,
        clock,
        ...(options.unhandledRequestTimeoutMs !== undefined
          ? { unhandledRequestTimeoutMs: options.unhandledRequestTimeoutMs }
          : {}),
      });
  const socketReceiver = socket
    ? new SocketModeReceiver({
        appToken: config.app_token ?? '',
        logger: boltLogger(logger),
        ...(options.socketPingTimeoutMs !== undefined
          ? { clientPingTimeout: options.socketPingTimeoutMs }
          : {}),
        installerOptions: {
          clientOptions: config.api_url !== undefined ? { slackApiUrl: normalizeApiUrl(config.api_url) } : {},
        },
      })
    : undefined;
  const socketState = socketReceiver ? followSocketState(socketReceiver.client) : undefined;
  const receiver: Receiver = routeReceiver ?? (socketReceiver as Receiver);

  const app = new App({
    receiver,
    authorize: botAuthorization(web, token, logger),
    logger: boltLogger(logger),
    clientOptions: webClientOptions(clientSettings),
    ignoreSelf: true,
    // Bolt's default conversation store keeps per-process state (wrong with replicas) that draftgate never reads,
    // and rejects with a new Error, stack and all, on every delivery it has not seen: CPU spent on each ack.
    convoStore: false,
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'a Slack listener failed');
  });

  const listenerDeps: ListenerDeps = {
    gate,
    chat,
    web,
    post,
    config,
    logger,
    rolesOf: userGroups({
      web,
      logger,
      enabled: gate.policy.usesRoles,
      ...(deps.cache ? { cache: deps.cache } : {}),
      ...(options.userGroupsTtlMs !== undefined ? { ttlMs: options.userGroupsTtlMs } : {}),
    }),
    ackBudgetMs: options.ackBudgetMs ?? 2500,
  };
  const dispatch = createDispatch();
  registerRequestListeners(dispatch, listenerDeps);
  registerReviewListeners(dispatch, listenerDeps);
  registerModalListeners(dispatch, listenerDeps);
  const home = registerHomeListeners(dispatch, listenerDeps, deps.cache);
  dispatch.attach(app);
  chat.inboxChanged = (workspace, users) => home.refresh(workspace, users);

  return {
    name: 'slack',
    mode: socket ? 'socket' : 'http',
    chat,
    routes(): Route[] {
      return routeReceiver ? [routeReceiver.route()] : [];
    },
    async start() {
      const identity = await checkSlackToken(web, logger);
      warnMissingScopes(identity?.scopes, deps.channelNameRules ?? [], logger);
      await app.start();
      logger.info({ mode: socket ? 'socket' : 'http' }, 'Slack adapter started');
    },
    ...(socketState ? { transport: socketState } : {}),
    async stop() {
      await app.stop();
      await home.settle();
    },
    async idle() {
      await routeReceiver?.idle();
    },
  };
}

/** Bolt's authorize: the one bot token, with its bot ids from auth.test (cached; retried after a failure). */
function botAuthorization(
  web: ReturnType<typeof createWebClient>,
  token: string,
  logger: Logger,
): Authorize<boolean> {
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    if (!identity) {
      identity = web.auth.test().then(
        (result) => ({
          ...(result.bot_id ? { botId: result.bot_id } : {}),
          ...(result.user_id ? { botUserId: result.user_id } : {}),
        }),
        (error: unknown) => {
          identity = undefined;
          logger.error({ err: error }, 'Slack auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL');
          throw error;
        },
      );
    }
    return { botToken: token, ...(await identity) };
  };
}
