/** Where Redis is: standalone, Cluster, or Sentinel from a list or a redis+sentinel:// URL. */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { describeEndpoint, parseSentinelUrl, redisEndpoint } from '../../src/store/redis/redis-endpoint.js';

describe('redis endpoint', () => {
  it('reads a redis+sentinel:// URL: sentinels, master name, db and the master password', () => {
    expect(parseSentinelUrl('redis+sentinel://:s%40cret@10.0.0.5:26379,10.0.0.6:26380/mymaster/2')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.5', port: 26379 },
        { host: '10.0.0.6', port: 26380 },
      ],
      name: 'mymaster',
      db: 2,
      tls: false,
      password: 's@cret',
    });
  });

  it('refuses a sentinel URL without a master name, saying what to write', () => {
    expect(() => parseSentinelUrl('redis+sentinel://10.0.0.5:26379')).toThrow(
      /redis\+sentinel:\/\/host:26379/,
    );
  });

  it('builds a Sentinel endpoint from redis.sentinels and redis.sentinel_name, with passwords from the config', () => {
    const endpoint = redisEndpoint({
      sentinels: ['s1:26379', 's2:26379'],
      sentinel_name: 'dg',
      password: 'master-pw',
      sentinel_password: 'sentinel-pw',
    });
    expect(endpoint).toMatchObject({
      kind: 'sentinel',
      name: 'dg',
      password: 'master-pw',
      sentinelPassword: 'sentinel-pw',
    });
    expect(endpoint && describeEndpoint(endpoint)).toBe('Redis Sentinel master "dg" via s1:26379,s2:26379');
  });

  it('keeps standalone and Cluster URLs, never shows a password, and is absent without Redis', () => {
    expect(redisEndpoint({ url: 'redis://:pw@h:6379', cluster: true })).toMatchObject({ kind: 'cluster' });
    const standalone = redisEndpoint({ url: 'redis://:pw@h:6379' });
    expect(standalone && describeEndpoint(standalone)).toBe('Redis at redis://h:6379');
    expect(redisEndpoint({})).toBeUndefined();
  });

  it('validates the configuration: sentinels need a master name, and cannot be combined with cluster', () => {
    const problems = (redis: unknown) =>
      configSchema.safeParse({ redis }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ sentinels: ['s1:26379'] })).toEqual([
      'redis.sentinel_name: redis.sentinels needs redis.sentinel_name (the master name the sentinels monitor)',
    ]);
    expect(problems({ sentinels: ['s1'] })?.[0]).toMatch(/^redis\.sentinels\.0: host:port/);
    expect(problems({ sentinels: ['s1:1'], sentinel_name: 'm', cluster: true })).toEqual([
      'redis.cluster: choose either redis.sentinels or redis.cluster, not both',
    ]);
    const parsed = configSchema.parse({ redis: { url: 'redis+sentinel://s1:26379/m' } }).redis;
    expect(parsed).toMatchObject({ wait_replicas: 0, wait_timeout: 1000, retry_budget: 5000 });
  });
});
