/**
 * Real Redis topologies on loopback for the high-availability tests: a master with replicas, Redis Sentinel
 * (redis-server --sentinel), and a Cluster with replicas. Timeouts are short so that a failover takes seconds.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  type RedisServerHandle,
  startRedisServer,
  terminate,
  waitForPort,
} from '../../testkit/redis-server.js';

const run = promisify(execFile);

/** One redis-cli command against a loopback port; resolves with its output. */
export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}

/** Polls `check` until it returns a value (not undefined/false), or fails with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`,
  );
}

/** Replication settings for fast, full syncs on loopback. */
const REPLICATION_ARGS = ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'];

export async function startMaster(extraArgs: string[] = []): Promise<RedisServerHandle> {
  return await startRedisServer({ extraArgs: [...REPLICATION_ARGS, ...extraArgs] });
}

/** A replica of `master` (through `viaPort`, a link proxy, if given), resolved once its link is up. */
export async function startReplica(master: RedisServerHandle, viaPort?: number): Promise<RedisServerHandle> {
  const replica = await startRedisServer({
    extraArgs: [
      ...REPLICATION_ARGS,
      '--replicaof',
      '127.0.0.1',
      String(viaPort ?? master.port),
      '--enable-debug-command',
      'local',
    ],
  });
  await until(`replica ${replica.port} to sync`, async () =>
    (await cli(replica.port, 'info', 'replication')).includes('master_link_status:up'),
  );
  return replica;
}

export interface SentinelHandle {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A sentinel monitoring `master` under `name`; fails over after 1 s of silence. */
export async function startSentinel(
  master: RedisServerHandle,
  name: string,
  quorum: number,
): Promise<SentinelHandle> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'draftgate-sentinel-'));
  const file = join(dir, 'sentinel.conf');
  writeFileSync(
    file,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${master.port} ${quorum}`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [file, '--sentinel', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitForPort(port, 10_000, () => output);
  return {
    port,
    process: child,
    async stop() {
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The master address the sentinels agree on (every one of them), as a port. */
export async function sentinelMasterPort(sentinels: SentinelHandle[], name: string): Promise<number> {
  const answers = await Promise.all(
    sentinels.map((s) => cli(s.port, 'sentinel', 'get-master-addr-by-name', name)),
  );
  const ports = new Set(answers.map((a) => Number(a.split('\n')[1])));
  if (ports.size !== 1) throw new Error(`the sentinels disagree: ${answers.join(' | ')}`);
  return [...ports][0] ?? 0;
}

/** Waits until every sentinel knows the others and the replica (a failover needs both). */
export async function sentinelsReady(sentinels: SentinelHandle[], name: string): Promise<void> {
  await until('the sentinels to discover each other and the replica', async () => {
    for (const s of sentinels) {
      const info = await cli(s.port, 'sentinel', 'master', name);
      const lines = info.split('\n');
      const field = (key: string) => Number(lines[lines.indexOf(key) + 1]);
      if (field('num-other-sentinels') < sentinels.length - 1 || field('num-slaves') < 1) return false;
    }
    return true;
  });
}

/** Kills a server at once (SIGKILL: no shutdown, no last replication). */
export async function kill(server: { process: ChildProcess }): Promise<void> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export interface ClusterNodes {
  nodes: RedisServerHandle[];
  stop(): Promise<void>;
}

/** A cluster of `masters` masters with one replica each, node timeout 1 s, every slot covered and ok. */
export async function startCluster(masters: number): Promise<ClusterNodes> {
  const nodes: RedisServerHandle[] = [];
  for (let i = 0; i < masters * 2; i++) {
    nodes.push(
      await startRedisServer({
        extraArgs: [
          ...REPLICATION_ARGS,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '1000',
          '--cluster-replica-validity-factor',
          '0',
        ],
      }),
    );
  }
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((n) => `127.0.0.1:${n.port}`),
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  ]);
  await until('the cluster to be ok with every replica synced', async () => {
    for (const node of nodes) {
      if (!(await cli(node.port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
      const replication = await cli(node.port, 'info', 'replication');
      if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
    }
    return true;
  });
  return {
    nodes,
    async stop() {
      for (const node of nodes) await node.stop();
    },
  };
}

/** The port of the master that serves `key`'s slot, as `node` sees the cluster. */
export async function clusterMasterFor(node: RedisServerHandle, key: string): Promise<number> {
  const slot = Number(await cli(node.port, 'cluster', 'keyslot', key));
  const lines = (await cli(node.port, 'cluster', 'nodes')).split('\n');
  for (const line of lines) {
    const [, address, flags, , , , , , ...ranges] = line.split(' ');
    if (!flags?.includes('master') || flags.includes('fail')) continue;
    for (const range of ranges) {
      const [from, to] = range.split('-').map(Number);
      if (from !== undefined && slot >= from && slot <= (to ?? from)) {
        return Number(address?.split('@')[0]?.split(':')[1]);
      }
    }
  }
  throw new Error(`no master serves slot ${slot}`);
}
