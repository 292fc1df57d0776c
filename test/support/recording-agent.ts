/**
 * The tests' one agent: it records every request and answers as the test scripts it. `hold()` makes each draft
 * wait until the test calls `release()`, for tests about work in flight (no timing involved).
 */
import type { Agent, AgentRequest, AgentResult } from '../../src/core/ports.js';

export class RecordingAgent implements Agent {
  readonly requests: AgentRequest[] = [];
  #held: (() => void)[] | undefined;
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    public answer: (request: AgentRequest) => AgentResult,
    readonly name = 'fixed',
  ) {}

  async draft(request: AgentRequest): Promise<AgentResult> {
    this.requests.push(request);
    for (const waiter of this.#waiters.filter((w) => this.requests.length >= w.count)) waiter.resolve();
    this.#waiters = this.#waiters.filter((w) => this.requests.length < w.count);
    const held = this.#held;
    if (held) await new Promise<void>((resolve) => held.push(resolve));
    return this.answer(request);
  }

  /** From now on every draft waits for `release()`. */
  hold(): this {
    this.#held ??= [];
    return this;
  }

  /** Lets the drafts waiting now answer; later ones still wait while the agent holds. */
  release(): void {
    for (const go of this.#held?.splice(0) ?? []) go();
  }

  /** Stops holding and lets every waiting draft answer. */
  releaseAll(): void {
    this.release();
    this.#held = undefined;
  }

  /** Resolves once the agent has been asked `count` times in all. */
  asked(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }
}

/** An agent that always answers `text`. */
export const answers = (text: string) => new RecordingAgent(() => ({ ok: true, text }));
