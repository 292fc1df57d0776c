/**
 * Durable acknowledgements with `redis.wait_replicas: 1` on a real master and replica. The replica's link runs
 * through a proxy that can stall it: while it is stalled, approvals fail closed (the reviewer is told to try again)
 * and nothing is posted. A failover that loses what the master alone held still leaves, on the promoted replica,
 * the `approved` and `published` events of every message that is in the channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/core/draft.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import type { RedisServerHandle } from '../../testkit/redis-server.js';
import { ManualClock } from '../support/clock.js';
import { alice, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { postedTwice, postsWithoutRecord, requestAndApprove } from '../support/ha-flows.js';
import { uniquePrefix } from '../support/redis.js';
import { cli, kill, startMaster, startReplica, until } from '../support/redis-ha.js';
import { ReplicationLinkProxy } from '../support/replication-link-proxy.js';

describe('wait_replicas: 1', () => {
  let master: RedisServerHandle | undefined;
  let replica: RedisServerHandle | undefined;
  let link: ReplicationLinkProxy | undefined;
  let f: GateFixture | undefined;
  let promoted: Stores | undefined;

  beforeAll(async () => {
    master = await startMaster();
    link = await ReplicationLinkProxy.start(master.port);
    replica = await startReplica(master, link.port);
  }, 30_000);

  afterAll(async () => {
    await f?.close().catch(() => {});
    await promoted?.drafts.close().catch(() => {});
    await link?.close();
    await replica?.stop();
    await master?.stop();
  });

  const approve = (draft: Draft) =>
    f?.gate.approve({ draftId: draft.id, version: draft.version, actor: alice, confirmed: false });

  it('fails approvals closed while the replica lags, and keeps every posted message’s record through a failover', async () => {
    if (!master || !replica || !link) throw new Error('no topology');
    const prefix = uniquePrefix('wait');
    const clock = new ManualClock();
    const stores = createStores({
      redisUrl: master.url,
      prefix,
      keepFinishedMs: 3_600_000,
      clock,
      waitReplicas: 1,
      waitTimeoutMs: 300,
    });
    stores.redis?.on('error', () => {});
    await stores.redis?.connect();
    f = await gateFixture('redis', { stores: { ...stores, prefix }, clock });
    expect(await stores.replicas?.()).toEqual({ connected: 1, required: 1 });

    for (let i = 0; i < 3; i++) {
      const flow = await requestAndApprove(f, `confirmed ${i}`);
      expect(flow.approve?.ok, flow.approve?.ok === false ? flow.approve.message : '').toBe(true);
    }
    const first = await f.gate.request({ target, requester: alice, question: 'first held', source: 'slash' });
    const second = await f.gate.request({
      target,
      requester: alice,
      question: 'second held',
      source: 'slash',
    });
    if (!first.ok || !second.ok) throw new Error('the requests failed');

    // The replica stalls: the approval cannot be confirmed, so it fails closed and nothing is posted.
    link.pause();
    const refused = await approve(first.draft);
    expect(refused?.ok).toBe(false);
    expect(refused?.ok === false && refused.code).toBe('unavailable');
    expect(refused?.ok === false && refused.message).toMatch(/Nothing was posted\. Try again/);
    expect(f.chat.posts.map((p) => p.draftId)).not.toContain(first.draft.id);
    link.resume();

    // The reviewer retries once the lease has been reclaimed and reconciled (nothing was found in the channel,
    // so the draft waits in publish_failed).
    clock.advance(61_000);
    await f.gate.sweep();
    clock.advance(2_000);
    await f.gate.sweep();
    const current = await f.stores.drafts.get(first.draft.id);
    if (!current) throw new Error('the draft is gone');
    expect(current.state).toBe('publish_failed'); // nothing was posted: Retry is offered
    const retried = await approve(current);
    expect(retried?.ok, retried?.ok === false ? retried.message : '').toBe(true);

    // The replica stalls again and the master dies with writes only it had: the approval was never confirmed.
    link.pause();
    const lost = await approve(second.draft);
    expect(lost?.ok).toBe(false);
    await kill(master);
    link.cut();
    await cli(replica.port, 'replicaof', 'no', 'one');
    await until('the replica to be promoted', async () =>
      (await cli(replica?.port ?? 0, 'info', 'replication')).includes('role:master'),
    );

    promoted = createStores({ redisUrl: replica.url, prefix, keepFinishedMs: 3_600_000, clock });
    await promoted.redis?.connect();
    const entries = await promoted.audit.range({});
    expect(f.chat.posts.map((p) => p.draftId)).not.toContain(second.draft.id);
    expect(f.chat.posts).toHaveLength(4);
    expect(postsWithoutRecord(f, entries)).toEqual([]);
    expect(postedTwice(f)).toEqual([]);
    expect(await verifyChain(promoted.audit.walk(), await promoted.audit.head())).toMatchObject({ ok: true });
  }, 60_000);
});
