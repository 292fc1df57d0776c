/** The demo agent is offline, deterministic and labelled, and its permission scenario is caught by the risk review. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../../adapters/sandbox/seed.js';
import { DEMO_LABEL, DemoAgent } from '../../src/agents/demo-agent.js';
import type { AgentRequest, AgentResult } from '../../src/core/ports.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });
const demo = new DemoAgent();
const ask = (question: string, previous?: AgentRequest['previous']): Promise<AgentResult> =>
  demo.draft(
    {
      draftId: 'd1',
      question,
      requester: 'U1',
      target: { platform: 'sandbox', workspace: 'local', channel: 'general' },
      ...(previous ? { previous } : {}),
    },
    new AbortController().signal,
  );
const text = (result: AgentResult): string => {
  if (!result.ok) throw new Error(`demo failed: ${result.reason}`);
  return result.text;
};

const QUESTIONS = {
  access: "Priya can't see the signups dashboard, she gets permission denied on users_pii. How do I fix it?",
  cleanup: 'The build agent pod is stuck and the disk is full, what do I do?',
  logs: 'How do I see the logs of the payments service?',
  fallback: 'What do you think about our new office?',
};

describe('DemoAgent', () => {
  it('labels every reply, regenerated ones included, on the first line', async () => {
    for (const question of Object.values(QUESTIONS)) {
      for (const previous of [
        undefined,
        { text: 'x', feedback: 'shorter' },
        { text: 'x', feedback: 'wrong' },
        { text: 'x', feedback: 'add examples' },
      ]) {
        expect(text(await ask(question, previous)).split('\n')[0]).toBe(DEMO_LABEL);
      }
    }
  });

  it('has a real answer, not the fallback, for every question seeded in the sandbox', async () => {
    const fallback = text(await ask(QUESTIONS.fallback));
    for (const post of DEFAULT_SEED.posts) {
      const reply = text(await ask(post.text));
      expect(reply, post.text).not.toBe(fallback);
      expect(reply, post.text).not.toContain('I do not have a canned answer');
    }
  });

  it('is deterministic', async () => {
    for (const question of Object.values(QUESTIONS)) {
      expect(text(await ask(question))).toBe(text(await ask(question)));
    }
  });

  it('gives dangerous permission advice that the risk review flags for confirmation', async () => {
    const reply = text(await ask(QUESTIONS.access));
    expect(reply).toContain('GRANT ALL ON users_pii TO analytics_team;');
    const findings = await reviewer.review(reply);
    const flagged = findings.filter((f) => f.severity === 'confirm').map((f) => f.rule);
    expect(flagged).toEqual(
      expect.arrayContaining(['permission.sql-grant-all', 'permission.public-acl', 'permission.admin-group']),
    );
  });

  it('flags the destructive scenario and leaves the read-only one alone', async () => {
    const cleanup = await reviewer.review(text(await ask(QUESTIONS.cleanup)));
    // Deleting a pod that its StatefulSet recreates is no destructive finding; wiping the build cache's path is.
    expect(cleanup.map((f) => f.rule)).toEqual(expect.arrayContaining(['destructive.rm-rf']));
    const logs = await reviewer.review(text(await ask(QUESTIONS.logs)));
    expect(logs.filter((f) => f.severity !== 'note')).toEqual([]);
    const fallback = await reviewer.review(text(await ask(QUESTIONS.fallback)));
    expect(fallback).toEqual([]);
  });

  // Changed in round 2 (issue 15): the feedback is the reviewer's private note, so it must not appear in a text
  // that may be published. The variant the feedback asks for is what shows that it was applied.
  it('applies feedback without copying it: a safer reply for "wrong: that table holds PII", a shorter one for "shorter"', async () => {
    const first = text(await ask(QUESTIONS.access));
    const safer = text(await ask(QUESTIONS.access, { text: first, feedback: 'wrong: that table holds PII' }));
    expect(safer).not.toContain('that table holds PII');
    expect(safer).not.toBe(first);
    expect(safer).not.toContain('GRANT ALL');
    expect((await reviewer.review(safer)).filter((f) => f.severity !== 'note')).toEqual([]);

    const shorter = text(await ask(QUESTIONS.cleanup, { text: 'x', feedback: 'shorter please' }));
    expect(shorter.length).toBeLessThan(text(await ask(QUESTIONS.cleanup)).length);
    expect(shorter).not.toContain('shorter please');
  });

  it('refuses to work once cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await demo.draft(
      {
        draftId: 'd',
        question: 'q',
        requester: 'U',
        target: { platform: 'sandbox', workspace: 'w', channel: 'c' },
      },
      controller.signal,
    );
    expect(result).toMatchObject({ ok: false, code: 'aborted' });
  });
});
