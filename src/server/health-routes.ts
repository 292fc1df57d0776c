import type { DraftStore } from '../core/ports.js';
import { sendJson } from './http-server.js';
import type { TransportStatus } from './platform-adapter.js';
import type { Route } from './route.js';

/**
 * `/healthz`: the process is up. `/readyz`: the store answers (Redis PING) and every live platform connection
 * (Socket Mode, the Discord gateway) is connected, so work can be taken and platform events can arrive.
 */
export function healthRoutes(
  store: DraftStore,
  storeKind: string,
  transports: () => TransportStatus[] = () => [],
): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
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
        sendJson(res, 200, { status: 'ready', store: storeKind, ...shown });
      },
    },
  ];
}
