/**
 * The bounded queue for the work that follows a platform's ack: drafting (the agent, the risk review, the card).
 *
 * - Every task starts on a later turn of the event loop (`setImmediate`), never inside the listener that acked: the
 *   acks of deliveries already waiting on their sockets are sent before the next draft's CPU work begins.
 * - At most `concurrency` tasks run at once; at most `maxQueued` wait. Beyond that a task is refused at once
 *   (`undefined`), so that a burst turns into a clear "busy, try again" for the person who asked, not into latency
 *   that grows without bound for everyone, acks included.
 */
export interface WorkQueueOptions {
  concurrency: number;
  maxQueued: number;
}

export class WorkQueue {
  readonly #concurrency: number;
  readonly #maxQueued: number;
  readonly #waiting: (() => void)[] = [];
  #active = 0;

  constructor(options: WorkQueueOptions) {
    if (!(options.concurrency >= 1) || !(options.maxQueued >= 0)) {
      throw new RangeError('WorkQueue needs concurrency ≥ 1 and maxQueued ≥ 0');
    }
    this.#concurrency = options.concurrency;
    this.#maxQueued = options.maxQueued;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a free slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; `undefined` at once when the queue is full (the task never runs). */
  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.#active >= this.#concurrency && this.#waiting.length >= this.#maxQueued) return undefined;
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#active += 1;
        setImmediate(() => {
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              this.#active -= 1;
              this.#waiting.shift()?.();
            });
        });
      };
      if (this.#active < this.#concurrency) start();
      else this.#waiting.push(start);
    });
  }
}
