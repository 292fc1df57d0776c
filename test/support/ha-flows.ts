/** Request-and-approve flows for the high-availability tests, and what they left behind. */
import type { AuditEntry } from '../../src/core/audit-event.js';
import type { GateResult } from '../../src/core/gate-types.js';
import type { GateFixture } from './gate-fixture.js';
import { alice, target } from './gate-fixture.js';

export interface FlowOutcome {
  question: string;
  request: GateResult;
  approve?: GateResult;
}

/** One whole flow: a request (with a delivery key, as Slack sends) and its approval. */
export async function requestAndApprove(f: GateFixture, question: string): Promise<FlowOutcome> {
  const request = await f.gate.request({
    target,
    requester: alice,
    question,
    source: 'slash',
    idempotencyKey: `trigger-${question}`,
  });
  if (!request.ok || !request.draft) return { question, request };
  const approve = await f.gate.approve({
    draftId: request.draft.id,
    version: request.draft.version,
    actor: alice,
    confirmed: false,
  });
  return { question, request, approve };
}

/** Runs flows one after another until `stop()` says so; returns every outcome (failures included). */
export async function flowsUntil(f: GateFixture, name: string, stop: () => boolean): Promise<FlowOutcome[]> {
  const outcomes: FlowOutcome[] = [];
  for (let i = 0; !stop() && i < 10_000; i++) {
    outcomes.push(await requestAndApprove(f, `${name} ${i}`));
  }
  return outcomes;
}

/** Draft ids posted more than once (must be empty: nothing is ever posted twice). */
export function postedTwice(f: GateFixture): string[] {
  const seen = new Map<string, number>();
  for (const post of f.chat.posts) seen.set(post.draftId, (seen.get(post.draftId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** Posted drafts whose `approved` or `published` event is missing from the audit log. */
export function postsWithoutRecord(f: GateFixture, entries: AuditEntry[]): string[] {
  const types = (id: string) => new Set(entries.filter((e) => e.draft_id === id).map((e) => e.type));
  return f.chat.posts
    .map((p) => p.draftId)
    .filter((id) => {
      const recorded = types(id);
      return !recorded.has('approved') || !recorded.has('published');
    });
}
