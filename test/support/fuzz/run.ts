/**
 * Drives a fuzz run: generates mutations of the base requests with the seeded Mutator, sends them with a bounded
 * number in flight, interleaves valid requests that change nothing (a PING, a url_verification) as a live control,
 * and tallies every answer.
 */
import type { RawClient, RawOutcome, RawRequest } from './http.js';
import { runBounded } from './http.js';
import type { BaseRequest, Mutation, Mutator } from './mutate-request.js';
import { Random } from './random.js';

export interface FuzzControl {
  /** Sent once every `every` mutations. */
  every: number;
  request(): RawRequest;
  /** True when the answer is the one a valid request gets. */
  ok(outcome: RawOutcome): boolean;
}

export interface FuzzRunOptions {
  client: RawClient;
  mutator: Mutator;
  /** Mutation i uses a Random seeded from (seed, i, retry): the same seed gives the same mutations. */
  seed: number;
  bases: readonly BaseRequest[];
  /** How many mutated requests to send (skipped mutations do not count). */
  total: number;
  concurrency: number;
  control?: FuzzControl;
}

export interface FuzzReport {
  sent: number;
  /** Mutations that came out equivalent to the valid request, by family (not sent). */
  skipped: Record<string, number>;
  /** Mutated requests answered 2xx. */
  accepted: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  byKind: Record<string, number>;
  /** Mean time from send to answer per family (ms), for the log. */
  meanMsByFamily: Record<string, number>;
  /** Mutations whose answer was not among the expected statuses (or had no answer), described for the failure. */
  failures: string[];
  controls: { sent: number; ok: number };
  elapsedMs: number;
}

type Item = { type: 'mutation'; index: number; mutation: Mutation } | { type: 'control' };

const bump = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const { client, mutator, seed, bases, total, control } = options;
  const report: FuzzReport = {
    sent: 0,
    skipped: {},
    accepted: 0,
    byStatus: {},
    byFamily: {},
    byKind: {},
    meanMsByFamily: {},
    failures: [],
    controls: { sent: 0, ok: 0 },
    elapsedMs: 0,
  };
  const started = Date.now();
  const latency: Record<string, number> = {};
  let generated = 0;
  let controlDue = false;
  const next = (): Item | undefined => {
    if (controlDue) {
      controlDue = false;
      return { type: 'control' };
    }
    if (generated >= total) return undefined;
    const index = generated + 1;
    // A skipped mutation (one the server would see as the valid request) is retried with the next Random.
    for (let retry = 0; retry < 16; retry++) {
      const rng = new Random((seed + Math.imul(index, 0x9e3779b1) + Math.imul(retry, 0x85ebca6b)) >>> 0);
      const mutation = mutator.mutate(rng.pick(bases), rng);
      if (!mutation) continue;
      generated = index;
      if (control && generated % control.every === 0) controlDue = true;
      return { type: 'mutation', index, mutation };
    }
    throw new Error(`mutation #${index} came out equivalent to the valid request 16 times`);
  };
  await runBounded(options.concurrency, next, async (item) => {
    if (item.type === 'control') {
      if (!control) return;
      report.controls.sent++;
      if (control.ok(await client.send(control.request()))) report.controls.ok++;
      return;
    }
    const { mutation } = item;
    const sentAt = performance.now();
    const outcome = await client.send(mutation.request);
    latency[mutation.family] = (latency[mutation.family] ?? 0) + (performance.now() - sentAt);
    report.sent++;
    bump(report.byFamily, mutation.family);
    bump(report.byKind, mutation.kind);
    const status = outcome.kind === 'response' ? String(outcome.status) : `error:${outcome.code}`;
    bump(report.byStatus, status);
    if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) report.accepted++;
    if (outcome.kind !== 'response' || !mutation.expect.includes(outcome.status)) {
      const answer =
        outcome.kind === 'response' ? `${outcome.status} ${outcome.body.slice(0, 120)}` : outcome.message;
      report.failures.push(
        `#${item.index} ${mutation.kind} ${mutation.op}: expected ${mutation.expect.join('|')}, got ${answer}`,
      );
    }
  });
  report.skipped = Object.fromEntries(mutator.skipped);
  for (const [family, sum] of Object.entries(latency))
    report.meanMsByFamily[family] = Math.round((sum / (report.byFamily[family] ?? 1)) * 10) / 10;
  report.elapsedMs = Date.now() - started;
  return report;
}

/** One line for the test log. */
export function summarize(platform: string, seed: number, report: FuzzReport): string {
  return (
    `${platform} fuzz (seed ${seed}): ${report.sent} mutated requests in ${report.elapsedMs} ms, ` +
    `accepted ${report.accepted}, statuses ${JSON.stringify(report.byStatus)}, families ${JSON.stringify(report.byFamily)}, ` +
    `skipped ${JSON.stringify(report.skipped)}, controls ${report.controls.ok}/${report.controls.sent}, ` +
    `mean ms ${JSON.stringify(report.meanMsByFamily)}`
  );
}
