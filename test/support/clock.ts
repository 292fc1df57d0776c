/**
 * The tests' one clock, in two modes:
 * - frozen (`new ManualClock()`, `new ManualClock(at)`): time moves only when the test calls `advance`;
 * - offset (`ManualClock.offset()`): real time plus what the test advanced, for code that also reads the real
 *   clock (signature windows, SDK timers) while the test jumps past TTLs.
 */
import type { Clock } from '../../src/core/ports.js';

/** Where a frozen clock starts unless told otherwise. */
export const FROZEN_START = Date.parse('2026-11-29T12:00:00Z');

export class ManualClock implements Clock {
  readonly #start: number | 'real';
  #advancedMs = 0;

  constructor(at: number | 'real' = FROZEN_START) {
    this.#start = at;
  }

  /** Real time plus whatever the test advanced. */
  static offset(): ManualClock {
    return new ManualClock('real');
  }

  now(): number {
    return (this.#start === 'real' ? Date.now() : this.#start) + this.#advancedMs;
  }

  advance(ms: number): void {
    this.#advancedMs += ms;
  }
}
