/**
 * Builds the ioredis client for an endpoint, with ioredis' own Sentinel support and Cluster failover options.
 * Commands fail fast while no master answers (no offline queue): the retry budget around store operations decides
 * how long to keep trying, and then the person is told to retry (fail closed).
 */
import { Cluster, Redis } from 'ioredis';
import { corkRedisWrites } from './cork-per-tick.js';
import type { RedisEndpoint } from './redis-endpoint.js';

/** A master demoted to replica answers READONLY: reconnect, so that Sentinel/Cluster discovery finds the new one. */
function reconnectOnReadonly(error: Error): boolean {
  return error.message.includes('READONLY');
}

/** Reconnect quickly and keep trying: a failover takes seconds, and the retry budget bounds each operation. */
const reconnectDelay = (attempt: number): number => Math.min(50 * attempt, 500);

export interface ConnectOptions {
  /** Bounds one command (including a WAIT); a command that times out is retried within the budget. */
  commandTimeoutMs: number;
}

const common = (options: ConnectOptions) => ({
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: options.commandTimeoutMs,
  retryStrategy: reconnectDelay,
  reconnectOnError: reconnectOnReadonly,
});

export function createRedisClient(endpoint: RedisEndpoint, options: ConnectOptions): Redis | Cluster {
  const client = clientFor(endpoint, options);
  corkRedisWrites(client);
  return client;
}

function clientFor(endpoint: RedisEndpoint, options: ConnectOptions): Redis | Cluster {
  switch (endpoint.kind) {
    case 'standalone':
      return new Redis(endpoint.url, {
        ...common(options),
        ...(endpoint.password ? { password: endpoint.password } : {}),
      });
    case 'cluster':
      return new Cluster([endpoint.url], {
        lazyConnect: true,
        enableOfflineQueue: false,
        // Follow the cluster through a failover: re-read the slots and retry instead of failing at once.
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        retryDelayOnTryAgain: 100,
        retryDelayOnMoved: 0,
        clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 1000),
        slotsRefreshTimeout: 1000,
        // A node's own connection never reconnects (ioredis' Cluster default): the cluster re-reads its slots.
        redisOptions: {
          maxRetriesPerRequest: 1,
          commandTimeout: options.commandTimeoutMs,
          reconnectOnError: reconnectOnReadonly,
          ...(endpoint.password ? { password: endpoint.password } : {}),
        },
      });
    case 'sentinel':
      return new Redis({
        ...common(options),
        sentinels: endpoint.sentinels,
        name: endpoint.name,
        db: endpoint.db,
        role: 'master',
        // Sentinels announce +switch-master; ioredis reconnects to the new master as soon as it is elected.
        failoverDetector: true,
        sentinelRetryStrategy: (attempt) => Math.min(100 * attempt, 1000),
        ...(endpoint.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        ...(endpoint.password ? { password: endpoint.password } : {}),
        ...(endpoint.sentinelPassword ? { sentinelPassword: endpoint.sentinelPassword } : {}),
      });
  }
}

/** Re-reads the topology after a failover error: the Cluster's slot map; for one master, ioredis reconnects. */
export async function refreshTopology(client: Redis | Cluster): Promise<void> {
  if (!(client instanceof Cluster)) return;
  await new Promise<void>((resolve) => {
    client.refreshSlotsCache(() => resolve());
  });
}
