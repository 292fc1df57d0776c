/**
 * Full flows through the real HTTP route: a signed slash command → (instant agent) → the review card posted to
 * the requester's DM → a signed Approve click with that card's button value → the publish (chat.postMessage in
 * the channel, carrying the draft id in its metadata) → the card updated (chat.update). A flow ends when the fake
 * Slack API has seen both the publish and the card update. N flows run at once (closed loop), for a fixed window
 * after a warm-up, by returning requesters or by a new requester each (bench/lib/requesters.ts).
 */
import { performance } from 'node:perf_hooks';
import { ACTION } from '../../adapters/slack/action-ids.js';
import type { BenchSlackApi, PostedMessage } from '../lib/bench-slack-api.js';
import { type CpuProbe, type CpuSnapshot, cpuDelta } from '../lib/cpu-snapshot.js';
import { unique } from '../lib/fixtures.js';
import { HttpPoster } from '../lib/http-load.js';
import { type RequesterMode, Requesters } from '../lib/requesters.js';
import { approveValue, blockAction, signedHeaders, slashCommand } from '../lib/slack-payloads.js';
import { type Summary, summarize } from '../lib/stats.js';

export interface FlowOptions {
  endpoint: string;
  fake: BenchSlackApi;
  secret: string;
  question: string;
  channel: string;
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** A flow that takes longer than this fails (and is counted). */
  flowTimeoutMs?: number;
  /** A unique tag per run, so that requesters never repeat across runs. */
  tag: string;
  /** Returning requesters (the default: their DM is known after their first flow) or a new one every flow. */
  requesters?: RequesterMode;
  /** CPU of the processes involved, sampled at the start and the end of the measured window. */
  probe?: CpuProbe;
}

export interface FlowResult {
  concurrency: number;
  requesters: RequesterMode;
  /** Flows completed inside the measured window, per second. */
  flowsPerSecond: number;
  completed: number;
  /** Every flow that completed, warm-up and the tail after the window included. */
  total: number;
  failed: number;
  failures: string[];
  latency: Summary;
  measuredMs: number;
  /** CPU per completed flow (ms) in draftgate, Redis and the load generator with the fake Slack API. */
  cpuPerFlow?: CpuSnapshot;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

interface Flow {
  user: string;
  card?: { ts: string; value: string };
  cardSeen: Deferred;
  published: boolean;
  updated: boolean;
  done: Deferred;
}

function within(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runFlows(options: FlowOptions): Promise<FlowResult> {
  const { fake } = options;
  const flowTimeoutMs = options.flowTimeoutMs ?? 15_000;
  const byDm = new Map<string, Flow>();
  const byCard = new Map<string, Flow>();
  const byDraft = new Map<string, Flow>();
  const finishIfDone = (flow: Flow) => {
    if (flow.published && flow.updated) flow.done.resolve();
  };
  fake.hooks = {
    onPost(message: PostedMessage) {
      if (message.channel.startsWith('D')) {
        const flow = byDm.get(message.channel);
        if (!flow || flow.card) return;
        const value = approveValue(message.params.get('blocks'));
        if (!value) return;
        flow.card = { ts: message.ts, value };
        byCard.set(message.ts, flow);
        byDraft.set(value.split(':')[0] ?? '', flow);
        flow.cardSeen.resolve();
        return;
      }
      const metadata = message.params.get('metadata');
      if (!metadata) return;
      const payload = (JSON.parse(metadata) as { event_payload?: { draft_id?: string } }).event_payload;
      const flow = byDraft.get(payload?.draft_id ?? '');
      if (!flow) return;
      flow.published = true;
      finishIfDone(flow);
    },
    onUpdate(message: PostedMessage) {
      const flow = byCard.get(message.ts);
      if (!flow?.published) return;
      flow.updated = true;
      finishIfDone(flow);
    },
  };

  const poster = new HttpPoster(new URL(options.endpoint));
  const post = async (body: { contentType: string; body: string }, what: string) => {
    const reply = await poster.post(signedHeaders(options.secret, body), body.body);
    if (reply.status !== 200)
      throw new Error(`${what} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  };
  const requesters = new Requesters(options.tag, options.requesters ?? 'returning', options.concurrency);
  const oneFlow = async (): Promise<number> => {
    const user = requesters.take();
    const flow: Flow = { user, cardSeen: deferred(), published: false, updated: false, done: deferred() };
    byDm.set(`D${user}`, flow);
    const started = performance.now();
    try {
      await post(
        slashCommand({
          text: unique(options.question),
          user,
          channel: options.channel,
          responseUrl: fake.responseUrl(user),
        }),
        'the slash command',
      );
      await within(flow.cardSeen.promise, flowTimeoutMs, 'the review card');
      const card = flow.card;
      if (!card) throw new Error('no card');
      await post(
        blockAction({
          actionId: ACTION.approve,
          value: card.value,
          user,
          channel: `D${user}`,
          messageTs: card.ts,
          responseUrl: fake.responseUrl(`${user}-approve`),
        }),
        'the approve click',
      );
      await within(flow.done.promise, flowTimeoutMs, 'the publish and the card update');
      return performance.now() - started;
    } finally {
      requesters.release(user);
      byDm.delete(`D${user}`);
      if (flow.card) {
        byCard.delete(flow.card.ts);
        byDraft.delete(flow.card.value.split(':')[0] ?? '');
      }
    }
  };

  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const measureTo = measureFrom + options.measureMs;
  const latencies: number[] = [];
  const failures: string[] = [];
  let completed = 0;
  let total = 0;
  const samples: Promise<CpuSnapshot>[] = [];
  const probe = options.probe;
  const timers = probe
    ? [
        setTimeout(() => samples.push(probe()), options.warmupMs),
        setTimeout(() => samples.push(probe()), options.warmupMs + options.measureMs),
      ]
    : [];
  const worker = async () => {
    while (performance.now() < measureTo) {
      try {
        const ms = await oneFlow();
        total += 1;
        const now = performance.now();
        if (now >= measureFrom && now <= measureTo) {
          completed += 1;
          latencies.push(ms);
        }
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    for (const timer of timers) clearTimeout(timer);
    // The workers stop at the end of the window by their own clock; a timer due at the same moment can fire after
    // the last one has finished (with one flow at a time, often), so the end of the window is sampled here then.
    if (probe && samples.length === 1) samples.push(probe());
    poster.close();
    fake.hooks = {};
  }
  const [before, after] = await Promise.all(samples);
  return {
    concurrency: options.concurrency,
    requesters: requesters.mode,
    flowsPerSecond: completed / (options.measureMs / 1000),
    completed,
    total,
    failed: failures.length,
    failures: [...new Set(failures)].slice(0, 5),
    latency: summarize(latencies),
    measuredMs: options.measureMs,
    ...(before && after ? { cpuPerFlow: cpuDelta(before, after, completed) } : {}),
  };
}
