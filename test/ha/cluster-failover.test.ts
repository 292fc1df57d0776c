/**
 * Redis Cluster for real: 3 masters and 3 replicas on loopback. The master that holds draftgate's slot is killed
 * while flows run. Once the cluster reports ok again, no request fails (the client follows the new topology within
 * the retry budget), nothing is posted twice, and the chain verifies on the promoted replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/verify-chain.js';
import { createLimiter } from '../../src/store/create-limiter.js';
import { createStores } from '../../src/store/create-store.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { ManualClock } from '../support/clock.js';
import { alice, type GateFixture, gateFixture } from '../support/gate-fixture.js';
import { flowsUntil, postedTwice, requestAndApprove } from '../support/ha-flows.js';
import { uniquePrefix } from '../support/redis.js';
import { type ClusterNodes, cli, clusterMasterFor, kill, startCluster, until } from '../support/redis-ha.js';

describe('Redis Cluster failover', () => {
  let cluster: ClusterNodes | undefined;
  let f: GateFixture | undefined;

  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 60_000);

  afterAll(async () => {
    await f?.close().catch(() => {});
    await cluster?.stop();
  });

  it('once the cluster is ok after its master died, no request fails and nothing is posted twice', async () => {
    if (!cluster) throw new Error('no cluster');
    const [seed] = cluster.nodes;
    if (!seed) throw new Error('no nodes');
    // A prefix whose rate-limit key (not hash-tagged: its own slot) lives on the same master as the audit slot, so
    // that killing that master hits every kind of Redis user the request path has.
    const limitKey = (p: string) => `${p}:ratelimit:requests:user:slack:T1:${alice.id}`;
    const prefix = await until('a prefix whose keys share a master', async () => {
      const candidate = uniquePrefix('cluster-ha');
      const audit = await clusterMasterFor(seed, redisKeys(candidate).audit);
      return audit === (await clusterMasterFor(seed, limitKey(candidate))) ? candidate : false;
    });
    const clock = new ManualClock();
    const stores = createStores({
      redisUrl: seed.url,
      cluster: true,
      prefix,
      keepFinishedMs: 3_600_000,
      clock,
    });
    stores.redis?.on('error', () => {});
    await stores.redis?.connect();
    const requestLimiter = createLimiter({
      points: 1000,
      durationMs: 60_000,
      keyPrefix: `${prefix}:ratelimit:requests`,
      redis: stores.redis,
      retry: stores.retry,
    });
    f = await gateFixture('redis', { stores: { ...stores, prefix }, clock, requestLimiter });

    for (let i = 0; i < 3; i++) {
      const before = await requestAndApprove(f, `before ${i}`);
      expect(before.approve?.ok, before.approve?.ok === false ? before.approve.message : '').toBe(true);
    }
    const key = redisKeys(prefix).audit;
    const oldPort = await clusterMasterFor(seed, key);
    const doomed = cluster.nodes.find((n) => n.port === oldPort);
    if (!doomed) throw new Error('the master of the slot is not one of ours');
    const survivor = cluster.nodes.find((n) => n !== doomed);
    if (!survivor) throw new Error('no survivor');

    let stop = false;
    const during = flowsUntil(f, 'during', () => stop);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await kill(doomed);
    await until(
      'the cluster to promote a replica and report ok',
      async () => {
        const info = await cli(survivor.port, 'cluster', 'info');
        if (!info.includes('cluster_state:ok')) return false;
        const port = await clusterMasterFor(survivor, key);
        return port !== oldPort;
      },
      30_000,
    );
    stop = true;
    await during;

    // The cluster says ok: from now on, not one request may fail.
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await requestAndApprove(f, `after ${i}`));
    const failures = after.flatMap((o) => {
      if (!o.request.ok) return [`request "${o.question}": ${o.request.message}`];
      if (o.approve && !o.approve.ok) return [`approve "${o.question}": ${o.approve.message}`];
      return [];
    });
    expect(failures).toEqual([]);
    expect(postedTwice(f)).toEqual([]);
    expect(await verifyChain(f.stores.audit.walk(), await f.stores.audit.head())).toMatchObject({ ok: true });
  }, 90_000);
});
