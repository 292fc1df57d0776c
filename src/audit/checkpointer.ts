/**
 * Signs the chain head (`audit checkpoint`, and periodically in a running draftgate): appends the signed checkpoint
 * to the stream as a `checkpoint` event and emits it outside Redis (log line, file, webhook) so that truncation and a
 * rewritten chain show even to someone who can no longer trust Redis.
 */
import type { KeyObject } from 'node:crypto';
import { type Checkpoint, signCheckpoint } from '../core/audit-checkpoint.js';
import type { AuditLog, Clock } from '../core/ports.js';

/** Where a checkpoint goes besides the stream. A sink that fails throws; the others still run. */
export type CheckpointSink = (checkpoint: Checkpoint) => Promise<void>;

export interface CheckpointerOptions {
  audit: AuditLog;
  /** The stream key the checkpoints name. */
  stream: string;
  key: KeyObject;
  sinks: readonly CheckpointSink[];
  clock: Clock;
}

export class Checkpointer {
  constructor(private readonly options: CheckpointerOptions) {}

  /** Signs the current head; undefined when the log is empty. Throws if a sink failed (after trying them all). */
  async checkpoint(): Promise<Checkpoint | undefined> {
    const { audit, stream, key, clock } = this.options;
    const state = await audit.chainState();
    if (!state) return undefined;
    const at = new Date(clock.now()).toISOString();
    const checkpoint = signCheckpoint({ ...state, stream, at }, key);
    await audit.append(checkpointEvent(checkpoint));
    await this.emit(checkpoint);
    return checkpoint;
  }

  /** Emits an already signed checkpoint (the base `audit archive` leaves) to every sink. */
  async emit(checkpoint: Checkpoint): Promise<void> {
    const results = await Promise.allSettled(this.options.sinks.map((sink) => sink(checkpoint)));
    const failed = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failed.length > 0) {
      const reasons = failed.map((reason) => (reason instanceof Error ? reason.message : String(reason)));
      throw new Error(
        `the checkpoint was signed and appended, but not delivered to every sink: ${reasons.join('; ')}`,
      );
    }
  }
}

export function checkpointEvent(checkpoint: Checkpoint) {
  return {
    type: 'checkpoint' as const,
    draft_id: '',
    version: 0,
    actor: 'system',
    platform: '',
    workspace: '',
    channel: '',
    at: checkpoint.at,
    text_sha256: '',
    detail: { ...checkpoint },
  };
}
