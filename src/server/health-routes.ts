import type { DraftStore } from '../core/ports.js';
import { sendJson } from './http-server.js';
import type { Route } from './route.js';

/** `/healthz`: the process is up. `/readyz`: the store answers (Redis PING), so work can be taken. */
export function healthRoutes(store: DraftStore, storeKind: string): Route[] {
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
        try {
          await store.ping();
          sendJson(res, 200, { status: 'ready', store: storeKind });
        } catch (error) {
          sendJson(res, 503, {
            status: 'not_ready',
            store: storeKind,
            reason: `the ${storeKind} store does not answer: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      },
    },
  ];
}
