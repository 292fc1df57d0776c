/**
 * What `redis.wait_replicas` costs. Whole request-and-approve flows run through the Gate on the product's store
 * (createStores: the retry wrapper, and with wait_replicas every draftgate script pipelined with its WAIT) against
 * a master with one replica on loopback, once without WAIT and once with `wait_replicas: 1`, at concurrency 1 and
 * 10. The agent answers at once, the chat platform does no I/O and the risk review is stubbed, so the difference is
 * the replication round trip each write now waits for. On loopback that round trip is the floor: across a network,
 * add one replica RTT per write.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { policySchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import { systemClock } from '../../src/core/ports.js';
import { createStores } from '../../src/store/create-store.js';
import { type RedisServerHandle, startRedisServer } from '../../testkit/redis-server.js';
import { instantAgent } from '../lib/fixtures.js';
import { noopSlackChat } from '../lib/noop-chat.js';
import { fmt, type Summary, summarize } from '../lib/stats.js';

export interface WaitCostRow {
  waitReplicas: number;
  concurrency: number;
  flows: number;
  flowsPerSecond: number;
  /** One request plus its approval, ms. */
  latency: Summary;
}

export interface WaitCostResult {
  rows: WaitCostRow[];
  /** One write alone, sequentially: SET vs SET pipelined with WAIT 1 on the same connection (ms). */
  write: { plain: Summary; waited: Summary };
  /** Script writes (each followed by a WAIT when wait_replicas is set) per flow. */
  writesPerFlow: number;
}

const actor = { id: 'U0ALICE', platform: 'slack' as const, workspace: 'T0BENCH', name: 'alice' };
const target = { platform: 'slack' as const, workspace: 'T0BENCH', channel: 'C0BENCH', channelName: 'bench' };

async function replicated(master: RedisServerHandle): Promise<RedisServerHandle> {
  const replica = await startRedisServer({
    extraArgs: ['--replicaof', '127.0.0.1', String(master.port), '--repl-diskless-sync-delay', '0'],
  });
  const { Redis } = await import('ioredis');
  const probe = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  try {
    for (let i = 0; i < 200; i++) {
      if ((await probe.info('replication')).includes('master_link_status:up')) return replica;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not sync');
  } finally {
    probe.disconnect();
  }
}

async function run(
  master: RedisServerHandle,
  waitReplicas: number,
  concurrency: number,
  flows: number,
): Promise<WaitCostRow & { writes: number }> {
  const stores = createStores({
    redisUrl: master.url,
    prefix: `bench-wait-${waitReplicas}-${concurrency}`,
    keepFinishedMs: 3_600_000,
    clock: systemClock,
    waitReplicas,
    waitTimeoutMs: 1_000,
  });
  await stores.redis?.connect();
  let writes = 0;
  const gate = new Gate({
    store: stores.drafts,
    audit: stores.audit,
    policy: new Policy(policySchema.parse({})),
    agent: instantAgent,
    risk: { review: async () => [] },
    logger: pino({ level: 'warn' }),
    keepFinishedMs: 3_600_000,
    agentTimeoutMs: 60_000,
  });
  gate.attach(noopSlackChat());
  const latencies: number[] = [];
  let next = 0;
  const one = async (i: number) => {
    const started = performance.now();
    const asked = await gate.request({ target, requester: actor, question: `q${i}`, source: 'slash' });
    if (!asked.ok) throw new Error(`request failed: ${asked.message}`);
    const approved = await gate.approve({
      draftId: asked.draft.id,
      version: asked.draft.version,
      actor,
      confirmed: false,
    });
    if (!approved.ok) throw new Error(`approve failed: ${approved.message}`);
    latencies.push(performance.now() - started);
  };
  const monitor = stores.redis ? await countScripts(master) : undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < flows) await one(next++);
    }),
  );
  const elapsed = performance.now() - started;
  writes = (await monitor?.()) ?? 0;
  await stores.drafts.close();
  return {
    waitReplicas,
    concurrency,
    flows,
    flowsPerSecond: flows / (elapsed / 1000),
    latency: summarize(latencies),
    writes: writes / flows,
  };
}

/** Counts EVALSHA/EVAL calls on the master from now on (INFO commandstats), for the writes-per-flow figure. */
async function countScripts(master: RedisServerHandle): Promise<() => Promise<number>> {
  const { Redis } = await import('ioredis');
  const admin = new Redis(master.url, { maxRetriesPerRequest: 1 });
  const calls = async () => {
    const stats = await admin.info('commandstats');
    return [...stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  };
  const before = await calls();
  return async () => {
    const after = await calls();
    admin.disconnect();
    return after - before;
  };
}

/** The bare price of one WAIT: sequential single writes, with and without it. */
async function singleWrites(master: RedisServerHandle, count: number): Promise<WaitCostResult['write']> {
  const { Redis } = await import('ioredis');
  const client = new Redis(master.url, { maxRetriesPerRequest: 1 });
  try {
    const plain: number[] = [];
    const waited: number[] = [];
    for (let i = 0; i < count; i++) {
      let started = performance.now();
      await client.set('bench-wait:plain', String(i));
      plain.push(performance.now() - started);
      started = performance.now();
      const replies = await client.pipeline().set('bench-wait:waited', String(i)).wait(1, 1000).exec();
      if (Number(replies?.[1]?.[1]) < 1) throw new Error('the replica did not acknowledge');
      waited.push(performance.now() - started);
    }
    return { plain: summarize(plain), waited: summarize(waited) };
  } finally {
    client.disconnect();
  }
}

export async function measureWaitCost(options: {
  flows: number;
  writes: number;
  concurrency: readonly number[];
}): Promise<WaitCostResult> {
  const master = await startRedisServer({ extraArgs: ['--repl-diskless-sync-delay', '0'] });
  const replica = await replicated(master).catch(async (error: unknown) => {
    await master.stop();
    throw error;
  });
  try {
    const rows: (WaitCostRow & { writes: number })[] = [];
    for (const concurrency of options.concurrency) {
      // A short warm-up on each setting, then the measured window.
      for (const waitReplicas of [0, 1]) await run(master, waitReplicas, concurrency, 20);
      for (const waitReplicas of [0, 1])
        rows.push(await run(master, waitReplicas, concurrency, options.flows));
    }
    const write = await singleWrites(master, options.writes);
    return { rows, write, writesPerFlow: rows[0]?.writes ?? Number.NaN };
  } finally {
    await replica.stop();
    await master.stop();
  }
}

export function renderWaitCost(result: WaitCostResult): string {
  const lines = [
    '## What `redis.wait_replicas: 1` costs',
    '',
    `Request-and-approve flows through the Gate on a master with one replica (loopback). Each flow makes ${fmt(
      result.writesPerFlow,
    )} script writes; with \`wait_replicas: 1\` each is pipelined with \`WAIT 1 1000\` on the same connection.`,
    '',
    '| wait_replicas | concurrency | flows | flows/s | p50 ms | p90 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (r) =>
        `| ${r.waitReplicas} | ${r.concurrency} | ${r.flows} | ${fmt(r.flowsPerSecond)} | ${fmt(r.latency.p50)} | ${fmt(
          r.latency.p90,
        )} | ${fmt(r.latency.p99)} |`,
    ),
    '',
  ];
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${fmt(Math.abs(value))}`;
  const w = result.write;
  lines.push(
    `- one write alone (${w.plain.count} sequential): p50 ${fmt(w.plain.p50)} ms without WAIT, ${fmt(
      w.waited.p50,
    )} ms with it (${signed(w.waited.p50 - w.plain.p50)} ms); p99 ${fmt(w.plain.p99)} vs ${fmt(w.waited.p99)} ms.`,
  );
  for (const concurrency of new Set(result.rows.map((r) => r.concurrency))) {
    const without = result.rows.find((r) => r.concurrency === concurrency && r.waitReplicas === 0);
    const withWait = result.rows.find((r) => r.concurrency === concurrency && r.waitReplicas === 1);
    if (!without || !withWait) continue;
    lines.push(
      `- whole flows at concurrency ${concurrency}: p50 ${signed(withWait.latency.p50 - without.latency.p50)} ms per flow, ` +
        `throughput ${fmt((withWait.flowsPerSecond / without.flowsPerSecond) * 100)} % of no WAIT.`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
