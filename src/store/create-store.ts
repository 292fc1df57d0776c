/** Builds the store pair for a configuration: Redis when a URL or sentinels are configured, else in memory. */
import type { AuditLog, Clock, DraftStore } from '../core/ports.js';
import { MemoryAuditLog, MemoryDraftStore } from './memory/memory-store.js';
import { ChainHeadPredictor } from './redis/chain-predictor.js';
import { redisKeys } from './redis/keys.js';
import { RedisAuditLog } from './redis/redis-audit-log.js';
import { createRedisClient, refreshTopology } from './redis/redis-client.js';
import { RedisDraftStore } from './redis/redis-draft-store.js';
import { type RedisEndpointSettings, redisEndpoint } from './redis/redis-endpoint.js';
import { type ReplicaStatus, replicaStatus } from './redis/replica-status.js';
import { resilientRedis } from './redis/resilient-redis.js';
import { RetryBudget } from './redis/retry-budget.js';
import { defineScripts, type ScriptedRedis } from './redis/scripts.js';

export interface Stores {
  kind: 'redis' | 'memory';
  drafts: DraftStore;
  audit: AuditLog;
  /** The Redis connection, when there is one (connect, events; rate limits share it). */
  redis?: ScriptedRedis;
  /** The retry budget every Redis operation runs in (rate limits use it too). */
  retry?: RetryBudget;
  /** Replicas online on draftgate's master, for /readyz (when redis.wait_replicas is set). */
  replicas?: () => Promise<ReplicaStatus>;
  /** How often the audit chain's head was predicted right (Redis only): see chain-predictor.ts. */
  chain?: ChainHeadPredictor;
}

export interface StoreOptions {
  redisUrl?: string | undefined;
  /** Connect to a Redis Cluster, with redisUrl as the seed node. */
  cluster?: boolean;
  /** Redis Sentinel (`host:port` each) and the monitored master's name; or a redis+sentinel:// redisUrl. */
  sentinels?: readonly string[] | undefined;
  sentinelName?: string | undefined;
  password?: string | undefined;
  sentinelPassword?: string | undefined;
  /** Replicas that must confirm every script write (WAIT), and how long to wait for them (ms). */
  waitReplicas?: number;
  waitTimeoutMs?: number;
  /** How long an operation is retried through a failover before it fails closed (ms, default 5000). */
  retryBudgetMs?: number;
  prefix: string;
  keepFinishedMs: number;
  clock: Clock;
}

/** The store options for the `redis.*` configuration section. */
export function redisStoreOptions(redis: {
  url?: string | undefined;
  cluster: boolean;
  sentinels?: string[] | undefined;
  sentinel_name?: string | undefined;
  password?: string | undefined;
  sentinel_password?: string | undefined;
  wait_replicas: number;
  wait_timeout: number;
  retry_budget: number;
  prefix: string;
}): Omit<StoreOptions, 'keepFinishedMs' | 'clock'> {
  return {
    redisUrl: redis.url,
    cluster: redis.cluster,
    sentinels: redis.sentinels,
    sentinelName: redis.sentinel_name,
    password: redis.password,
    sentinelPassword: redis.sentinel_password,
    waitReplicas: redis.wait_replicas,
    waitTimeoutMs: redis.wait_timeout,
    retryBudgetMs: redis.retry_budget,
    prefix: redis.prefix,
  };
}

export function createStores(options: StoreOptions): Stores {
  const settings: RedisEndpointSettings = {
    url: options.redisUrl,
    cluster: options.cluster,
    sentinels: options.sentinels,
    sentinel_name: options.sentinelName,
    password: options.password,
    sentinel_password: options.sentinelPassword,
  };
  const endpoint = redisEndpoint(settings);
  if (!endpoint) {
    const audit = new MemoryAuditLog(options.clock);
    return {
      kind: 'memory',
      audit,
      drafts: new MemoryDraftStore(audit, options.clock, options.keepFinishedMs),
    };
  }
  const waitReplicas = options.waitReplicas ?? 0;
  const waitTimeoutMs = options.waitTimeoutMs ?? 1_000;
  const retryBudgetMs = options.retryBudgetMs ?? 5_000;
  const client = createRedisClient(endpoint, {
    // One command (a WAIT included) never hangs longer than the budget on a master that stopped answering.
    commandTimeoutMs: Math.max(retryBudgetMs, waitTimeoutMs + 1_000),
  });
  const redis = defineScripts(client);
  const retry = new RetryBudget({ budgetMs: retryBudgetMs, refresh: () => refreshTopology(client) });
  const resilient = resilientRedis(redis, { budget: retry, waitReplicas, waitTimeoutMs });
  const keys = redisKeys(options.prefix);
  // One prediction of the chain head for both stores: they append to the one chain over the one client.
  const chain = new ChainHeadPredictor();
  return {
    kind: 'redis',
    redis,
    retry,
    chain,
    ...(waitReplicas > 0 ? { replicas: () => replicaStatus(client, keys.head, waitReplicas) } : {}),
    audit: new RedisAuditLog({ redis: resilient, keys, chain }),
    drafts: new RedisDraftStore({ redis: resilient, keys, keepFinishedMs: options.keepFinishedMs, chain }),
  };
}
