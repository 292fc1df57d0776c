/**
 * Redis Sentinel for real: 1 master, 1 replica, 3 sentinels on loopback. The master is killed while flows run;
 * after the promotion, flows work without a restart, nothing is posted twice, and `draftgate audit verify`
 * (connected through a redis+sentinel:// URL) passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/verify-chain.js';
import { createStores } from '../../src/store/create-store.js';
import type { RedisServerHandle } from '../../testkit/redis-server.js';
import { ManualClock } from '../support/clock.js';
import { writeConfigFile } from '../support/draftgate-process.js';
import { alice, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { flowsUntil, postedTwice, requestAndApprove } from '../support/ha-flows.js';
import { uniquePrefix } from '../support/redis.js';
import {
  cli,
  kill,
  type SentinelHandle,
  sentinelMasterPort,
  sentinelsReady,
  startMaster,
  startReplica,
  startSentinel,
  until,
} from '../support/redis-ha.js';
import { runCli } from '../support/run-cli.js';

const NAME = 'dgmaster';

describe('Redis Sentinel failover', () => {
  let master: RedisServerHandle | undefined;
  let replica: RedisServerHandle | undefined;
  const sentinels: SentinelHandle[] = [];
  let f: GateFixture | undefined;
  let configFile: { path: string; remove(): void } | undefined;

  beforeAll(async () => {
    master = await startMaster();
    replica = await startReplica(master);
    for (let i = 0; i < 3; i++) sentinels.push(await startSentinel(master, NAME, 2));
    await sentinelsReady(sentinels, NAME);
  }, 60_000);

  afterAll(async () => {
    await f?.close().catch(() => {});
    for (const s of sentinels) await s.stop();
    await replica?.stop();
    await master?.stop();
    configFile?.remove();
  });

  it('keeps working after the master dies and a replica is promoted, with nothing posted twice', async () => {
    if (!master || !replica) throw new Error('no topology');
    const addresses = sentinels.map((s) => `127.0.0.1:${s.port}`);
    const prefix = uniquePrefix('sentinel');
    const clock = new ManualClock();
    const stores = createStores({
      sentinels: addresses,
      sentinelName: NAME,
      prefix,
      keepFinishedMs: 3_600_000,
      clock,
    });
    // ioredis reports each refused reconnect while the master is down; the retry budget handles them.
    stores.redis?.on('error', () => {});
    await stores.redis?.connect();
    f = await gateFixture('redis', { stores: { ...stores, prefix }, clock });

    for (let i = 0; i < 3; i++) {
      const before = await requestAndApprove(f, `before ${i}`);
      expect(before.approve?.ok, before.approve?.ok === false ? before.approve.message : '').toBe(true);
    }
    const pending = await f.gate.request({
      target,
      requester: alice,
      question: 'left pending',
      source: 'slash',
    });
    if (!pending.ok) throw new Error(pending.message);
    const masterOffset = async (port: number) =>
      Number(/master_repl_offset:(\d+)/.exec(await cli(port, 'info', 'replication'))?.[1]);
    const written = await masterOffset(master.port);
    await until('the replica to have everything written so far', async () => {
      const info = await cli(replica?.port ?? 0, 'info', 'replication');
      return Number(/slave_repl_offset:(\d+)/.exec(info)?.[1]) >= written;
    });

    let stop = false;
    const during = flowsUntil(f, 'during', () => stop);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await kill(master);
    await until(
      'the sentinels to promote the replica',
      async () => (await sentinelMasterPort(sentinels, NAME)) === replica?.port,
    );
    stop = true;
    await during;

    // After the promotion, with the same client and no restart: every flow works.
    for (let i = 0; i < 5; i++) {
      const after = await requestAndApprove(f, `after ${i}`);
      expect(after.request.ok, after.request.ok ? '' : after.request.message).toBe(true);
      expect(after.approve?.ok, after.approve?.ok === false ? after.approve.message : '').toBe(true);
    }
    const approved = await f.gate.approve({
      draftId: pending.draft.id,
      version: pending.draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(approved.ok, approved.ok ? '' : approved.message).toBe(true);
    expect(postedTwice(f)).toEqual([]);
    expect(await verifyChain(f.stores.audit.walk(), await f.stores.audit.head())).toMatchObject({ ok: true });

    configFile = writeConfigFile({ redis: { prefix } });
    const verify = await runCli(['audit', 'verify'], {
      env: {
        REDIS_URL: `redis+sentinel://${addresses.join(',')}/${NAME}`,
        DRAFTGATE_CONFIG: configFile.path,
      },
    });
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^ok: \d+ entries/);
    expect(verify.code).toBe(0);
  }, 60_000);
});
