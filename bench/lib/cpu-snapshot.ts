/**
 * CPU time of every process in a measurement (the system under test, Redis, and this load-generating process),
 * taken at the start and end of a measured window. Differences per flow say where the machine's cores went,
 * which is what bounds throughput on 2 cores.
 */
import type { Redis } from 'ioredis';
import type { BenchChild } from './child-process.js';
import { serverCpuSeconds } from './redis-stats.js';

export interface CpuSnapshot {
  /** ms of CPU so far. */
  sut: number;
  redis: number;
  client: number;
}

export type CpuProbe = () => Promise<CpuSnapshot>;

const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

export function cpuProbe(sut: BenchChild, redis: Redis): CpuProbe {
  return async () => {
    const [child, server] = await Promise.all([sut.call<NodeJS.CpuUsage>('cpu'), serverCpuSeconds(redis)]);
    return { sut: ms(child), redis: server * 1000, client: ms(process.cpuUsage()) };
  };
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot, per: number): CpuSnapshot {
  const d = (a: number, b: number) => (per > 0 ? (b - a) / per : Number.NaN);
  return {
    sut: d(before.sut, after.sut),
    redis: d(before.redis, after.redis),
    client: d(before.client, after.client),
  };
}
