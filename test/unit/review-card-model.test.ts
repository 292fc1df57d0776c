/** The review-card model (build-review-card.ts): what each recipient sees and may do, for every state. */
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/schema.js';
import { buildReviewCard } from '../../src/core/build-review-card.js';
import type { Draft, DraftState, Finding } from '../../src/core/draft.js';
import { DRAFT_STATES } from '../../src/core/draft.js';
import { Policy } from '../../src/core/policy.js';
import { draft as sharedDraft } from '../support/drafts.js';

const NOW = 1_000_000;
const policy = (raw: unknown = {}) => new Policy(policySchema.parse(raw));
const finding = (severity: Finding['severity']): Finding => ({
  rule: `r.${severity}`,
  category: severity === 'block' ? 'secret' : 'permission',
  severity,
  excerpt: 'x',
  explanation: 'why',
  start: 0,
  end: 1,
});
const draft = (state: DraftState, over: Partial<Draft> = {}): Draft =>
  sharedDraft({
    id: 'd1',
    target: { platform: 'slack', workspace: 'T1', channel: 'C1' },
    requester: 'U_A',
    question: 'q',
    agent: 'demo',
    state,
    version: 2,
    text: 'text',
    originalText: 'text',
    createdAt: 0,
    updatedAt: 0,
    expiresAt: NOW + 1,
    ...over,
  });

describe('the review card model', () => {
  it.each(DRAFT_STATES)(
    '%s: the requester may edit, regenerate and discard only while it is decidable or its publish failed',
    (state) => {
      const card = buildReviewCard(draft(state), 'U_A', 'requester', policy(), NOW);
      const decidable =
        state === 'pending' || state === 'awaiting_second_approval' || state === 'publish_failed';
      expect(card.actions).toMatchObject({ edit: decidable, regenerate: decidable, discard: decidable });
      expect(card.actions.approve !== undefined).toBe(state === 'pending');
      expect(card.actions.retry !== undefined).toBe(state === 'publish_failed');
      expect(card.headline.length).toBeGreaterThan(0);
    },
  );

  it('publish_failed: says why in plain words, offers Retry (asking to confirm findings again), not Approve', () => {
    const failed = draft('publish_failed', {
      failure: 'Slack error not_in_channel (invite the draftgate app to the channel)',
      findings: [finding('confirm')],
    });
    const card = buildReviewCard(failed, 'U_A', 'requester', policy(), NOW);
    expect(card.notice).toMatch(/not_in_channel .*Nothing was posted.*Retry/);
    expect(card.actions.approve).toBeUndefined();
    expect(card.actions.retry?.confirm?.findings).toHaveLength(1);
    expect(buildReviewCard(failed, 'U_B', 'second_approver', policy(), NOW).actions.retry).toBeUndefined();
  });

  it('offers approve to the second approver only while it waits for them', () => {
    const waiting = draft('awaiting_second_approval', { approvedBy: 'U_A' });
    expect(buildReviewCard(waiting, 'U_B', 'second_approver', policy(), NOW).actions.approve).toEqual({});
    const requester = buildReviewCard(waiting, 'U_A', 'requester', policy(), NOW);
    expect(requester.actions.approve).toBeUndefined();
    expect(requester.actions.approveUnavailable).toBe('Waiting for a second approver.');
  });

  it('withholds approve while a block finding stands, and asks to confirm only confirm findings', () => {
    const blocked = buildReviewCard(
      draft('pending', { findings: [finding('block')] }),
      'U_A',
      'requester',
      policy(),
      NOW,
    );
    expect(blocked.actions.approve).toBeUndefined();
    expect(blocked.actions.approveUnavailable).toMatch(/blocking finding/);
    const mixed = draft('pending', { findings: [finding('confirm'), finding('note')] });
    const card = buildReviewCard(mixed, 'U_A', 'requester', policy(), NOW);
    expect(card.actions.approve?.confirm?.findings.map((f) => f.severity)).toEqual(['confirm']);
    const notesOnly = buildReviewCard(
      draft('pending', { findings: [finding('note')] }),
      'U_A',
      'requester',
      policy(),
      NOW,
    );
    expect(notesOnly.actions.approve).toEqual({});
  });

  it('under on_risk the first approver is not asked to confirm (a second person decides)', () => {
    const risky = draft('pending', { findings: [finding('confirm')] });
    const onRisk = policy({ second_approval: { mode: 'on_risk' } });
    expect(buildReviewCard(risky, 'U_A', 'requester', onRisk, NOW).actions.approve).toEqual({});
  });

  it('offers retract until the window closes', () => {
    const open = draft('published', { retractUntil: NOW + 10 });
    expect(buildReviewCard(open, 'U_A', 'requester', policy(), NOW).actions.retractUntil).toBe(NOW + 10);
    const closed = draft('published', { retractUntil: NOW });
    expect(buildReviewCard(closed, 'U_A', 'requester', policy(), NOW).actions.retractUntil).toBeUndefined();
  });
});
