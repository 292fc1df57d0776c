/** The agent's own timeout combined with the caller's signal, and how an abort is reported. */
import type { AgentResult } from '../core/ports.js';

export interface Deadline {
  signal: AbortSignal;
  /** The typed failure for an abort: `timeout` (ours or the caller's) or `aborted` (shutdown). */
  failure(what: string): AgentResult & { ok: false };
  dispose(): void;
}

export function deadline(caller: AbortSignal, timeoutMs: number): Deadline {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new DOMException('agent timeout', 'TimeoutError')), timeoutMs);
  const signal = AbortSignal.any([caller, own.signal]);
  return {
    signal,
    failure(what) {
      if (own.signal.aborted) {
        return { ok: false, code: 'timeout', reason: `${what} did not answer within ${formatMs(timeoutMs)}` };
      }
      if (isTimeout(caller.reason))
        return { ok: false, code: 'timeout', reason: `${what} did not answer in time` };
      return { ok: false, code: 'aborted', reason: `${what} was cancelled (draftgate is shutting down)` };
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
