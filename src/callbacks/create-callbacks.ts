/**
 * Agent callbacks: `intake.agents[].callback_url` gets a signed POST when a draft of that agent is published,
 * discarded, expired, retracted, or sent back to regenerate. The audit stream is the source (a consumer group,
 * so nothing the Gate recorded is missed), the Redis queue carries the deliveries (at least once, with
 * exponential back-off, across restarts), and every delivery has an id for receivers to drop repeats.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuditEntry } from '../core/audit-event.js';
import type { Clock, DraftStore } from '../core/ports.js';
import { AuditFeed } from './audit-feed.js';
import { callbackFor } from './callback-events.js';
import { type CallbackJob, CallbackQueue, type QueueKeys } from './callback-queue.js';
import { deliverCallback } from './deliver-callback.js';
import { callbackSecretVariable } from './sign-callback.js';

export interface CallbackAgent {
  name: string;
  callback_url?: string | undefined;
}

export interface CallbackTuning {
  /** How often the audit feed and the due deliveries are checked (ms). Default 1000. */
  pollMs?: number;
  /** First retry delay; doubled per failure up to `maxDelayMs` (ms). Defaults 5 s and 15 min. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is parked in the dead-letter hash. Default 12 (about 8 hours). */
  maxAttempts?: number;
  /** Per-attempt HTTP timeout (ms). Default 10 s. */
  timeoutMs?: number;
}

export interface CallbacksDeps {
  agents: readonly CallbackAgent[];
  env: Readonly<Record<string, string | undefined>>;
  redis: Redis | Cluster;
  drafts: DraftStore;
  stream: string;
  keys: QueueKeys;
  clock: Clock;
  logger: Logger;
  tuning?: CallbackTuning;
}

export interface Callbacks {
  /** Creates the consumer group (so events from now on are kept for it) and starts the periodic pass. */
  start(): Promise<void>;
  /** One pass: queue the callbacks of new audit events, then send what is due. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  readonly queue: CallbackQueue;
}

/** The agents with a callback URL and their secrets; throws (a configuration problem) when a secret is missing. */
export function callbackTargets(
  agents: readonly CallbackAgent[],
  env: Readonly<Record<string, string | undefined>>,
): Map<string, { url: string; secret: string }> {
  const targets = new Map<string, { url: string; secret: string }>();
  for (const agent of agents) {
    if (!agent.callback_url) continue;
    const variable = callbackSecretVariable(agent.name);
    const secret = env[variable];
    if (!secret || secret.length < 16) {
      throw new Error(
        `intake.agents "${agent.name}" has a callback_url: set ${variable} to a random secret of at least 16 characters (the callbacks are signed with it)`,
      );
    }
    targets.set(agent.name, { url: agent.callback_url, secret });
  }
  return targets;
}

export function createCallbacks(deps: CallbacksDeps): Callbacks {
  const targets = callbackTargets(deps.agents, deps.env);
  const tuning = deps.tuning ?? {};
  const pollMs = tuning.pollMs ?? 1000;
  const baseDelayMs = tuning.baseDelayMs ?? 5000;
  const maxDelayMs = tuning.maxDelayMs ?? 15 * 60_000;
  const maxAttempts = tuning.maxAttempts ?? 12;
  const timeoutMs = tuning.timeoutMs ?? 10_000;
  const logger = deps.logger.child({ component: 'callbacks' });
  const queue = new CallbackQueue(deps.redis, deps.keys);
  const feed = new AuditFeed({
    redis: deps.redis,
    stream: deps.stream,
    group: 'draftgate-callbacks',
    consumer: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    reclaimAfterMs: Math.max(30_000, timeoutMs * 3),
  });

  const queueFor = async (entry: AuditEntry): Promise<void> => {
    if (!entry.type || entry.draft_id === '') return;
    const draft = await deps.drafts.get(entry.draft_id);
    if (draft?.source !== 'intake') return;
    const target = targets.get(draft.agent);
    const body = target ? callbackFor(entry, draft.agent) : undefined;
    if (!target || !body) return;
    await queue.enqueue({ body, url: target.url, attempts: 0 }, deps.clock.now());
  };

  const send = async (job: CallbackJob): Promise<void> => {
    const target = targets.get(job.body.agent);
    if (!target) {
      logger.warn({ agent: job.body.agent }, 'callback for an agent no longer configured; dropped');
      await queue.giveUp({ ...job, lastError: 'agent has no callback_url any more' });
      return;
    }
    const outcome = await deliverCallback(job, target.secret, deps.clock.now(), timeoutMs);
    if (outcome.ok) {
      await queue.delivered(job.body.delivery_id);
      return;
    }
    const attempts = job.attempts + 1;
    const failed = { ...job, attempts, lastError: outcome.error };
    if (attempts >= maxAttempts) {
      logger.error(
        { agent: job.body.agent, delivery: job.body.delivery_id, error: outcome.error },
        'callback given up after the last attempt; it is kept in the callbacks dead-letter hash',
      );
      await queue.giveUp(failed);
      return;
    }
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
    logger.warn(
      {
        agent: job.body.agent,
        delivery: job.body.delivery_id,
        attempts,
        error: outcome.error,
        retryInMs: delay,
      },
      'callback failed; will retry',
    );
    await queue.retryAt(failed, deps.clock.now() + delay);
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;

  const tick = async (): Promise<void> => {
    await feed.poll(queueFor);
    const due = await queue.claim(deps.clock.now(), timeoutMs * 3, 50);
    await Promise.all(due.map(send));
  };

  return {
    queue,
    tick,
    async start() {
      await feed.ensureGroup();
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        running = tick()
          .catch((error: unknown) => logger.warn({ err: error }, 'callback pass failed; will retry'))
          .finally(() => {
            busy = false;
          });
      }, pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
