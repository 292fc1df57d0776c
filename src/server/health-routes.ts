import type { DraftStore } from '../core/ports.js';
import { sendJson } from './http-server.js';
import type { TransportStatus } from './platform-adapter.js';
import type { Route } from './route.js';

/** Replicas online on the master that holds draftgate's keys, and how many `redis.wait_replicas` requires. */
export type ReplicaProbe = () => Promise<{ connected: number; required: number }>;

/**
 * `/healthz`: the process is up. `/readyz`: the store answers (Redis PING), so work can be taken; every live
 * platform connection (Socket Mode, the Discord gateway) is connected, so platform events can arrive; with
 * `redis.wait_replicas`, also that enough replicas are online (else every approval would fail closed).
 */
export function healthRoutes(
  store: DraftStore,
  storeKind: string,
  replicas?: ReplicaProbe,
  transports: () => TransportStatus[] = () => [],
): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      head: true,
      handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      head: true,
      handle: async (_req, res) => {
        const live = transports();
        const shown = live.length > 0 ? { transports: live } : {};
        try {
          await store.ping();
        } catch (error) {
          sendJson(res, 503, {
            status: 'not_ready',
            store: storeKind,
            ...shown,
            reason: `the ${storeKind} store does not answer: ${error instanceof Error ? error.message : String(error)}`,
          });
          return;
        }
        const down = live.find((transport) => !transport.connected);
        if (down) {
          sendJson(res, 503, {
            status: 'not_ready',
            store: storeKind,
            ...shown,
            reason: `the ${down.transport === 'gateway' ? 'Discord gateway' : 'Slack Socket Mode connection'} is ${down.state}; it reconnects by itself, check the network and the token if it stays so`,
          });
          return;
        }
        if (!replicas) {
          sendJson(res, 200, { status: 'ready', store: storeKind, ...shown });
          return;
        }
        const status = await replicas().catch((error: unknown) => ({
          connected: 0,
          required: -1,
          error: error instanceof Error ? error.message : String(error),
        }));
        if ('error' in status || status.connected < status.required) {
          sendJson(res, 503, {
            status: 'not_ready',
            store: storeKind,
            ...shown,
            replicas: 'error' in status ? undefined : status,
            reason:
              'error' in status
                ? `the replicas of the Redis master could not be read: ${status.error}`
                : `only ${status.connected} of ${status.required} Redis replica(s) online (redis.wait_replicas): approvals fail closed until a replica reconnects`,
          });
          return;
        }
        sendJson(res, 200, { status: 'ready', store: storeKind, ...shown, replicas: status });
      },
    },
  ];
}
