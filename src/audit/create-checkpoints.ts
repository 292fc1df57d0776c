/** Builds the checkpointer and its schedule from the `audit:` configuration; nothing when no key is set. */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { parseAuditPrivateKey } from '../core/audit-checkpoint.js';
import type { AuditLog, Clock } from '../core/ports.js';
import { CheckpointSchedule } from './checkpoint-schedule.js';
import { fileSink, logSink, webhookSink } from './checkpoint-sinks.js';
import { Checkpointer, type CheckpointSink } from './checkpointer.js';

export interface CheckpointDeps {
  config: Config['audit'];
  /** The stream key (`<prefix>:audit`). */
  stream: string;
  audit: AuditLog;
  logger: Logger;
  clock: Clock;
}

export function createCheckpointer(deps: CheckpointDeps): Checkpointer | undefined {
  const { config } = deps;
  if (!config.key) return undefined;
  const sinks: CheckpointSink[] = [logSink(deps.logger)];
  if (config.checkpoint_file) sinks.push(fileSink(config.checkpoint_file));
  if (config.checkpoint_webhook) sinks.push(webhookSink(config.checkpoint_webhook));
  return new Checkpointer({
    audit: deps.audit,
    stream: deps.stream,
    key: parseAuditPrivateKey(config.key),
    sinks,
    clock: deps.clock,
  });
}

export function createCheckpointSchedule(
  deps: CheckpointDeps & { claim: (key: string, ttlMs: number) => Promise<boolean> },
): CheckpointSchedule | undefined {
  const checkpointer = createCheckpointer(deps);
  if (!checkpointer) return undefined;
  return new CheckpointSchedule({
    checkpointer,
    chainCount: async () => (await deps.audit.chainState())?.count,
    claim: deps.claim,
    everyEntries: deps.config.checkpoint_every,
    intervalMs: deps.config.checkpoint_interval,
    pollMs: Math.min(10_000, deps.config.checkpoint_interval),
    clock: deps.clock,
    logger: deps.logger.child({ component: 'audit-checkpoint' }),
  });
}
