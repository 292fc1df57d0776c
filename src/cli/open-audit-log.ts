/** Opens the audit log in Redis for the `audit` commands, failing with one actionable line when it can't. */
import type { Config } from '../config/schema.js';
import type { AuditLog } from '../core/ports.js';
import type { ScriptedRedis } from '../store/redis/scripts.js';
import { CliError } from './cli-command.js';

export interface OpenedAuditLog {
  audit: AuditLog;
  /** The connection, for the commands that need more than the AuditLog port (forward, archive). */
  redis: ScriptedRedis | undefined;
  close(): Promise<void>;
}

export async function openAuditLog(config: Config): Promise<OpenedAuditLog> {
  const where = config.redis.url ?? config.redis.sentinels?.join(',');
  if (!where) {
    throw new CliError(
      'the audit commands read the audit log in Redis: set REDIS_URL (the in-memory store lives only inside a running process)',
      2,
    );
  }
  const { createStores, redisStoreOptions } = await import('../store/create-store.js');
  const { connectRedis, RedisUnreachableError } = await import('../store/connect-redis.js');
  const stores = createStores({
    ...redisStoreOptions(config.redis),
    keepFinishedMs: config.redis.keep_finished_drafts,
    clock: { now: () => Date.now() },
  });
  // Connection errors are reported once, as a line, by connectRedis or the command; not as ioredis stack traces.
  stores.redis?.on('error', () => {});
  if (stores.redis) {
    try {
      await connectRedis(stores.redis, where);
    } catch (error) {
      if (error instanceof RedisUnreachableError) throw new CliError(error.message, 2);
      throw error;
    }
  }
  return { audit: stores.audit, redis: stores.redis, close: () => stores.drafts.close() };
}

/** Opens the audit log, runs `use`, and closes the connection whatever happens. */
export async function withAuditLog(
  config: Config,
  use: (audit: AuditLog, redis: ScriptedRedis | undefined) => Promise<number>,
): Promise<number> {
  const opened = await openAuditLog(config);
  try {
    return await use(opened.audit, opened.redis);
  } finally {
    await opened.close();
  }
}
