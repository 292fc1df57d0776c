/**
 * A snapshot of everything draftgate keeps in Redis under one prefix (drafts, deadline indexes, idempotency
 * claims, the audit stream and its chain head), to prove that a run of refused requests changed nothing.
 * Rate-limit counters are left out: they expire on their own clock, so they change without anyone acting.
 */
import type { Redis } from 'ioredis';

export type StateSnapshot = Map<string, string>;

export async function snapshotRedis(redis: Redis, prefix: string): Promise<StateSnapshot> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [nextCursor, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = nextCursor;
    keys.push(...batch);
  } while (cursor !== '0');
  const snapshot: StateSnapshot = new Map();
  for (const key of [...new Set(keys)].sort()) {
    if (key.startsWith(`${prefix}:ratelimit`)) continue;
    snapshot.set(key, await describeKey(redis, key));
  }
  return snapshot;
}

async function describeKey(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return `string:${(await redis.get(key)) ?? ''}`;
    case 'hash': {
      const fields = Object.entries(await redis.hgetall(key)).sort(([a], [b]) => a.localeCompare(b));
      return `hash:${JSON.stringify(fields)}`;
    }
    case 'zset':
      return `zset:${JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'))}`;
    case 'set':
      return `set:${JSON.stringify((await redis.smembers(key)).sort())}`;
    case 'list':
      return `list:${JSON.stringify(await redis.lrange(key, 0, -1))}`;
    case 'stream': {
      const entries = await redis.xrange(key, '-', '+');
      return `stream:${entries.length}:${JSON.stringify(entries)}`;
    }
    case 'none':
      return 'none';
    default:
      return `${type}:?`;
  }
}

/** The keys whose content differs between two snapshots (added, removed or changed). */
export function changedKeys(before: StateSnapshot, after: StateSnapshot): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(key);
  for (const key of before.keys()) if (!after.has(key)) changed.push(key);
  return changed.sort();
}
