/** Redis-side figures: INFO sections, command statistics, the server's own CPU time and the slow log. */
import type { Redis } from 'ioredis';

export async function infoSection(redis: Redis, section: string): Promise<Map<string, string>> {
  const text = await redis.info(section);
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

export interface CommandStat {
  calls: number;
  usec: number;
  usecPerCall: number;
}

/** INFO commandstats as command → stats (calls made from scripts count under their own command too). */
export async function commandStats(redis: Redis): Promise<Map<string, CommandStat>> {
  const out = new Map<string, CommandStat>();
  for (const [key, value] of await infoSection(redis, 'commandstats')) {
    if (!key.startsWith('cmdstat_')) continue;
    const fields = new Map(value.split(',').map((pair) => pair.split('=') as [string, string]));
    out.set(key.slice('cmdstat_'.length), {
      calls: Number(fields.get('calls') ?? 0),
      usec: Number(fields.get('usec') ?? 0),
      usecPerCall: Number(fields.get('usec_per_call') ?? 0),
    });
  }
  return out;
}

/** The Redis server's CPU time so far (user + system, seconds). */
export async function serverCpuSeconds(redis: Redis): Promise<number> {
  const cpu = await infoSection(redis, 'cpu');
  return Number(cpu.get('used_cpu_user') ?? 0) + Number(cpu.get('used_cpu_sys') ?? 0);
}

export async function usedMemory(redis: Redis): Promise<number> {
  return Number((await infoSection(redis, 'memory')).get('used_memory') ?? 0);
}

export interface SlowEntry {
  command: string;
  micros: number;
}

/** The slow log's entries (command name and duration), newest first. */
export async function slowlog(redis: Redis, count = 128): Promise<SlowEntry[]> {
  const raw = (await redis.call('SLOWLOG', 'GET', String(count))) as unknown[];
  return raw.map((entry) => {
    const fields = entry as [number, number, number, string[]];
    const args = fields[3] ?? [];
    return { command: String(args[0] ?? '?').toLowerCase(), micros: Number(fields[2] ?? 0) };
  });
}

/**
 * A window of Redis activity: reset the statistics, run, then read commandstats, the server's CPU time and the
 * slow log for the window.
 */
export async function redisWindow<T>(
  redis: Redis,
  run: () => Promise<T>,
): Promise<{
  value: T;
  stats: Map<string, CommandStat>;
  cpuSeconds: number;
  slow: SlowEntry[];
  wallMs: number;
}> {
  await redis.call('CONFIG', 'RESETSTAT');
  await redis.call('SLOWLOG', 'RESET');
  const cpuBefore = await serverCpuSeconds(redis);
  const started = performance.now();
  const value = await run();
  const wallMs = performance.now() - started;
  const cpuSeconds = (await serverCpuSeconds(redis)) - cpuBefore;
  const stats = await commandStats(redis);
  const slow = await slowlog(redis);
  return { value, stats, cpuSeconds, slow, wallMs };
}
