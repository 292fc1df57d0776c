/** Drafts and cards for the Slack adapter's unit tests. */
import type { Draft, Finding } from '../../src/core/draft.js';
import type { ReviewCard } from '../../src/core/review-card.js';

export const NOW = Date.parse('2026-11-29T12:00:00Z');

export function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 'abcdef0123456789abcd',
    target: { platform: 'slack', workspace: 'T0TEAM', channel: 'C0GENERAL', channelName: 'general' },
    requester: 'U0ALICE',
    question: 'How do I rotate the cert?',
    agent: 'test',
    source: 'slash',
    state: 'pending',
    version: 3,
    text: 'Rotate it with the runbook.',
    originalText: 'Rotate it with the runbook.',
    findings: [],
    reviews: [],
    createdAt: NOW - 60_000,
    updatedAt: NOW - 30_000,
    expiresAt: NOW + 3_600_000,
    ...overrides,
  };
}

export function card(overrides: Partial<ReviewCard> = {}, draftOverrides: Partial<Draft> = {}): ReviewCard {
  const d = draft(draftOverrides);
  return {
    draft: d,
    recipient: d.requester,
    role: 'requester',
    headline: 'Draft for review',
    displayText: d.text,
    actions: { approve: {}, edit: true, regenerate: true, discard: true },
    ...overrides,
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'permission.public-acl',
    category: 'permission',
    severity: 'confirm',
    excerpt: '--acl public-read',
    explanation: 'Makes a bucket readable by anyone on the internet.',
    start: 0,
    end: 10,
    ...overrides,
  };
}
