/**
 * Wires draftgate together: stores, policy, agent, risk review, the Gate, the adapters the configuration asks
 * for, and the one HTTP server. Everything is injected; nothing here is a module-level singleton.
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { sandboxExposureProblem, warnRemoteSandbox } from '../adapters/sandbox/exposure.js';
import { createSandboxAdapter } from '../adapters/sandbox/index.js';
import { createSlackAdapter, type SlackAdapterOptions } from '../adapters/slack/index.js';
import { createAgent } from './agents/create-agent.js';
import { createCheckpointSchedule } from './audit/create-checkpoints.js';
import { appCallbacks } from './callbacks/app-callbacks.js';
import type { Callbacks, CallbackTuning } from './callbacks/create-callbacks.js';
import type { Env } from './config/env.js';
import { ConfigError } from './config/load-config.js';
import { nameRules } from './config/name-rules.js';
import type { Config } from './config/schema.js';
import { Gate } from './core/gate/index.js';
import { Policy } from './core/policy.js';
import { type Agent, type Clock, type RiskReviewer, systemClock } from './core/ports.js';
import { intakeRoutes } from './intake/intake-routes.js';
import { createConfiguredRiskReviewer } from './risk-judge/configured-risk-reviewer.js';
import { healthRoutes } from './server/health-routes.js';
import { createHttpServer, type HttpServer } from './server/http-server.js';
import { GateMetrics, metricsRoute } from './server/metrics.js';
import type { PlatformAdapter } from './server/platform-adapter.js';
import { loadTracing, tracesUrl, withTracing } from './server/tracing-switch.js';
import { connectRedis } from './store/connect-redis.js';
import { createLimiter } from './store/create-limiter.js';
import { createStores, redisStoreOptions, type Stores } from './store/create-store.js';
import { MemoryTtlCache, RedisTtlCache } from './store/ttl-cache.js';

export interface AppOptions {
  config: Config;
  env: Env;
  logger: Logger;
  clock?: Clock;
  /** draftgate's version, for `draftgate_build_info` (the CLI passes the package version). */
  version?: string;
  /** Replaces the configured agent (tests, benchmarks). */
  agent?: Agent;
  risk?: RiskReviewer;
  /** Transport tuning for the Slack adapter (API timeout, retry policy), e.g. short timeouts in tests. */
  slackOptions?: SlackAdapterOptions;
  /** Discord REST timeout in ms (discord.js's default is 15 s). */
  discordRestTimeoutMs?: number;
  /** Do not run the periodic sweep (tests drive `gate.sweep()` themselves). */
  manualSweep?: boolean;
  /** Agent callback timing (poll interval, back-off), e.g. short delays in tests. */
  callbacks?: CallbackTuning;
}

export interface App {
  config: Config;
  logger: Logger;
  gate: Gate;
  stores: Stores;
  metrics: GateMetrics;
  adapters: PlatformAdapter[];
  http: HttpServer;
  /** Which platforms run: `slack`, `discord`, or `sandbox` when none is configured. */
  modes: string[];
  /** Agent callbacks, when an intake agent has a callback_url. */
  callbacks: Callbacks | undefined;
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

export function slackConfigured(config: Config): boolean {
  return Boolean(config.slack.bot_token && (config.slack.signing_secret || config.slack.app_token));
}

export function discordConfigured(config: Config): boolean {
  // Both transports need the bot token: DMs and posts go through REST.
  return Boolean(config.discord.token);
}

/** Agent and risk settings are checked when they are built: a problem there is a configuration error (exit 2). */
export function asConfigProblem<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new ConfigError(undefined, [error instanceof Error ? error.message : String(error)]);
  }
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const stores = createStores({
    ...redisStoreOptions(config.redis),
    keepFinishedMs: config.redis.keep_finished_drafts,
    clock,
  });
  if (stores.redis) {
    stores.redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
    await connectRedis(stores.redis, config.redis.url ?? (config.redis.sentinels ?? []).join(','));
  }
  const registry = new Registry();
  const metrics = new GateMetrics({
    registry,
    processMetrics: true,
    version: options.version ?? 'unknown',
    store: { kind: stores.kind, ping: () => stores.drafts.ping() },
  });
  const tracing = await loadTracing(options.env, options.version ?? 'unknown');
  if (tracing) {
    const endpoint = tracesUrl(options.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
    logger.info({ endpoint }, 'tracing: exporting spans over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)');
  }
  const requestLimiter = createLimiter({
    points: config.rate_limits.requests_per_user.points,
    durationMs: config.rate_limits.requests_per_user.duration,
    keyPrefix: `${config.redis.prefix}:ratelimit:requests`,
    redis: stores.redis,
    retry: stores.retry,
  });
  const gate = new Gate({
    store: stores.drafts,
    audit: stores.audit,
    policy: new Policy(config.policy),
    agent: metrics.timeAgent(
      options.agent ?? asConfigProblem(() => createAgent(config.agent, { env: options.env })),
      options.agent?.name ?? config.agent.provider,
    ),
    risk: options.risk ?? asConfigProblem(() => createConfiguredRiskReviewer(config)),
    logger: logger.child({ component: 'gate' }),
    clock,
    observer: withTracing(metrics, tracing),
    requestLimiter,
    keepFinishedMs: config.redis.keep_finished_drafts,
    agentTimeoutMs: config.agent.timeout,
    drafting: { concurrency: config.agent.concurrency, maxQueued: config.agent.queue },
  });

  const adapters: PlatformAdapter[] = [];
  const modes: string[] = [];
  if (slackConfigured(config)) {
    adapters.push(
      createSlackAdapter({
        config: config.slack,
        gate,
        logger,
        clock,
        cache: stores.redis
          ? new RedisTtlCache(stores.redis, config.redis.prefix)
          : new MemoryTtlCache(clock),
        ...(options.slackOptions ? { options: options.slackOptions } : {}),
        channelNameRules: nameRules(config),
      }),
    );
    modes.push('slack');
  }
  if (discordConfigured(config)) {
    adapters.push(
      createDiscordAdapter({
        config: config.discord,
        gate,
        logger,
        clock,
        ...(options.discordRestTimeoutMs ? { restTimeoutMs: options.discordRestTimeoutMs } : {}),
      }),
    );
    modes.push('discord');
  }
  if (adapters.length === 0) {
    const problem = sandboxExposureProblem(config.server.host ?? '127.0.0.1', config.sandbox.allow_remote);
    if (problem) {
      await stores.drafts.close();
      throw new ConfigError(undefined, [problem]);
    }
    const allowedHosts = config.sandbox.allowed_hosts;
    adapters.push(createSandboxAdapter({ gate, audit: stores.audit, logger, clock, allowedHosts }));
    modes.push('sandbox');
  }
  for (const adapter of adapters) gate.attach(adapter.chat);

  const intakeLimiter = createLimiter({
    points: config.intake.rate_limit.points,
    durationMs: config.intake.rate_limit.duration,
    keyPrefix: `${config.redis.prefix}:ratelimit:intake`,
    redis: stores.redis,
    retry: stores.retry,
  });
  const http = createHttpServer(
    [
      ...healthRoutes(stores.drafts, stores.kind, stores.replicas, () =>
        adapters.flatMap((adapter) => (adapter.transport ? [adapter.transport()] : [])),
      ),
      metricsRoute(registry),
      ...intakeRoutes({ gate, config: config.intake, limiter: intakeLimiter }),
      ...adapters.flatMap((adapter) => adapter.routes()),
    ],
    logger,
  );

  const callbacks = asConfigProblem(() =>
    appCallbacks({ config, env: options.env, stores, clock, logger, tuning: options.callbacks }),
  );
  const checkpoints = asConfigProblem(() =>
    createCheckpointSchedule({
      config: config.audit,
      stream: `${config.redis.prefix}:audit`,
      audit: stores.audit,
      claim: (key, ttlMs) => stores.drafts.claimOnce(key, ttlMs),
      logger,
      clock,
    }),
  );
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  return {
    config,
    logger,
    gate,
    stores,
    metrics,
    adapters,
    http,
    modes,
    callbacks,
    async start() {
      const host = config.server.host ?? (modes.includes('sandbox') ? '127.0.0.1' : '0.0.0.0');
      if (modes.includes('sandbox')) warnRemoteSandbox(logger, host);
      await callbacks?.start();
      // Drafts opened before the inbox indexes existed join them now (idempotent; a failure only delays that).
      await stores.drafts.reindexOpen?.().then(
        (checked) => logger.info({ checked }, 'inbox indexes checked against the open drafts'),
        (error: unknown) =>
          logger.warn({ err: error }, 'could not check the inbox indexes; will retry at the next start'),
      );
      const bound = await http.listen(config.server.port, host);
      for (const adapter of adapters) await adapter.start();
      if (!options.manualSweep) {
        sweeper = setInterval(() => {
          sweeping = gate
            .sweep()
            .catch((error: unknown) => logger.warn({ err: error }, 'sweep failed; will retry'));
        }, config.sweep_interval);
        sweeper.unref();
      }
      checkpoints?.start();
      return bound;
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      await checkpoints?.stop();
      await callbacks?.stop();
      // Open event streams (sandbox pages) keep the server from closing until the adapters end them.
      const closing = http.close();
      for (const adapter of adapters) await adapter.stop();
      await closing;
      await sweeping;
      await gate.drain();
      await tracing
        ?.shutdown()
        .catch((error: unknown) => logger.warn({ err: error }, 'could not export the last spans'));
      await stores.drafts.close();
    },
  };
}
