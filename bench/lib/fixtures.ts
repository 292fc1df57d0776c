/** The benchmark's agent and texts: an agent that answers at once with a benign 1 KB reply. */
import type { Agent, AgentResult } from '../../src/core/ports.js';

const PARAGRAPH =
  'The build went red because the integration suite now starts two workers that share one temporary ' +
  'directory, so the second worker sometimes reads a half-written fixture file. Give each worker its own ' +
  'directory (the test runner passes a worker index you can append to the path), then rerun the pipeline. ' +
  'If it still fails, look at the first failing test rather than the last one: the later failures are ' +
  'usually knock-on effects of the first. The flaky timing assertion in the queue tests is a separate ' +
  'problem; it compares wall-clock durations, which is fragile on shared runners, so replace it with a ' +
  'check on the order of the recorded events instead. Nothing here needs new permissions or a config ' +
  'change, and no data leaves the CI environment. ';

/** Exactly 1024 bytes of plain ASCII prose, with nothing the risk review flags. */
export const TEXT_1KB = PARAGRAPH.repeat(Math.ceil(1024 / PARAGRAPH.length)).slice(0, 1024);

export const QUESTION = 'Why is CI red on the integration suite since this morning?';

/**
 * `text` made unique by a counter in its last characters, at the same length: every request in a benchmark asks and
 * answers a text of its own, as real traffic does, so that nothing remembered from an earlier request (the risk
 * review remembers the secret scans of recent texts) makes a later one cheaper.
 */
let uniqueCounter = 0;
export function unique(text: string): string {
  uniqueCounter += 1;
  const tag = ` #${uniqueCounter.toString(36)}`;
  return text.slice(0, Math.max(0, text.length - tag.length)) + tag;
}

/** Answers instantly: the benchmark measures draftgate, not a model. */
export const instantAgent: Agent = {
  name: 'bench',
  async draft(): Promise<AgentResult> {
    return { ok: true, text: unique(TEXT_1KB) };
  },
};

/**
 * The flow benchmarks' per-person request limit: returning requesters ask many times a second there, far beyond the
 * default 20 a minute, and a refused request is not a flow. The limiter still runs on every request (one script
 * call), as it does in production; only its threshold differs.
 */
export const BENCH_RATE_LIMITS = { requests_per_user: { points: 1_000_000, duration: 60_000 } };
