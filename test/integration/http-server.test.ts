/** The HTTP server's transport rules: HEAD on the health routes, and an `Allow` header on every 405. */
import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/server/health-routes.js';
import { createHttpServer, sendJson } from '../../src/server/http-server.js';
import { createStores } from '../../src/store/create-store.js';

const stores = createStores({
  prefix: 'draftgate',
  keepFinishedMs: 60_000,
  clock: { now: () => Date.now() },
});
const server = createHttpServer(
  [
    ...healthRoutes(stores.drafts, stores.kind),
    { method: 'POST', path: '/v1/things', handle: async (_req, res) => sendJson(res, 202, { ok: true }) },
    { method: 'GET', path: '/plain', handle: async (_req, res) => sendJson(res, 200, { ok: true }) },
  ],
  pino({ level: 'silent' }),
);
let port = 0;

/** A raw request, so that HEAD bodies and headers are seen exactly as sent. */
function send(method: string, path: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterAll(async () => {
  await server.close();
  await stores.drafts.close();
});

describe('HTTP server', () => {
  it('answers HEAD /healthz and HEAD /readyz with 200 and no body', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const head = await send('HEAD', path);
      expect(head.status, path).toBe(200);
      expect(head.body, path).toBe('');
      expect(head.headers['content-type'], path).toContain('application/json');
    }
  });

  it('answers 405 with an Allow header listing the methods of the path', async () => {
    const health = await send('POST', '/healthz');
    expect(health.status).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    const intake = await send('GET', '/v1/things');
    expect(intake.status).toBe(405);
    expect(intake.headers.allow).toBe('POST');
    // A GET route that does not opt in to HEAD answers HEAD with 405 too, and says GET is allowed.
    const plain = await send('HEAD', '/plain');
    expect(plain.status).toBe(405);
    expect(plain.headers.allow).toBe('GET');
  });

  it('answers 404 without an Allow header for an unknown path', async () => {
    const missing = await send('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.allow).toBeUndefined();
  });
});
