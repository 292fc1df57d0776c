/** Builds the store pair for a configuration: Redis when a URL is configured, else in memory. */
import { Cluster, Redis } from 'ioredis';
import type { AuditLog, Clock, DraftStore } from '../core/ports.js';
import { MemoryAuditLog, MemoryDraftStore } from './memory/memory-store.js';
import { redisKeys } from './redis/keys.js';
import { RedisAuditLog } from './redis/redis-audit-log.js';
import { RedisDraftStore } from './redis/redis-draft-store.js';
import { defineScripts, type ScriptedRedis } from './redis/scripts.js';

export interface Stores {
  kind: 'redis' | 'memory';
  drafts: DraftStore;
  audit: AuditLog;
  /** The Redis connection, when there is one (rate limits share it). */
  redis?: ScriptedRedis;
}

export interface StoreOptions {
  redisUrl?: string | undefined;
  /** Connect to a Redis Cluster, with redisUrl as the seed node. */
  cluster?: boolean;
  prefix: string;
  keepFinishedMs: number;
  clock: Clock;
}

export function createStores(options: StoreOptions): Stores {
  if (!options.redisUrl) {
    const audit = new MemoryAuditLog(options.clock);
    return {
      kind: 'memory',
      audit,
      drafts: new MemoryDraftStore(audit, options.clock, options.keepFinishedMs),
    };
  }
  // A command fails fast while Redis is down (fail closed) instead of queueing: the user is told to retry.
  const client = options.cluster
    ? new Cluster([options.redisUrl], {
        lazyConnect: true,
        enableOfflineQueue: false,
        redisOptions: { maxRetriesPerRequest: 1 },
      })
    : new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  const redis = defineScripts(client);
  const keys = redisKeys(options.prefix);
  return {
    kind: 'redis',
    redis,
    audit: new RedisAuditLog({ redis, keys }),
    drafts: new RedisDraftStore({ redis, keys, keepFinishedMs: options.keepFinishedMs }),
  };
}
