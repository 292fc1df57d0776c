/**
 * Reads the audit stream through a Redis Streams consumer group, so every event is seen once by one replica and
 * none is lost across a restart: an entry is acknowledged only after its callback is queued, and entries a dead
 * replica read but never acknowledged are claimed again (XAUTOCLAIM) after `reclaimAfterMs`.
 */
import type { Cluster, Redis } from 'ioredis';
import type { AuditEntry } from '../core/audit-event.js';
import { entryFromStream } from '../store/event-wire.js';

type StreamEntries = [string, string[]][];

export interface AuditFeedOptions {
  redis: Redis | Cluster;
  stream: string;
  group: string;
  consumer: string;
  reclaimAfterMs: number;
  batch?: number;
}

export class AuditFeed {
  #created = false;

  constructor(private readonly options: AuditFeedOptions) {}

  /** Hands new (and abandoned) entries to `handle`; acknowledges each once `handle` resolves. */
  async poll(handle: (entry: AuditEntry) => Promise<void>): Promise<number> {
    const { redis, stream, group, consumer } = this.options;
    await this.ensureGroup();
    const count = this.options.batch ?? 100;
    const reclaimed = (await redis.xautoclaim(
      stream,
      group,
      consumer,
      this.options.reclaimAfterMs,
      '0-0',
      'COUNT',
      count,
    )) as [string, StreamEntries, string[]?];
    const fresh = (await redis.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'STREAMS',
      stream,
      '>',
    )) as [string, StreamEntries][] | null;
    const entries = [...(reclaimed[1] ?? []), ...(fresh?.[0]?.[1] ?? [])];
    for (const [id, fields] of entries) {
      // XAUTOCLAIM returns deleted (trimmed) entries with no fields: acknowledge them, there is nothing to send.
      if (fields && fields.length > 0) await handle(entryFromStream(id, fields));
      await redis.xack(stream, group, id);
    }
    return entries.length;
  }

  /** Creates the consumer group once; events appended before it exists are not delivered. */
  async ensureGroup(): Promise<void> {
    if (this.#created) return;
    try {
      // `$`: a new group starts with the events from now on; an existing group keeps its place.
      await this.options.redis.xgroup('CREATE', this.options.stream, this.options.group, '$', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.#created = true;
  }
}
