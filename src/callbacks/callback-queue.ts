/**
 * The callback delivery queue in Redis, so that deliveries survive a restart: a hash of jobs (id → JSON) and a
 * sorted set of when each is due. `claim` takes the due jobs and pushes their due time out by a lease in one
 * script, so N replicas never send the same delivery at the same time; a replica that dies mid-send leaves the
 * job to be claimed again when the lease runs out (at least once). Both keys carry the audit stream's hash tag.
 */
import type { Cluster, Redis } from 'ioredis';
import type { CallbackBody } from './callback-events.js';

export interface CallbackJob {
  body: CallbackBody;
  url: string;
  /** Failed attempts so far. */
  attempts: number;
  lastError?: string;
}

export interface QueueKeys {
  jobs: string;
  due: string;
  dead: string;
}

const ENQUEUE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
  return 1
end
return 0`;

const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  local job = redis.call('HGET', KEYS[1], id)
  if job then
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    table.insert(out, job)
  else
    redis.call('ZREM', KEYS[2], id)
  end
end
return out`;

const FINISH = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
return 1`;

const RESCHEDULE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`;

export class CallbackQueue {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: QueueKeys,
  ) {}

  /** Adds a delivery unless one with its id is already queued (re-reading an audit entry adds nothing). */
  async enqueue(job: CallbackJob, dueAt: number): Promise<boolean> {
    const added = await this.redis.eval(
      ENQUEUE,
      2,
      this.keys.jobs,
      this.keys.due,
      job.body.delivery_id,
      JSON.stringify(job),
      String(dueAt),
    );
    return added === 1;
  }

  /** The jobs due at `now`, each leased until `now + leaseMs`. */
  async claim(now: number, leaseMs: number, limit: number): Promise<CallbackJob[]> {
    const raw = (await this.redis.eval(
      CLAIM,
      2,
      this.keys.jobs,
      this.keys.due,
      String(now),
      String(now + leaseMs),
      String(limit),
    )) as string[];
    return raw.map((json) => JSON.parse(json) as CallbackJob);
  }

  async delivered(id: string): Promise<void> {
    await this.redis.eval(FINISH, 3, this.keys.jobs, this.keys.due, this.keys.dead, id, '');
  }

  /** Gives up on a delivery; it stays in the dead-letter hash for an operator. */
  async giveUp(job: CallbackJob): Promise<void> {
    await this.redis.eval(
      FINISH,
      3,
      this.keys.jobs,
      this.keys.due,
      this.keys.dead,
      job.body.delivery_id,
      JSON.stringify(job),
    );
  }

  async retryAt(job: CallbackJob, dueAt: number): Promise<void> {
    await this.redis.eval(
      RESCHEDULE,
      2,
      this.keys.jobs,
      this.keys.due,
      job.body.delivery_id,
      JSON.stringify(job),
      String(dueAt),
    );
  }

  async pending(): Promise<number> {
    return await this.redis.zcard(this.keys.due);
  }
}
