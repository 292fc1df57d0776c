/**
 * What the review card model explains beyond the draft (card-details.ts via build-review-card.ts): grouped findings
 * with plain titles, the one-line consequence of Approve, the risky Approve button, and what changed.
 */
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/schema.js';
import { buildReviewCard } from '../../src/core/build-review-card.js';
import { groupFindings, lineChanges } from '../../src/core/card-details.js';
import type { Draft, Finding } from '../../src/core/draft.js';
import { Policy } from '../../src/core/policy.js';
import { draft as sharedDraft } from '../support/drafts.js';

const NOW = 1_000_000_000;
const HOUR = 3_600_000;
const policy = (raw: unknown = {}) => new Policy(policySchema.parse(raw));
const finding = (over: Partial<Finding>): Finding => ({
  rule: 'permission.public-acl',
  category: 'permission',
  severity: 'confirm',
  excerpt: '--acl public-read',
  explanation: 'Makes a bucket readable by anyone.',
  start: 0,
  end: 5,
  ...over,
});
const draft = (over: Partial<Draft> = {}): Draft =>
  sharedDraft({
    id: 'd1',
    target: { platform: 'slack', workspace: 'T1', channel: 'C1', channelName: 'eng-help' },
    requester: 'U_A',
    question: 'q',
    agent: 'demo',
    version: 2,
    text: 'text',
    originalText: 'text',
    createdAt: 0,
    updatedAt: 0,
    expiresAt: NOW + 23 * HOUR,
    ...over,
  });

describe('finding groups', () => {
  it('one group per kind, with a plain title, every distinct excerpt once, the most severe first', () => {
    const groups = groupFindings([
      finding({
        start: 30,
        end: 40,
        severity: 'note',
        rule: 'data.personal-data',
        category: 'data_exposure',
        excerpt: 'alice@example.com',
      }),
      finding({ start: 0, end: 5 }),
      finding({ start: 10, end: 15, excerpt: '--acl public-read-write' }),
      finding({ start: 20, end: 25 }),
      finding({
        start: 50,
        end: 60,
        severity: 'block',
        rule: 'secret.github-token',
        category: 'secret',
        excerpt: 'ghp_****',
      }),
    ]);
    expect(groups.map((g) => [g.title, g.severity, g.count])).toEqual([
      ['Secret in the text', 'block', 1],
      ['Public bucket', 'confirm', 3],
      ['Personal data in the text', 'note', 1],
    ]);
    expect(groups[1]?.excerpts).toEqual(['--acl public-read', '--acl public-read-write']);
    expect(groups[1]?.rules).toEqual(['permission.public-acl']);
  });
});

describe('what Approve will do', () => {
  it('names the channel, the thread, the app, the credit, the retract window and the expiry from settings', () => {
    const card = buildReviewCard(
      draft({
        target: {
          platform: 'slack',
          workspace: 'T1',
          channel: 'C1',
          channelName: 'eng-help',
          thread: '1.1',
          message: '1.2',
        },
      }),
      'U_A',
      'requester',
      policy({ retract_window: '15m' }),
      NOW,
    );
    expect(card.consequence).toBe(
      'Approve posts to #eng-help in the thread of the message it answers, as draftgate, credited to you; you can retract it for 15 minutes; expires in 23 h',
    );
    expect(card.expiresAt).toBe(NOW + 23 * HOUR);
  });

  it('a top-level reply says it quotes the question; an unknown channel name is not guessed', () => {
    const card = buildReviewCard(
      draft({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' } }),
      'U_A',
      'requester',
      policy({ retract_window: '10m' }),
      NOW,
    );
    expect(card.consequence).toBe(
      'Approve posts to the channel at the top level, quoting the question, as draftgate, credited to you; you can retract it for 10 minutes; expires in 23 h',
    );
  });

  it('says when Approve only asks a second person, and credits both on the second approval', () => {
    const strict = policy({ second_approval: { mode: 'always' } });
    const first = buildReviewCard(draft(), 'U_A', 'requester', strict, NOW);
    expect(first.consequence).toMatch(
      /^Approve asks a second person to approve; nothing is posted until they do\. Then it posts to #eng-help/,
    );
    const second = buildReviewCard(
      draft({ state: 'awaiting_second_approval', approvedBy: 'U_A' }),
      'U_B',
      'second_approver',
      strict,
      NOW,
    );
    expect(second.consequence).toContain('credited to the first approver and you');
  });

  it('has no consequence when Approve is not offered', () => {
    const blocked = buildReviewCard(
      draft({ findings: [finding({ severity: 'block', rule: 'secret.x', category: 'secret' })] }),
      'U_A',
      'requester',
      policy(),
      NOW,
    );
    expect(blocked.actions.approve).toBeUndefined();
    expect(blocked.consequence).toBeUndefined();
  });

  it('a risky draft’s Approve reads "Review & approve…" styled as a warning; a clean one plain "Approve"', () => {
    const risky = buildReviewCard(draft({ findings: [finding({})] }), 'U_A', 'requester', policy(), NOW);
    expect(risky.approveButton).toEqual({ label: 'Review & approve…', style: 'warning' });
    // Under on_risk the first approver is not asked to confirm (a second person is), but the draft is still risky.
    const onRisk = buildReviewCard(
      draft({ findings: [finding({})] }),
      'U_A',
      'requester',
      policy({ second_approval: { mode: 'on_risk' } }),
      NOW,
    );
    expect(onRisk.actions.approve?.confirm).toBeUndefined();
    expect(onRisk.approveButton).toEqual({ label: 'Review & approve…', style: 'warning' });
    const clean = buildReviewCard(draft(), 'U_A', 'requester', policy(), NOW);
    expect(clean.approveButton).toEqual({ label: 'Approve', style: 'primary' });
  });
});

describe('what changed', () => {
  it('a line diff of the previous version against this one, counts and context, on the card of an open draft', () => {
    const card = buildReviewCard(
      draft({
        version: 3,
        text: 'Step one.\nchmod 750 /srv\nStep three.',
        previous: { version: 2, text: 'Step one.\nchmod 777 /srv\nStep three.' },
      }),
      'U_A',
      'requester',
      policy(),
      NOW,
    );
    expect(card.changes).toEqual({
      fromVersion: 2,
      toVersion: 3,
      added: 1,
      removed: 1,
      lines: [
        { kind: 'same', text: 'Step one.' },
        { kind: 'removed', text: 'chmod 777 /srv' },
        { kind: 'added', text: 'chmod 750 /srv' },
        { kind: 'same', text: 'Step three.' },
      ],
    });
    const published = buildReviewCard(
      draft({ state: 'published', version: 3, text: 'b', previous: { version: 2, text: 'a' } }),
      'U_A',
      'requester',
      policy(),
      NOW,
    );
    expect(published.changes).toBeUndefined();
  });

  it('collapses unchanged stretches far from a change into one "…" line', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'F'].join('\n');
    expect(lineChanges(before, after, 1, 2).lines).toEqual([
      { kind: 'same', text: '…' },
      { kind: 'same', text: 'e' },
      { kind: 'removed', text: 'f' },
      { kind: 'added', text: 'F' },
    ]);
  });
});
