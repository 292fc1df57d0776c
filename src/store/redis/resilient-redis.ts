/**
 * The one door every store command goes through: a view of the ioredis client whose commands run inside the retry
 * budget, and whose draftgate scripts (every `dg*` script is a write that records audit events) are confirmed by
 * `WAIT <replicas> <timeout>` when `redis.wait_replicas` is set. The script and its WAIT travel in one pipeline on
 * one connection, so the WAIT covers exactly that write. Too few replicas in time: ReplicationTimeoutError, the
 * operation fails closed, and the person is told to try again (nothing is published on an unconfirmed approval).
 */
import type { Cluster, Redis } from 'ioredis';
import type { RetryBudget } from './retry-budget.js';
import type { ScriptedRedis } from './scripts.js';

export class ReplicationTimeoutError extends Error {
  override readonly name = 'ReplicationTimeoutError';
  readonly code = 'REPLICATION_TIMEOUT';
  constructor(acked: number, wanted: number, timeoutMs: number) {
    super(
      `only ${acked} of ${wanted} Redis replica(s) confirmed the write within ${timeoutMs} ms (redis.wait_replicas); ` +
        'the change may be lost in a failover, so draftgate stops here: check the replicas (INFO replication)',
    );
  }
}

export interface ResilienceOptions {
  budget: RetryBudget;
  /** Replicas that must acknowledge every script write (0: no WAIT). */
  waitReplicas: number;
  waitTimeoutMs: number;
}

/** Commands that pass straight through: connection control, blocking or subscriber modes, and the readiness ping. */
const PASS_THROUGH = new Set([
  'quit',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'monitor',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'ping',
  'wait',
  'blpop',
  'brpop',
  'blmove',
  'bzpopmin',
  'bzpopmax',
]);

type AnyFunction = (...args: unknown[]) => Promise<unknown>;

function isDraftgateScript(name: string): boolean {
  return /^dg[A-Z]/.test(name);
}

async function writeThenWait(
  client: Redis | Cluster,
  name: string,
  args: unknown[],
  options: ResilienceOptions,
): Promise<unknown> {
  const pipeline = client.pipeline();
  // The pipeline carries the scripts defined on the client under the same names (ioredis copies them).
  const queue = pipeline as unknown as Record<string, (...a: unknown[]) => unknown>;
  const method = queue[name];
  if (typeof method !== 'function') throw new Error(`the Redis pipeline has no ${name} script`);
  method.apply(pipeline, args);
  pipeline.wait(options.waitReplicas, options.waitTimeoutMs);
  const replies = (await pipeline.exec()) ?? [];
  const [writeError, written] = replies[0] ?? [new Error('no reply from Redis'), undefined];
  if (writeError) throw writeError;
  const [waitError, acked] = replies[1] ?? [new Error('no reply to WAIT'), undefined];
  if (waitError) throw waitError;
  const count = Number(acked);
  if (count < options.waitReplicas) {
    throw new ReplicationTimeoutError(count, options.waitReplicas, options.waitTimeoutMs);
  }
  return written;
}

/** Wraps `client` so that the stores' calls ride through failovers; the client itself is not changed. */
export function resilientRedis(client: ScriptedRedis, options: ResilienceOptions): ScriptedRedis {
  const wrapped = new Map<PropertyKey, AnyFunction>();
  const commands = new Set(client.getBuiltinCommands());
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const script = isDraftgateScript(prop);
      if (!script && (!commands.has(prop) || PASS_THROUGH.has(prop))) return value.bind(target);
      const cached = wrapped.get(prop);
      if (cached) return cached;
      const original = value as AnyFunction;
      const call: AnyFunction = (...args) => {
        // Callback-style calls (rate-limiter-flexible) keep ioredis' own behaviour.
        if (typeof args.at(-1) === 'function') return original.apply(target, args);
        if (script && options.waitReplicas > 0) {
          return options.budget.run(() => writeThenWait(target, prop, args, options));
        }
        return options.budget.run(() => original.apply(target, args));
      };
      wrapped.set(prop, call);
      return call;
    },
  });
}
