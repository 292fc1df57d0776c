/** Facts about the machine a run happened on, and how busy it was (other work shares the cores). */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Redis } from 'ioredis';
import { infoSection } from './redis-stats.js';

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  date: string;
}

export async function machineFacts(redis: Redis): Promise<MachineFacts> {
  const list = cpus();
  const server = await infoSection(redis, 'server');
  const memory = await infoSection(redis, 'memory');
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    redis: `${server.get('redis_version') ?? '?'} (${memory.get('mem_allocator') ?? '?'})`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

/** The 1-minute load average (runnable processes; above the core count means the cores were contended). */
export function load1(): number {
  return loadavg()[0] ?? Number.NaN;
}
