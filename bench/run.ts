/**
 * `npm run bench`: every benchmark in one run on this machine, side by side, then BENCHMARKS.md.
 * `npm run bench -- --quick` runs short windows and few drafts and prints the report instead of writing it.
 *
 * It starts its own redis-server processes (never the shared 6379), a fake Slack Web API on 127.0.0.1, and the
 * systems under test as child processes, and stops all of them at the end, on failure, and on Ctrl-C.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { ACTION } from '../adapters/slack/action-ids.js';
import { type RedisServerHandle, startRedisServer } from '../testkit/redis-server.js';
import { type AckTarget, compareAckLatency } from './benches/ack-latency.js';
import { measureAuditThroughput } from './benches/audit-throughput.js';
import { type FlowResult, runFlows } from './benches/full-flows.js';
import { measureMemory } from './benches/redis-memory.js';
import { measureRiskScans } from './benches/risk-scan.js';
import { measureWaitCost } from './benches/wait-replicas.js';
import { BenchSlackApi } from './lib/bench-slack-api.js';
import { calibrate } from './lib/calibrate.js';
import { BenchChild } from './lib/child-process.js';
import type { ProfileSummary } from './lib/cpu-profile.js';
import { cpuProbe } from './lib/cpu-snapshot.js';
import { QUESTION, TEXT_1KB, unique } from './lib/fixtures.js';
import { HttpPoster, sleep } from './lib/http-load.js';
import { load1, machineFacts } from './lib/machine.js';
import { redisWindow } from './lib/redis-stats.js';
import {
  approveValue,
  blockAction,
  editSubmission,
  signedHeaders,
  slashCommand,
} from './lib/slack-payloads.js';
import { type BenchResults, type RedisFlowWindow, renderReport } from './report.js';
import type { DraftgateServerReady } from './sut/draftgate-server.js';
import type { GateFlowsResult } from './sut/gate-flows.js';

const quick = process.argv.includes('--quick');
const SECRET = 'bench-signing-secret-0123456789';
const CHANNEL = 'C0BENCH';

/** Sizes of each phase; --quick shrinks them for a smoke run. */
const plan = quick
  ? {
      ack: { rate: 100, count: 300, warmup: 50, rounds: 2 },
      slash: { rate: 100, count: 200, warmup: 50, rounds: 2 },
      flows: { concurrency: [1, 10, 100], warmupMs: 500, measureMs: 2000 },
      gateFlows: { concurrency: [1, 10, 100], warmupMs: 300, measureMs: 1500 },
      profileMs: 2000,
      ackProfile: 200,
      audit: { count: 300, concurrency: 32 },
      risk: { batches: 2, batch: 300 },
      memory: { drafts: 2000, concurrency: 32, maxCreateMs: 60_000, listpackDrafts: 200 },
      waitCost: { flows: 100, writes: 500, concurrency: [1, 10] },
    }
  : {
      ack: { rate: 100, count: 1500, warmup: 300, rounds: 3 },
      // A p99 over 800 samples swung from 0.8× to 2.5× bare Bolt between runs: more samples, more alternations.
      slash: { rate: 100, count: 1600, warmup: 200, rounds: 8 },
      flows: { concurrency: [1, 10, 100], warmupMs: 2000, measureMs: 6000 },
      gateFlows: { concurrency: [1, 10, 100], warmupMs: 1000, measureMs: 3000 },
      profileMs: 5000,
      ackProfile: 1000,
      audit: { count: 2000, concurrency: 32 },
      risk: { batches: 3, batch: 1000 },
      memory: { drafts: 100_000, concurrency: 64, maxCreateMs: 240_000, listpackDrafts: 2000 },
      waitCost: { flows: 500, writes: 2000, concurrency: [1, 10] },
    };

const cleanups: (() => Promise<void>)[] = [];
const cleanupAll = async () => {
  while (cleanups.length > 0) {
    const next = cleanups.pop();
    await next?.().catch((error: unknown) => console.error('cleanup failed:', error));
  }
};
// A closed pipe on stdout (e.g. `npm run bench | head`) must not kill the run before it has cleaned up.
process.stdout.on('error', () => {});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const loads: { phase: string; load1: number }[] = [];
const phase = (name: string) => {
  loads.push({ phase: name, load1: load1() });
  log(`${name} (1-min load average ${load1().toFixed(2)})`);
};

async function startRedis(): Promise<{ server: RedisServerHandle; admin: Redis }> {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  cleanups.push(async () => {
    admin.disconnect();
  });
  // The slow log keeps any command of 1 ms or more, for the profile notes.
  await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '1000');
  await admin.call('CONFIG', 'SET', 'slowlog-max-len', '1024');
  return { server, admin };
}

async function startChild<R>(entry: string, args: unknown, logFile: string): Promise<BenchChild<R>> {
  const child = await BenchChild.start<R>({ entry, args, logFile });
  cleanups.push(() => child.stop());
  return child;
}

/** A pending draft whose card shows version 1 while the draft is at version 2 (edited): for stale clicks. */
async function staleCard(fake: BenchSlackApi, endpoint: string, idle: () => Promise<void>) {
  const user = 'U0ALICE';
  let card: { ts: string; value: string } | undefined;
  fake.hooks = {
    onPost(message) {
      const value = message.channel === `D${user}` ? approveValue(message.params.get('blocks')) : undefined;
      if (value && !card) card = { ts: message.ts, value };
    },
  };
  const poster = new HttpPoster(new URL(endpoint));
  try {
    const ask = slashCommand({
      text: QUESTION,
      user,
      channel: CHANNEL,
      responseUrl: fake.responseUrl('setup'),
    });
    const asked = await poster.post(signedHeaders(SECRET, ask), ask.body);
    if (asked.status !== 200) throw new Error(`setup: the slash command answered ${asked.status}`);
    await idle();
    if (!card) throw new Error('setup: no review card reached the DM');
    const edit = editSubmission({
      user,
      privateMetadata: card.value,
      text: `${TEXT_1KB.slice(0, -6)}edited`,
    });
    const edited = await poster.post(signedHeaders(SECRET, edit), edit.body);
    if (edited.status !== 200 || edited.body.includes('errors'))
      throw new Error(`setup: the edit failed: ${edited.body}`);
    await idle();
    return { user, card };
  } finally {
    poster.close();
    fake.hooks = {};
  }
}

function countLogLines(file: string): { warnings: number; errors: number } {
  let warnings = 0;
  let errors = 0;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { warnings, errors };
  }
  for (const line of text.split('\n')) {
    if (line.includes('"level":40')) warnings += 1;
    else if (line.includes('"level":50') || line.includes('"level":60')) errors += 1;
    else if (/^\S*Error\b|Unhandled|uncaught/i.test(line)) errors += 1;
  }
  return { warnings, errors };
}

async function main(): Promise<void> {
  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'draftgate-bench-'));
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
  const logFile = join(workDir, 'draftgate.log');

  phase('starting Redis, the fake Slack API, draftgate and bare Bolt');
  const { server: redis, admin } = await startRedis();
  const machine = await machineFacts(admin);
  const calibrationStart = await calibrate(admin);
  const fake = await BenchSlackApi.start();
  cleanups.push(() => fake.close());
  const draftgate = await startChild<DraftgateServerReady>(
    'bench/sut/draftgate-server.ts',
    { redisUrl: redis.url, prefix: 'draftgate', slackApiUrl: fake.apiUrl, signingSecret: SECRET },
    logFile,
  );
  const bolt = await startChild<{ url: string }>(
    'bench/sut/bolt-server.ts',
    { signingSecret: SECRET },
    join(workDir, 'bolt.log'),
  );
  const dgEndpoint = `${draftgate.ready.url}/slack/events`;
  const dgIdle = async () => {
    await draftgate.call('idle');
  };
  const targets: AckTarget[] = [
    { name: 'draftgate', endpoint: dgEndpoint, child: draftgate, idle: dgIdle },
    { name: 'bare Bolt', endpoint: `${bolt.ready.url}/slack/events`, child: bolt },
  ];

  phase('ack latency: stale Approve clicks');
  const { user, card } = await staleCard(fake, dgEndpoint, dgIdle);
  const auditBefore = await admin.xlen('draftgate:audit');
  const responsesBefore = fake.count('response_url');
  const clickDelivery = blockAction({
    actionId: ACTION.approve,
    value: card.value,
    user,
    channel: `D${user}`,
    messageTs: card.ts,
    responseUrl: fake.responseUrl('stale'),
  });
  const click = await compareAckLatency({
    ...plan.ack,
    secret: SECRET,
    targets,
    delivery: () => clickDelivery,
  });
  // Every click to draftgate (warm-up included) must have been recorded as stale and answered privately.
  const clicks = plan.ack.warmup + click.count;
  const staleRecorded = (await admin.xlen('draftgate:audit')) - auditBefore;
  const told = fake.count('response_url') - responsesBefore;
  if (staleRecorded !== clicks || told !== clicks) {
    throw new Error(
      `expected ${clicks} stale_click events and private replies, saw ${staleRecorded} and ${told}`,
    );
  }

  phase('ack latency: slash commands');
  let asks = 0;
  const cardsBefore = fake.count('chat.postMessage');
  const slash = await compareAckLatency({
    ...plan.slash,
    secret: SECRET,
    targets,
    delivery: () => {
      asks += 1;
      return slashCommand({
        text: unique(QUESTION),
        user: `U0ACK${String(asks).padStart(6, '0')}`,
        channel: CHANNEL,
        responseUrl: fake.responseUrl('ack'),
      });
    },
  });
  const slashToDraftgate = plan.slash.warmup + slash.count;
  const cards = fake.count('chat.postMessage') - cardsBefore;
  if (cards !== slashToDraftgate) throw new Error(`expected ${slashToDraftgate} review cards, saw ${cards}`);

  phase('full flows through the HTTP route');
  const probe = cpuProbe(draftgate, admin);
  const flows: FlowResult[] = [];
  let flowRedis: RedisFlowWindow | undefined;
  const flowBase = { endpoint: dgEndpoint, fake, secret: SECRET, question: QUESTION, channel: CHANNEL };
  // Warm the flow's code paths (JIT) first, so that the first level measured is not also the coldest.
  await runFlows({ ...flowBase, concurrency: 10, warmupMs: 0, measureMs: plan.flows.warmupMs, tag: 'JITX' });
  await dgIdle();
  for (const concurrency of plan.flows.concurrency) {
    const options = {
      ...flowBase,
      concurrency,
      warmupMs: plan.flows.warmupMs,
      measureMs: plan.flows.measureMs,
      tag: `F${concurrency}X`,
      probe,
    };
    const window = await redisWindow(admin, () => runFlows(options));
    await dgIdle();
    flows.push(window.value);
    log(
      `  ${concurrency} concurrent: ${window.value.flowsPerSecond.toFixed(1)} flows/s, ${window.value.failed} failed`,
    );
    if (concurrency === Math.max(...plan.flows.concurrency)) {
      const evalsha = window.stats.get('evalsha');
      const totalUs = [...window.stats.values()].reduce((sum, stat) => sum + stat.usec, 0);
      flowRedis = {
        concurrency,
        flows: window.value.total,
        evalshaPerFlow: (evalsha?.calls ?? 0) / window.value.total,
        usPerEvalsha: evalsha?.usecPerCall ?? Number.NaN,
        busyShare: totalUs / 1000 / window.wallMs,
        evalshaShare: totalUs > 0 ? (evalsha?.usec ?? 0) / totalUs : Number.NaN,
        slow: window.slow,
      };
    }
  }
  if (!flowRedis) throw new Error('no Redis window for the flows');
  // The same at the highest level with a new requester every flow: each opens its DM (conversations.open) first.
  const firstRequests = await runFlows({
    ...flowBase,
    concurrency: Math.max(...plan.flows.concurrency),
    warmupMs: plan.flows.warmupMs,
    measureMs: plan.flows.measureMs,
    tag: 'FNEWX',
    requesters: 'new',
    probe,
  });
  await dgIdle();
  log(
    `  ${firstRequests.concurrency} concurrent, a new requester each: ${firstRequests.flowsPerSecond.toFixed(1)} flows/s, ${firstRequests.failed} failed`,
  );

  phase('profiles of draftgate (flows, then stale clicks)');
  const profileConcurrency = Math.max(...plan.flows.concurrency);
  await draftgate.call('profileStart');
  const profiled = await runFlows({
    ...flowBase,
    concurrency: profileConcurrency,
    warmupMs: 0,
    measureMs: plan.profileMs,
    tag: 'PROF',
  });
  await dgIdle();
  const flowProfile = await draftgate.call<ProfileSummary>('profileStop');
  await draftgate.call('profileStart');
  await compareAckLatency({
    rate: plan.ack.rate,
    count: plan.ackProfile,
    warmup: 0,
    rounds: 1,
    secret: SECRET,
    targets: targets.slice(0, 1),
    delivery: () => clickDelivery,
  });
  const ackProfile = await draftgate.call<ProfileSummary>('profileStop');
  await bolt.stop();
  await draftgate.stop();

  phase('full flows through the Gate API');
  const gateChild = await startChild<{ pid: number }>(
    'bench/sut/gate-flows.ts',
    { redisUrl: redis.url, prefix: 'draftgate', slackApiUrl: fake.apiUrl },
    join(workDir, 'gate.log'),
  );
  const gateFlows: GateFlowsResult[] = [];
  await gateChild.call('flows', {
    ...plan.gateFlows,
    concurrency: 10,
    warmupMs: 0,
    chat: 'slack',
    tag: 'GJITX',
  });
  for (const chat of ['slack', 'noop'] as const) {
    for (const concurrency of plan.gateFlows.concurrency) {
      const result = await gateChild.call<GateFlowsResult>('flows', {
        ...plan.gateFlows,
        concurrency,
        chat,
        tag: `G${chat === 'slack' ? 'S' : 'N'}${concurrency}X`,
      });
      gateFlows.push(result);
      log(
        `  ${chat} chat, ${concurrency} concurrent: ${result.flowsPerSecond.toFixed(1)} flows/s, ${result.failed} failed`,
      );
    }
  }
  await gateChild.stop();

  phase('audit append throughput');
  const audit = await measureAuditThroughput(admin, { redisUrl: redis.url, ...plan.audit });

  phase('risk review cost over time');
  const risk = await measureRiskScans(plan.risk.batches, plan.risk.batch);

  phase(
    `Redis memory at ${plan.memory.drafts.toLocaleString('en-US')} pending drafts (a Redis server of its own)`,
  );
  const memRedis = await startRedis();
  const memory = await measureMemory(memRedis.admin, { redisUrl: memRedis.server.url, ...plan.memory });
  phase('what redis.wait_replicas costs (a master and a replica of their own)');
  const waitCost = await measureWaitCost(plan.waitCost);
  const calibrationEnd = await calibrate(memRedis.admin);
  phase('done measuring');

  const logs = [logFile, join(workDir, 'gate.log')].map(countLogLines);
  const results: BenchResults = {
    quick,
    machine,
    calibration: { start: calibrationStart, end: calibrationEnd },
    durationS: (performance.now() - started) / 1000,
    load: loads,
    ack: { click, slash },
    flows,
    firstRequests,
    flowRedis,
    gateFlows,
    profile: {
      concurrency: profileConcurrency,
      flowsPerSecond: profiled.flowsPerSecond,
      summary: flowProfile,
    },
    ackProfile: { summary: ackProfile, requests: plan.ackProfile },
    audit,
    risk,
    memory,
    waitCost,
    logs: {
      warnings: logs.reduce((sum, entry) => sum + entry.warnings, 0),
      errors: logs.reduce((sum, entry) => sum + entry.errors, 0),
    },
  };
  const report = renderReport(results);
  if (quick) {
    console.log(report);
  } else {
    writeFileSync('BENCHMARKS.md', report);
    log('wrote BENCHMARKS.md');
  }
}

try {
  await main();
} catch (error) {
  console.error('the benchmark failed:', error);
  process.exitCode = 1;
} finally {
  await cleanupAll();
  // Let the last sockets close, then make sure nothing keeps the process alive.
  await sleep(50);
  process.exit();
}
