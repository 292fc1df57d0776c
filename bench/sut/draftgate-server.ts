/**
 * Child process: the whole draftgate app (createApp) with the Slack adapter in HTTP mode on `POST /slack/events`,
 * real Bolt, the Redis store, the instant agent, and the Slack Web API pointed at the benchmark's fake.
 * Production settings otherwise: log level info, the periodic sweep on, default rate limits and policy.
 */
import pino from 'pino';
import type { SlackAdapter } from '../../adapters/slack/index.js';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { serveParent } from '../lib/child-process.js';
import { summarizeProfile, WindowProfiler } from '../lib/cpu-profile.js';
import { BENCH_RATE_LIMITS, instantAgent } from '../lib/fixtures.js';

export interface DraftgateServerArgs {
  redisUrl: string;
  prefix: string;
  slackApiUrl: string;
  signingSecret: string;
}

export interface DraftgateServerReady {
  url: string;
  pid: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as DraftgateServerArgs;
const logger = pino({ level: 'info' });
const config = configSchema.parse({
  redis: { url: args.redisUrl, prefix: args.prefix },
  server: { port: 0, host: '127.0.0.1' },
  log: { level: 'info' },
  rate_limits: BENCH_RATE_LIMITS,
  slack: { bot_token: 'xoxb-bench-token', signing_secret: args.signingSecret, api_url: args.slackApiUrl },
});
const app = await createApp({ config, env: {}, logger, agent: instantAgent });
const { url } = await app.start();
const slack = app.adapters.find((adapter) => adapter.name === 'slack') as SlackAdapter | undefined;
if (!slack) throw new Error('createApp did not start the Slack adapter');

const profiler = new WindowProfiler();
const ready: DraftgateServerReady = { url, pid: process.pid };
serveParent(
  ready,
  {
    /** Waits until every accepted delivery has been fully processed (the work after each ack included). */
    idle: async () => {
      await slack.idle();
      return null;
    },
    /** This process's CPU time so far (µs), to report CPU per interaction. */
    cpu: async () => process.cpuUsage(),
    /** A V8 CPU profile of one measured window, summarised here (self time by function and by package). */
    profileStart: async () => {
      await profiler.start();
      return null;
    },
    profileStop: async () => summarizeProfile(await profiler.stop(), process.cwd()),
  },
  () => app.stop(),
);
