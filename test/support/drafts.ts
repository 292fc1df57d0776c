/**
 * The draft builders every adapter's tests share: a pending draft as a platform would hold it, its review card, and
 * a finding. Override what a test is about; the rest is a realistic default.
 */
import type { Draft, Finding, Platform, Target } from '../../src/core/draft.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import { FROZEN_START } from './clock.js';

/** "Now" for builders and the unit tests that use them: the frozen clock's start. */
export const NOW = FROZEN_START;

/** Where each platform's default draft was asked, with ids shaped like that platform's. */
const TARGETS: Record<Platform, { target: Target; requester: string; source: Draft['source'] }> = {
  slack: {
    target: { platform: 'slack', workspace: 'T0TEAM', channel: 'C0GENERAL', channelName: 'general' },
    requester: 'U0ALICE',
    source: 'slash',
  },
  discord: {
    target: { platform: 'discord', workspace: '700', channel: '710', message: '720' },
    requester: '600',
    source: 'context_menu',
  },
  sandbox: {
    target: { platform: 'sandbox', workspace: 'sandbox', channel: 'eng-help' },
    requester: 'alice',
    source: 'slash',
  },
};

/** A pending draft on `platform` (default Slack); `overrides` win. */
export function draft(overrides: Partial<Draft> = {}, platform: Platform = 'slack'): Draft {
  const where = TARGETS[platform];
  return {
    id: 'abcdef0123456789abcd',
    target: where.target,
    requester: where.requester,
    question: 'How do I rotate the cert?',
    agent: 'test',
    source: where.source,
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

/** The requester's card for `draft(draftOverrides, platform)`, with every action offered; `overrides` win. */
export function card(
  overrides: Partial<ReviewCard> = {},
  draftOverrides: Partial<Draft> = {},
  platform: Platform = 'slack',
): ReviewCard {
  const d = draft(draftOverrides, platform);
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
