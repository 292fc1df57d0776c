/**
 * Child process: full flows through the Gate's API directly (createApp + gate.request + gate.approve), with no
 * inbound HTTP and no Bolt. With `chat: 'slack'` the Gate's outbound calls still go through draftgate's Slack
 * ChatPlatform to the fake Slack API (card in the DM, publish, permalink, card update); with `chat: 'noop'` they
 * return at once, which leaves the Gate and Redis alone. A flow is complete when approve() has returned
 * `published`, which is after the card update.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import type { Actor } from '../../src/core/draft.js';
import type { ChatPlatform } from '../../src/core/ports.js';
import { serveParent } from '../lib/child-process.js';
import { BENCH_RATE_LIMITS, instantAgent, QUESTION, unique } from '../lib/fixtures.js';
import { noopSlackChat } from '../lib/noop-chat.js';
import { Requesters } from '../lib/requesters.js';
import { summarize } from '../lib/stats.js';

export interface GateFlowsArgs {
  redisUrl: string;
  prefix: string;
  slackApiUrl: string;
}

export interface GateFlowsRequest {
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  chat: 'slack' | 'noop';
  tag: string;
}

export interface GateFlowsResult {
  concurrency: number;
  chat: 'slack' | 'noop';
  flowsPerSecond: number;
  completed: number;
  failed: number;
  failures: string[];
  latency: ReturnType<typeof summarize>;
  /** This process's CPU per completed flow (ms). */
  cpuMsPerFlow: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as GateFlowsArgs;
const config = configSchema.parse({
  redis: { url: args.redisUrl, prefix: args.prefix },
  server: { port: 0, host: '127.0.0.1' },
  log: { level: 'info' },
  rate_limits: BENCH_RATE_LIMITS,
  slack: { bot_token: 'xoxb-bench-token', signing_secret: 'unused-here', api_url: args.slackApiUrl },
});
const app = await createApp({ config, env: {}, logger: pino({ level: 'info' }), agent: instantAgent });
await app.start();
const found = app.adapters.find((adapter) => adapter.name === 'slack')?.chat;
if (!found) throw new Error('createApp did not start the Slack adapter');
const slackChat: ChatPlatform = found;
const noop = noopSlackChat();
const TEAM = 'T0BENCH';

async function oneFlow(user: string, flow: number): Promise<void> {
  const gate = app.gate;
  const actor: Actor = { id: user, platform: 'slack', workspace: TEAM };
  const requested = await gate.request({
    target: { platform: 'slack', workspace: TEAM, channel: 'C0BENCH', channelName: 'eng-help' },
    requester: actor,
    question: unique(QUESTION),
    source: 'slash',
    idempotencyKey: `bench:${user}:${flow}`,
  });
  if (!requested.ok) throw new Error(`request: ${requested.code} ${requested.message}`);
  const draft = requested.draft;
  if (draft.state !== 'pending' || draft.reviews.length !== 1) throw new Error(`request left ${draft.state}`);
  const approved = await gate.approve({
    draftId: draft.id,
    version: draft.version,
    actor,
    confirmed: false,
  });
  if (!approved.ok) throw new Error(`approve: ${approved.code} ${approved.message}`);
  if (approved.draft.state !== 'published') throw new Error(`approve left ${approved.draft.state}`);
}

async function flows(raw: unknown): Promise<GateFlowsResult> {
  const request = raw as GateFlowsRequest;
  app.gate.attach(request.chat === 'noop' ? noop : slackChat);
  const start = performance.now();
  const measureFrom = start + request.warmupMs;
  const measureTo = measureFrom + request.measureMs;
  const latencies: number[] = [];
  const failures: string[] = [];
  const requesters = new Requesters(request.tag, 'returning', request.concurrency);
  let counter = 0;
  let completed = 0;
  const cpu: NodeJS.CpuUsage[] = [];
  const marks = [
    setTimeout(() => cpu.push(process.cpuUsage()), request.warmupMs),
    setTimeout(() => cpu.push(process.cpuUsage()), request.warmupMs + request.measureMs),
  ];
  const worker = async () => {
    while (performance.now() < measureTo) {
      counter += 1;
      const user = requesters.take();
      const began = performance.now();
      try {
        await oneFlow(user, counter);
        const now = performance.now();
        if (now >= measureFrom && now <= measureTo) {
          completed += 1;
          latencies.push(now - began);
        }
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      } finally {
        requesters.release(user);
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  for (const mark of marks) clearTimeout(mark);
  const begin = cpu[0] ?? process.cpuUsage();
  const end = cpu[1] ?? process.cpuUsage();
  const cpuMs = (end.user - begin.user + (end.system - begin.system)) / 1000;
  app.gate.attach(slackChat);
  return {
    concurrency: request.concurrency,
    chat: request.chat,
    flowsPerSecond: completed / (request.measureMs / 1000),
    completed,
    failed: failures.length,
    failures: [...new Set(failures)].slice(0, 5),
    latency: summarize(latencies),
    cpuMsPerFlow: completed > 0 ? cpuMs / completed : Number.NaN,
  };
}

serveParent({ pid: process.pid }, { flows }, () => app.stop());
