/** AuditLog on a Redis Stream (`<prefix>:audit`), hash-chained by the append script. */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { type ChainPoint, type Checkpoint, parseCheckpoint } from '../../core/audit-checkpoint.js';
import type { AuditEntry, AuditEventInput } from '../../core/audit-event.js';
import { GENESIS_HASH } from '../../core/audit-event.js';
import type { AuditLog, AuditQuery } from '../../core/ports.js';
import { appendArgs, entryFromStream, eventToScript } from '../event-wire.js';
import type { ChainHeadPredictor } from './chain-predictor.js';
import type { RedisKeys } from './keys.js';
import type { ScriptedRedis } from './scripts.js';

type StreamReply = [string, string[]][];

export class RedisAuditLog implements AuditLog {
  readonly #redis: ScriptedRedis;
  readonly #keys: RedisKeys;
  readonly #chain: ChainHeadPredictor;

  /** `chain` is shared with the draft store on the same client: both append to the one chain. */
  constructor(options: { redis: ScriptedRedis; keys: RedisKeys; chain: ChainHeadPredictor }) {
    this.#redis = options.redis;
    this.#keys = options.keys;
    this.#chain = options.chain;
  }

  async append(event: AuditEventInput): Promise<string> {
    const { ticket, events } = this.#chain.sendEvents([eventToScript(event)]);
    const [sent] = events;
    if (!sent) throw new Error('unreachable: one event in, one out');
    let reply: [string, string];
    try {
      // The operation id lets the script recognize a retry of itself, so that a retried append is not doubled.
      reply = await this.#redis.dgAppend(
        this.#keys.audit,
        this.#keys.head,
        randomUUID(),
        ...appendArgs(sent),
      );
    } catch (error) {
      this.#chain.settle(ticket, undefined);
      throw error;
    }
    this.#chain.settle(ticket, reply[1]);
    return reply[0];
  }

  async range(query: AuditQuery): Promise<AuditEntry[]> {
    const start = query.since === undefined ? '-' : String(query.since);
    const end = query.until === undefined ? '+' : String(query.until);
    const out: AuditEntry[] = [];
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    let cursor = start;
    let exclusive = false;
    for (;;) {
      const from = exclusive ? `(${cursor}` : cursor;
      const batch = (await this.#redis.xrange(this.#keys.audit, from, end, 'COUNT', 1000)) as StreamReply;
      for (const [id, fields] of batch) {
        const entry = entryFromStream(id, fields);
        if (query.draftId === undefined || entry.draft_id === query.draftId) out.push(entry);
        if (out.length >= limit) return out;
      }
      const last = batch.at(-1);
      if (!last || batch.length < 1000) return out;
      cursor = last[0];
      exclusive = true;
    }
  }

  async *walk(batch = 1000): AsyncIterable<AuditEntry> {
    let from = '-';
    for (;;) {
      const entries = (await this.#redis.xrange(this.#keys.audit, from, '+', 'COUNT', batch)) as StreamReply;
      for (const [id, fields] of entries) yield entryFromStream(id, fields);
      const last = entries.at(-1);
      if (!last || entries.length < batch) return;
      from = `(${last[0]}`;
    }
  }

  async head(): Promise<string> {
    return (await this.#redis.get(this.#keys.head)) ?? GENESIS_HASH;
  }

  async follow(afterId: string, blockMs: number): Promise<AuditEntry[]> {
    // A blocking read needs its own connection, so that it does not stall the shared one.
    const source = this.#redis;
    const reader =
      'isCluster' in source && source.isCluster
        ? (source as Cluster).duplicate()
        : (source as Redis).duplicate();
    try {
      // The duplicate inherits lazyConnect and enableOfflineQueue: false, so it must connect before its first command.
      if (reader.status === 'wait') await reader.connect();
      const reply = (await reader.xread(
        'COUNT',
        1000,
        'BLOCK',
        blockMs,
        'STREAMS',
        this.#keys.audit,
        afterId,
      )) as [string, StreamReply][] | null;
      if (!reply) return [];
      return reply.flatMap(([, entries]) => entries.map(([id, fields]) => entryFromStream(id, fields)));
    } finally {
      reader.disconnect();
    }
  }

  async chainState(): Promise<ChainPoint | undefined> {
    const [id, count, head] = await this.#redis.dgChainState(this.#keys.audit, this.#keys.head);
    if (id === undefined || count === undefined || head === undefined) return undefined;
    return { id, count: Number(count), head };
  }

  async base(): Promise<Checkpoint | undefined> {
    const raw = await this.#redis.get(this.#keys.auditBase);
    if (raw === null) return undefined;
    const base = parseCheckpoint(JSON.parse(raw) as unknown);
    if (!base)
      throw new Error(
        `${this.#keys.auditBase} holds no checkpoint: restore it from the archive's first line`,
      );
    return base;
  }

  async trimTo(base: Checkpoint): Promise<number> {
    const [ms, seq] = base.id.split('-');
    const minId = `${ms}-${BigInt(seq ?? '0') + 1n}`;
    return await this.#redis.dgTrim(
      this.#keys.audit,
      this.#keys.auditBase,
      JSON.stringify(base),
      base.id,
      base.head,
      minId,
    );
  }
}
