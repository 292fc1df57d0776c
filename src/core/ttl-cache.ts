/** A small shared cache with expiry (Redis in production, memory otherwise): answers that need not be asked twice. */
export interface TtlCache {
  /** Undefined on a miss, and when the cache cannot be read (a cache never fails the caller). */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
