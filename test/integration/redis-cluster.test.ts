/**
 * On a real 3-node Redis Cluster: every key carries the audit stream's hash tag, so the multi-key Lua scripts
 * (transitions, sweeps) run, the chain verifies, and concurrency still yields one winner.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/verify-chain.js';
import { createStores } from '../../src/store/create-store.js';
import { type RedisServerHandle, startRedisServer } from '../../testkit/redis-server.js';
import { ManualClock } from '../support/clock.js';
import { alice, auditTypes, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { uniquePrefix } from '../support/redis.js';

const run = promisify(execFile);

describe('Redis Cluster', () => {
  const nodes: RedisServerHandle[] = [];
  let f: GateFixture | undefined;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      nodes.push(
        await startRedisServer({
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
        }),
      );
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    // `--cluster create` returns once the first node agrees; a loaded machine can take seconds more before every
    // node knows all 16384 slots. Until then a command routed to a lagging node answers CLUSTERDOWN, and the
    // gate's retry budget spends its 5 s on each one. Wait for every node, and fail the setup loudly if they never agree.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const states = await Promise.all(
        nodes.map(async (n) => (await run('redis-cli', ['-p', String(n.port), 'cluster', 'info'])).stdout),
      );
      if (states.every((s) => s.includes('cluster_state:ok') && s.includes('cluster_slots_ok:16384'))) break;
      if (Date.now() > deadline) throw new Error(`the test cluster never converged:\n${states.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await f?.close();
    for (const node of nodes) await node.stop();
  });

  it('runs the gate’s transitions, sweeps and chain across a cluster', async () => {
    const clock = new ManualClock();
    const prefix = uniquePrefix('cluster');
    const stores = createStores({
      redisUrl: `redis://127.0.0.1:${nodes[0]?.port}`,
      cluster: true,
      prefix,
      keepFinishedMs: 60_000,
      clock,
    });
    await stores.redis?.connect();
    f = await gateFixture('redis', { stores: { ...stores, prefix }, clock });
    const published = await f.gate.request({
      target,
      requester: alice,
      question: 'How do I read logs?',
      source: 'slash',
    });
    if (!published.ok) throw new Error(published.message);
    // The open-draft index lives in the audit stream's slot, written by the transition script.
    expect((await f.gate.pending(alice)).map((item) => item.draft.id)).toEqual([published.draft.id]);
    // The start-up reindex runs in the same slot too.
    expect(await stores.drafts.reindexOpen?.()).toBe(1);
    const clicks = await Promise.all(
      Array.from({ length: 10 }, () =>
        f?.gate.approve({ draftId: published.draft.id, version: 1, actor: alice, confirmed: false }),
      ),
    );
    expect(clicks.filter((c) => c?.ok)).toHaveLength(1);
    const expiring = await f.gate.request({ target, requester: alice, question: 'Another', source: 'slash' });
    if (!expiring.ok) throw new Error(expiring.message);
    expect((await f.gate.pending(alice)).map((item) => item.draft.id)).toEqual([expiring.draft.id]);
    clock.advance(25 * 3_600_000);
    expect((await f.gate.sweep()).expired).toBe(1);
    expect(await f.gate.pending(alice)).toEqual([]);
    expect(f.chat.posts).toHaveLength(1);
    expect(await auditTypes(f.stores, published.draft.id)).toContain('published');
    expect(await auditTypes(f.stores, expiring.draft.id)).toContain('expired');
    expect(await verifyChain(f.stores.audit.walk(), await f.stores.audit.head())).toMatchObject({ ok: true });
  }, 60_000);
});
