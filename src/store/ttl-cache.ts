/** TtlCache on Redis (shared by every replica) or in memory. Errors degrade to misses: a cache never fails a flow. */
import type { Cluster, Redis } from 'ioredis';
import type { Clock } from '../core/ports.js';
import type { TtlCache } from '../core/ttl-cache.js';

export class RedisTtlCache implements TtlCache {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(`${this.prefix}:cache:${key}`)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}:cache:${key}`, value, 'PX', ttlMs).catch(() => undefined);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:cache:${key}`).catch(() => undefined);
  }
}

export class MemoryTtlCache implements TtlCache {
  readonly #entries = new Map<string, { value: string; until: number }>();
  constructor(private readonly clock: Clock) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, { value, until: this.clock.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}
