/** vitest global setup: one private redis-server for the whole run; each test file uses its own key prefix. */
import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../testkit/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}
