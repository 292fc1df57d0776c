/**
 * A Gate over the product's Redis store and scripts, with a chat platform that answers at once and no rate limit:
 * for filling Redis with pending drafts. Its ioredis connection has the product's options (src/store/create-store.ts)
 * and, when asked, auto-pipelining, which only makes the filling faster: what is stored is the same.
 */
import { Redis } from 'ioredis';
import pino from 'pino';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import type { RiskReviewer } from '../../src/core/ports.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { ChainHeadPredictor } from '../../src/store/redis/chain-predictor.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { RedisAuditLog } from '../../src/store/redis/redis-audit-log.js';
import { RedisDraftStore } from '../../src/store/redis/redis-draft-store.js';
import { defineScripts, type ScriptedRedis } from '../../src/store/redis/scripts.js';
import { instantAgent } from './fixtures.js';
import { noopSlackChat } from './noop-chat.js';

export interface BenchGateOptions {
  redisUrl: string;
  prefix: string;
  autoPipelining: boolean;
  /** Defaults to the real risk review with the default configuration. */
  risk?: RiskReviewer;
}

export interface BenchGate {
  gate: Gate;
  redis: ScriptedRedis;
  store: RedisDraftStore;
  close(): Promise<void>;
}

const KEEP_FINISHED_MS = 7 * 86_400_000;

export async function benchGate(options: BenchGateOptions): Promise<BenchGate> {
  const redis = defineScripts(
    new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
      enableAutoPipelining: options.autoPipelining,
    }),
  );
  await redis.connect();
  const keys = redisKeys(options.prefix);
  const chain = new ChainHeadPredictor();
  const store = new RedisDraftStore({ redis, keys, keepFinishedMs: KEEP_FINISHED_MS, chain });
  const gate = new Gate({
    store,
    audit: new RedisAuditLog({ redis, keys, chain }),
    policy: new Policy(policySchema.parse({})),
    agent: instantAgent,
    risk: options.risk ?? createRiskReviewer(riskSchema.parse({})),
    logger: pino({ level: 'warn' }),
    keepFinishedMs: KEEP_FINISHED_MS,
    agentTimeoutMs: 60_000,
  });
  gate.attach(noopSlackChat());
  return {
    gate,
    redis,
    store,
    async close() {
      await gate.drain();
      await store.close();
    },
  };
}
