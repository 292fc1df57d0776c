/**
 * How fast this machine's cores were at the time: the same two fixed workloads at the start and the end of a
 * run. On a shared virtual machine the speed of a core varies with other tenants' load, invisibly to the guest;
 * these numbers let two runs be compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';

export interface Calibration {
  /** µs per SHA-256 of 1,300 bytes in Redis's Lua (the chain hash of a 1 KB audit entry), best of 3. */
  luaSha256Us: number;
  /** ms for a fixed pure-JavaScript loop in this process, best of 3. */
  jsLoopMs: number;
}

const ROUNDS = 3;
const HASHES = 50;

function jsLoop(): number {
  let h = 0;
  for (let i = 0; i < 20_000_000; i += 1) h = (Math.imul(h, 31) + i) | 0;
  return h;
}

export async function calibrate(redis: Redis): Promise<Calibration> {
  const sha = readFileSync(join(process.cwd(), 'src', 'store', 'redis', 'lua', 'sha256.lua'), 'utf8');
  const script = `${sha}\nlocal h\nfor _ = 1, tonumber(ARGV[2]) do h = sha256(ARGV[1]) end\nreturn h`;
  const message = 'x'.repeat(1300);
  let lua = Number.POSITIVE_INFINITY;
  let js = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    await redis.eval(script, 0, message, String(HASHES));
    lua = Math.min(lua, ((performance.now() - started) * 1000) / HASHES);
    const began = performance.now();
    sink ^= jsLoop();
    js = Math.min(js, performance.now() - began);
  }
  if (sink === 0.5) throw new Error('unreachable: keeps the loop from being optimised away');
  return { luaSha256Us: lua, jsLoopMs: js };
}
