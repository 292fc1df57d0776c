/** Connects the store's Redis client once, turning a refused or unreachable server into one line an operator can act on. */
import type { ScriptedRedis } from './redis/scripts.js';

/** `redis://user:pass@host:6390/2` → `host:6390` (never the password). */
export function redisAddress(url: string): string {
  // Sentinel: a redis+sentinel:// URL or redis.sentinels (host:port,...) names the sentinels, not one server.
  if (url.includes('+sentinel://') || (url !== '' && !url.includes('://'))) {
    return url.replace(/^[^/]*:\/\/(?:[^@/]*@)?/, '');
  }
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

export async function connectRedis(redis: ScriptedRedis, url: string): Promise<void> {
  // ioredis rejects connect() with a bare "Connection is closed"; the reason (ECONNREFUSED…) comes as an error event.
  let cause: unknown;
  const remember = (error: unknown) => {
    cause ??= error;
  };
  redis.on('error', remember);
  try {
    await redis.connect();
  } catch (error) {
    const first = cause ?? error;
    const reason =
      first instanceof Error ? ((first as NodeJS.ErrnoException).code ?? first.message) : String(first);
    redis.disconnect();
    throw new RedisUnreachableError(
      `cannot reach Redis at ${redisAddress(url)} (${reason}): start Redis there, fix REDIS_URL, or unset REDIS_URL to use the in-memory store`,
      { cause: first },
    );
  } finally {
    redis.off('error', remember);
  }
}
