/**
 * Redis memory per pending draft. Pending 1 KB drafts, each with its review card attached, are created through
 * the Gate itself and the product's store scripts (instant agent, the real risk review memoised on the one text,
 * a chat platform that answers at once, and an auto-pipelined connection: only to fill faster, it changes nothing
 * that is stored), on a Redis server of their own so that nothing else is in the figures. Then: MEMORY USAGE
 * (SAMPLES 0) of every draft hash, of the audit stream and of the deadline indexes, and INFO used_memory before
 * and after.
 */
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { riskSchema } from '../../src/config/schema.js';
import type { Actor, Finding } from '../../src/core/draft.js';
import type { Gate } from '../../src/core/gate/index.js';
import type { RiskReviewer } from '../../src/core/ports.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { createLimiter } from '../../src/store/create-limiter.js';
import { appendArgs, eventToScript } from '../../src/store/event-wire.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { benchGate } from '../lib/bench-gate.js';
import { QUESTION } from '../lib/fixtures.js';
import { usedMemory } from '../lib/redis-stats.js';
import { type Summary, summarize } from '../lib/stats.js';

export interface MemoryOptions {
  redisUrl: string;
  drafts: number;
  concurrency: number;
  /** Stop creating after this long (the result says how many were made). */
  maxCreateMs: number;
  /** Drafts for the hash-max-listpack-value experiment. */
  listpackDrafts: number;
}

export interface FieldSize {
  field: string;
  bytes: number;
}

export interface MemoryResult {
  drafts: number;
  createMs: number;
  createdPerSecond: number;
  /** MEMORY USAGE of each draft hash. */
  draftHash: Summary;
  draftEncoding: string;
  fields: FieldSize[];
  usedMemoryDelta: number;
  audit: { bytes: number; entries: number };
  indexes: { key: string; bytes: number }[];
  head: number;
  /** Keys a Slack request leaves behind for a while: its de-duplication key (1 h) and rate-limit counter. */
  shortLived: { name: string; bytes: number; ttl: string }[];
  listpack: { maxValue: number; drafts: number; draftHash: Summary; encoding: string };
}

/** The real reviewer, asked once per distinct text: every benchmark draft has the same text. */
function memoised(reviewer: RiskReviewer): RiskReviewer {
  const seen = new Map<string, Promise<Finding[]>>();
  return {
    review(text: string) {
      let found = seen.get(text);
      if (!found) {
        found = reviewer.review(text);
        seen.set(text, found);
      }
      return found;
    },
  };
}

const actor = (id: string): Actor => ({ id, platform: 'slack', workspace: 'T0BENCH' });
const target = {
  platform: 'slack' as const,
  workspace: 'T0BENCH',
  channel: 'C0BENCH',
  channelName: 'eng-help',
};

async function createPending(
  gate: Gate,
  count: number,
  concurrency: number,
  maxMs: number,
  tag: string,
): Promise<{ created: number; ms: number }> {
  const started = performance.now();
  let next = 0;
  let created = 0;
  const worker = async () => {
    while (next < count && performance.now() - started < maxMs) {
      next += 1;
      const user = `U${tag}${next.toString(36).toUpperCase().padStart(7, '0')}`;
      const result = await gate.request({
        target,
        requester: actor(user),
        question: QUESTION,
        source: 'slash',
      });
      if (!result.ok || result.draft.state !== 'pending' || result.draft.reviews.length !== 1) {
        throw new Error(`a benchmark draft did not become pending with its card: ${JSON.stringify(result)}`);
      }
      created += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { created, ms: performance.now() - started };
}

async function memoryOf(redis: Redis, key: string): Promise<number> {
  return Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
}

/** MEMORY USAGE of every key matching the pattern (SCAN, then pipelined MEMORY USAGE). */
async function memoryOfAll(redis: Redis, pattern: string): Promise<number[]> {
  const sizes: number[] = [];
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 2000);
    cursor = nextCursor;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, value] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      sizes.push(Number(value));
    }
  } while (cursor !== '0');
  return sizes;
}

/** The first key matching the pattern (SCAN until one turns up). */
async function firstKey(redis: Redis, pattern: string): Promise<string | undefined> {
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    if (keys[0] !== undefined) return keys[0];
    cursor = nextCursor;
  } while (cursor !== '0');
  return undefined;
}

async function encodingOf(redis: Redis, pattern: string): Promise<{ key: string; encoding: string }> {
  const key = await firstKey(redis, pattern);
  if (!key) throw new Error(`no key matches ${pattern}`);
  return { key, encoding: String(await redis.call('OBJECT', 'ENCODING', key)) };
}

export async function measureMemory(admin: Redis, options: MemoryOptions): Promise<MemoryResult> {
  const prefix = 'benchmem';
  const keys = redisKeys(prefix);
  const risk = memoised(createRiskReviewer(riskSchema.parse({})));
  const main = await benchGate({
    redisUrl: options.redisUrl,
    prefix,
    autoPipelining: true,
    risk,
  });
  const { gate } = main;
  try {
    // Load the scripts first, so that the baseline includes Redis's script cache.
    const warmupEvent = eventToScript(auditEvent());
    await main.redis.dgAppend(
      'benchmem-warmup:audit',
      'benchmem-warmup:head',
      '',
      ...appendArgs(warmupEvent),
    );
    await main.redis.dgTransition(
      'benchmem-warmup:draft',
      'benchmem-warmup:audit',
      'benchmem-warmup:head',
      'benchmem-warmup:e',
      'benchmem-warmup:l',
      'benchmem-warmup:r',
      'benchmem-warmup:u',
      'benchmem-warmup:w',
      JSON.stringify({ create: false, states: [], set: [], unset: [], events: [] }),
    );
    await main.redis.dgAttach('benchmem-warmup:draft', 'f', 'v');
    await admin.del('benchmem-warmup:audit', 'benchmem-warmup:head');
    const before = await usedMemory(admin);
    const made = await createPending(gate, options.drafts, options.concurrency, options.maxCreateMs, 'M');
    const after = await usedMemory(admin);

    // Draft hashes only: ids are 20 characters. The `<draft>:op:<uuid>` retry markers are counted apart below.
    const draftPattern = `${keys.draftPrefix}${'?'.repeat(20)}`;
    const hashSizes = await memoryOfAll(admin, draftPattern);
    const opSizes = [
      ...(await memoryOfAll(admin, `${keys.draftPrefix}*:op:*`)),
      ...(await memoryOfAll(admin, `${keys.head}:op:*`)),
    ];
    const sample = await encodingOf(admin, draftPattern);
    const record = await admin.hgetall(sample.key);
    const fields = Object.entries(record)
      .map(([field, value]) => ({ field, bytes: Buffer.byteLength(value) }))
      .sort((a, b) => b.bytes - a.bytes);
    const indexes = [];
    for (const key of [keys.expiry, keys.lease, keys.retract, keys.unknown]) {
      if ((await admin.exists(key)) === 1)
        indexes.push({ key: key.slice(key.lastIndexOf(':') + 1), bytes: await memoryOf(admin, key) });
    }
    const audit = { bytes: await memoryOf(admin, keys.audit), entries: await admin.xlen(keys.audit) };
    const head = await memoryOf(admin, keys.head);

    // What one Slack request leaves for a while besides the draft: its delivery de-dup key and rate-limit counter.
    const once = await gate.request({
      target,
      requester: actor('U0ONCE'),
      question: QUESTION,
      source: 'slash',
      idempotencyKey: 'trigger:1700000000.123456789012',
    });
    if (!once.ok) throw new Error('the de-dup sample request failed');
    const onceKey = keys.once('request:slack:trigger:1700000000.123456789012');
    const limiter = createLimiter({
      points: 20,
      durationMs: 60_000,
      keyPrefix: `${prefix}:ratelimit:requests`,
      redis: main.redis,
    });
    await limiter.consume('user:slack:T0BENCH:U0ONCE');
    const limitKey = await firstKey(admin, `${prefix}:ratelimit:*`);
    const shortLived = [
      { name: 'request de-dup key', bytes: await memoryOf(admin, onceKey), ttl: '1 h' },
      {
        name: `retry markers of its ${(opSizes.length / Math.max(1, made.created)).toFixed(1)} script calls (a retried script is not applied twice)`,
        bytes: opSizes.reduce((sum, bytes) => sum + bytes, 0) / Math.max(1, made.created),
        ttl: '10 min',
      },
    ];
    if (limitKey)
      shortLived.push({
        name: 'per-user rate-limit counter',
        bytes: await memoryOf(admin, limitKey),
        ttl: '1 min',
      });

    // The same drafts with hashes kept as listpacks (an operator setting, not a product change).
    const listpackPrefix = 'benchlp';
    const original = (await admin.call('CONFIG', 'GET', 'hash-max-listpack-value')) as string[];
    const maxValue = 4096;
    await admin.call('CONFIG', 'SET', 'hash-max-listpack-value', String(maxValue));
    const lp = await benchGate({
      redisUrl: options.redisUrl,
      prefix: listpackPrefix,
      autoPipelining: true,
      risk,
    });
    let listpack: MemoryResult['listpack'];
    try {
      const lpMade = await createPending(
        lp.gate,
        options.listpackDrafts,
        options.concurrency,
        options.maxCreateMs,
        'L',
      );
      const lpKeys = redisKeys(listpackPrefix);
      listpack = {
        maxValue,
        drafts: lpMade.created,
        draftHash: summarize(await memoryOfAll(admin, `${lpKeys.draftPrefix}${'?'.repeat(20)}`)),
        encoding: (await encodingOf(admin, `${lpKeys.draftPrefix}${'?'.repeat(20)}`)).encoding,
      };
    } finally {
      await admin.call('CONFIG', 'SET', 'hash-max-listpack-value', original[1] ?? '64');
      await lp.close();
    }

    return {
      drafts: made.created,
      createMs: made.ms,
      createdPerSecond: made.created / (made.ms / 1000),
      draftHash: summarize(hashSizes),
      draftEncoding: sample.encoding,
      fields,
      usedMemoryDelta: after - before,
      audit,
      indexes,
      head,
      shortLived,
      listpack,
    };
  } finally {
    await main.close();
  }
}
