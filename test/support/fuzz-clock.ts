/** A clock that follows real time plus an offset the test moves forward (to pass TTLs and signature windows). */
import type { Clock } from '../../src/core/ports.js';

export class ManualClock implements Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}
