/** Builds a store pair of either kind for tests, on the run's private Redis with a unique prefix. */
import type { Clock } from '../../src/core/ports.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

export async function testStores(
  kind: 'redis' | 'memory',
  clock: Clock,
  keepFinishedMs = 3_600_000,
): Promise<Stores & { prefix: string }> {
  const prefix = uniquePrefix('dg');
  const stores = createStores({
    redisUrl: kind === 'redis' ? testRedisUrl() : undefined,
    prefix,
    keepFinishedMs,
    clock,
  });
  if (stores.redis) await stores.redis.connect();
  return { ...stores, prefix };
}
