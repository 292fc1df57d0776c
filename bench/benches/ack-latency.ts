/**
 * Ack latency: the same signed Slack delivery sent to draftgate and to a bare Bolt app at a fixed rate (open
 * loop), timed on the client from the request being written to the HTTP response being complete. The two run in
 * alternating rounds (A B, B A, …) so that background load on the machine falls on both alike.
 */
import type { BenchChild } from '../lib/child-process.js';
import { HttpPoster, openLoop } from '../lib/http-load.js';
import type { Delivery } from '../lib/slack-payloads.js';
import { signedHeaders } from '../lib/slack-payloads.js';
import { type Summary, summarize } from '../lib/stats.js';

export interface AckTarget {
  name: string;
  /** The `POST /slack/events` URL. */
  endpoint: string;
  child: BenchChild;
  /** Waits until the target has finished the work that follows its acks (draftgate); none for bare Bolt. */
  idle?: () => Promise<void>;
}

export interface AckTargetResult {
  name: string;
  latency: Summary;
  /** Client scheduling lag (how late sends left against the open-loop schedule). */
  lag: Summary;
  /** HTTP status → count; 0 means no response. */
  statuses: Record<string, number>;
  /** The target process's CPU per request (ms), the work after the ack included. */
  cpuMsPerRequest: number;
  /** Requests per second actually offered. */
  offeredRate: number;
}

export interface AckComparison {
  rate: number;
  count: number;
  warmup: number;
  rounds: number;
  results: AckTargetResult[];
}

export interface AckOptions {
  rate: number;
  /** Measured requests per target (split over rounds). */
  count: number;
  warmup: number;
  rounds: number;
  secret: string;
  delivery: (i: number) => Delivery;
  targets: readonly AckTarget[];
}

interface Collected {
  latencies: number[];
  lag: number[];
  statuses: Record<string, number>;
  elapsedMs: number;
}

async function burst(target: AckTarget, options: AckOptions, count: number, into?: Collected): Promise<void> {
  const poster = new HttpPoster(new URL(target.endpoint));
  try {
    const run = await openLoop(options.rate, count, async (i) => {
      const delivery = options.delivery(i);
      try {
        return await poster.post(signedHeaders(options.secret, delivery), delivery.body);
      } catch {
        return { status: 0, body: '', ms: Number.NaN };
      }
    });
    await target.idle?.();
    if (!into) return;
    for (const result of run.results) {
      into.statuses[String(result.status)] = (into.statuses[String(result.status)] ?? 0) + 1;
      if (result.status === 200) into.latencies.push(result.ms);
    }
    into.lag.push(...run.lagMs);
    into.elapsedMs += run.elapsedMs;
  } finally {
    poster.close();
  }
}

export async function compareAckLatency(options: AckOptions): Promise<AckComparison> {
  for (const target of options.targets) await burst(target, options, options.warmup);
  const collected = new Map<string, Collected>();
  const cpuBefore = new Map<string, NodeJS.CpuUsage>();
  for (const target of options.targets) {
    collected.set(target.name, { latencies: [], lag: [], statuses: {}, elapsedMs: 0 });
    cpuBefore.set(target.name, await target.child.call<NodeJS.CpuUsage>('cpu'));
  }
  const perRound = Math.ceil(options.count / options.rounds);
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? options.targets : [...options.targets].reverse();
    for (const target of order) await burst(target, options, perRound, collected.get(target.name));
  }
  const results: AckTargetResult[] = [];
  for (const target of options.targets) {
    const data = collected.get(target.name);
    const before = cpuBefore.get(target.name);
    if (!data || !before) continue;
    const after = await target.child.call<NodeJS.CpuUsage>('cpu');
    const cpuUs = after.user - before.user + (after.system - before.system);
    const total = perRound * options.rounds;
    results.push({
      name: target.name,
      latency: summarize(data.latencies),
      lag: summarize(data.lag),
      statuses: data.statuses,
      cpuMsPerRequest: cpuUs / 1000 / total,
      offeredRate: total / (data.elapsedMs / 1000),
    });
  }
  return {
    rate: options.rate,
    count: perRound * options.rounds,
    warmup: options.warmup,
    rounds: options.rounds,
    results,
  };
}
