/**
 * Who asks in a flow benchmark. In a deployment most requests come from people who asked before (their DM with the
 * bot is known, cached in Redis), so flows are measured with a pool of returning requesters: twice as many as
 * flows run at once, taken in turn, never one person in two flows at a time. The first request of each of them
 * (which opens the DM) falls in the warm-up. `new` gives every flow a requester never seen before, to measure that
 * first request on its own.
 */
export type RequesterMode = 'returning' | 'new';

export class Requesters {
  readonly #busy = new Set<string>();
  readonly #poolSize: number;
  #next = 0;

  constructor(
    private readonly tag: string,
    readonly mode: RequesterMode,
    concurrency: number,
  ) {
    this.#poolSize = 2 * concurrency;
  }

  /** The requester of the next flow; release() it when the flow ends. */
  take(): string {
    for (;;) {
      const n = this.#next;
      this.#next += 1;
      const user = this.#name(this.mode === 'new' ? n : n % this.#poolSize);
      if (this.#busy.has(user)) continue;
      this.#busy.add(user);
      return user;
    }
  }

  release(user: string): void {
    this.#busy.delete(user);
  }

  #name(n: number): string {
    return `U${this.tag}${n.toString(36).toUpperCase().padStart(6, '0')}`;
  }
}
