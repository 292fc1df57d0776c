/** /readyz with `redis.wait_replicas`: ready while enough replicas are online; not ready, saying why, when not. */
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/server/health-routes.js';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import type { RedisServerHandle } from '../../testkit/redis-server.js';
import { ManualClock } from '../support/clock.js';
import { uniquePrefix } from '../support/redis.js';
import { startMaster, startReplica, until } from '../support/redis-ha.js';

describe('/readyz and replicas', () => {
  const servers: RedisServerHandle[] = [];
  let stores: Stores | undefined;
  let http: HttpServer | undefined;
  afterAll(async () => {
    await http?.close();
    await stores?.drafts.close().catch(() => {});
    for (const server of servers.reverse()) await server.stop();
  });

  it('reports the replicas online, and is not ready once fewer than wait_replicas remain', async () => {
    const master = await startMaster();
    servers.push(master);
    const replica = await startReplica(master);
    servers.push(replica);
    stores = createStores({
      redisUrl: master.url,
      prefix: uniquePrefix('readyz'),
      keepFinishedMs: 60_000,
      clock: new ManualClock(),
      waitReplicas: 1,
    });
    await stores.redis?.connect();
    http = createHttpServer(
      healthRoutes(stores.drafts, stores.kind, stores.replicas),
      pino({ level: 'silent' }),
    );
    const { url } = await http.listen(0, '127.0.0.1');

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', replicas: { connected: 1, required: 1 } });

    await replica.stop();
    const body = await until('/readyz to say not ready', async () => {
      const answer = await fetch(`${url}/readyz`);
      return answer.status === 503 ? ((await answer.json()) as { reason: string; replicas: unknown }) : false;
    });
    expect(body.replicas).toEqual({ connected: 0, required: 1 });
    expect(body.reason).toContain('only 0 of 1 Redis replica(s) online');
  });
});
