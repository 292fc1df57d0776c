/**
 * Periodic checkpoints in a running draftgate: every `everyEntries` new entries or every `intervalMs` (whichever
 * comes first, and only when something was appended). Replicas claim each round through the store, so N replicas
 * do not sign N times.
 */
import type { Logger } from 'pino';
import type { Clock } from '../core/ports.js';
import type { Checkpointer } from './checkpointer.js';

export interface CheckpointScheduleOptions {
  checkpointer: Checkpointer;
  chainCount: () => Promise<number | undefined>;
  /** Set-if-absent with a TTL (DraftStore.claimOnce): one replica per round. */
  claim: (key: string, ttlMs: number) => Promise<boolean>;
  everyEntries: number;
  intervalMs: number;
  /** How often the entry count is looked at. */
  pollMs: number;
  clock: Clock;
  logger: Logger;
}

export class CheckpointSchedule {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #lastCount: number | undefined;
  #lastAt: number;

  constructor(private readonly options: CheckpointScheduleOptions) {
    this.#lastAt = options.clock.now();
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#running = this.tick().then(
        () => undefined,
        (error: unknown) =>
          this.options.logger.warn({ err: error }, 'audit checkpoint failed; will retry at the next round'),
      );
    }, this.options.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  /** One round: checkpoint if enough entries or time went by since the last one. */
  async tick(): Promise<boolean> {
    const { chainCount, everyEntries, intervalMs, clock, claim, checkpointer, pollMs } = this.options;
    const count = await chainCount();
    if (count === undefined) return false;
    this.#lastCount ??= count;
    const grown = count - this.#lastCount;
    const due = grown >= everyEntries || (grown > 0 && clock.now() - this.#lastAt >= intervalMs);
    if (!due) return false;
    this.#lastAt = clock.now();
    // Another replica that claimed this round signs it.
    if (!(await claim('audit-checkpoint', Math.max(pollMs - 100, 100)))) {
      this.#lastCount = count;
      return false;
    }
    const checkpoint = await checkpointer.checkpoint();
    // The checkpoint is an entry itself: do not count it as new work.
    this.#lastCount = checkpoint ? checkpoint.count + 1 : count;
    return checkpoint !== undefined;
  }
}
