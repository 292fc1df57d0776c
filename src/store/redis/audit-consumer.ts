/**
 * Reads the audit stream through a consumer group (`audit forward`): at-least-once delivery. A consumer first gets
 * back what it was given and never acknowledged (after a crash), then claims what idle consumers left pending, then
 * new entries. Entries are acknowledged only after their delivery.
 */
import type { Cluster, Redis } from 'ioredis';
import type { AuditEntry } from '../../core/audit-event.js';
import { entryFromStream } from '../event-wire.js';

type StreamEntries = [string, string[] | null][];

export interface AuditConsumerOptions {
  /** A dedicated connection: the blocking read holds it. */
  redis: Redis | Cluster;
  stream: string;
  group: string;
  consumer: string;
  /** Pending entries idle longer than this (another consumer died holding them) are claimed. */
  claimIdleMs: number;
}

export class RedisAuditConsumer {
  constructor(private readonly options: AuditConsumerOptions) {}

  /** Creates the group if it does not exist: new groups start at the beginning of the stream. */
  async ensureGroup(): Promise<void> {
    const { redis, stream, group } = this.options;
    try {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  /** The next batch: own pending entries, then idle ones claimed from others, then new ones (blocking). */
  async read(count: number, blockMs: number): Promise<AuditEntry[]> {
    const { redis, stream, group, consumer, claimIdleMs } = this.options;
    const own = await this.#readGroup(['COUNT', count, 'STREAMS', stream, '0']);
    if (own.length > 0) return own;
    const claimed = (await redis.xautoclaim(stream, group, consumer, claimIdleMs, '0-0', 'COUNT', count)) as [
      string,
      StreamEntries,
    ];
    const fromOthers = toEntries(claimed[1]);
    if (fromOthers.length > 0) return fromOthers;
    return await this.#readGroup(['COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, '>']);
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.options.redis.xack(this.options.stream, this.options.group, ...ids);
  }

  async #readGroup(args: (string | number)[]): Promise<AuditEntry[]> {
    const { redis, group, consumer } = this.options;
    // ioredis types xreadgroup's variadic form loosely; the reply is [[stream, entries]] or null.
    const reply = (await (redis.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(
      'GROUP',
      group,
      consumer,
      ...args,
    )) as [string, StreamEntries][] | null;
    return reply ? reply.flatMap(([, entries]) => toEntries(entries)) : [];
  }
}

/** Entries deleted from the stream while pending come back with null fields: they are skipped (and acked). */
function toEntries(entries: StreamEntries): AuditEntry[] {
  return entries.flatMap(([id, fields]) => (fields ? [entryFromStream(id, fields)] : []));
}

/** For `audit archive`: the first consumer group that has not yet delivered and acknowledged up to `lastId`. */
export async function undeliveredBy(
  redis: Redis | Cluster,
  stream: string,
  lastId: string,
): Promise<string | undefined> {
  const groups = (await redis.xinfo('GROUPS', stream).catch(() => [])) as (string | number)[][];
  for (const info of groups) {
    const record: Record<string, string | number> = {};
    for (let i = 0; i + 1 < info.length; i += 2) record[String(info[i])] = info[i + 1] as string | number;
    const name = String(record.name);
    const delivered = String(record['last-delivered-id'] ?? '0-0');
    const pending = Number(record.pending ?? 0);
    const [dm = 0, ds = 0] = delivered.split('-').map(Number);
    const [lm = 0, ls = 0] = lastId.split('-').map(Number);
    const behind = dm < lm || (dm === lm && ds < ls);
    if (behind)
      return `the forwarding group "${name}" has not read up to ${lastId} yet (at ${delivered}): let \`audit forward\` catch up first`;
    if (pending > 0) {
      const oldest = (
        (await redis.xpending(stream, name, '-', lastId, 1)) as [string, ...unknown[]][]
      )[0]?.[0];
      if (oldest) {
        return `the forwarding group "${name}" has unacknowledged entries from ${oldest} on: let \`audit forward\` deliver them first`;
      }
    }
  }
  return undefined;
}
