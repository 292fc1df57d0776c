import { describe, expect, it } from 'vitest';
import { publishParts } from '../../adapters/discord/publish-parts.js';
import { EMBEDS_TOTAL_MAX, renderReviewCard } from '../../adapters/discord/render-card.js';
import { renderConfirmation } from '../../adapters/discord/render-confirmation.js';
import type { Draft, Finding } from '../../src/core/draft.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import { NOW, draft as sharedDraft } from '../support/drafts.js';

/** The shared Discord draft, with this file's text and version. */
const draft = (overrides: Partial<Draft> = {}): Draft =>
  sharedDraft(
    {
      id: 'a1b2c3d4e5f6a7b8c9d0',
      question: 'Why does deploy fail?',
      version: 2,
      text: 'Check the permissions.',
      originalText: 'Check the permissions.',
      createdAt: NOW,
      updatedAt: NOW,
      ...overrides,
    },
    'discord',
  );

function card(
  d: Draft,
  actions: Partial<ReviewCard['actions']> = { approve: {} },
  extra: Partial<ReviewCard> = {},
): ReviewCard {
  return {
    draft: d,
    recipient: d.requester,
    role: 'requester',
    headline: 'Draft for review',
    displayText: d.text,
    actions: { edit: true, regenerate: true, discard: true, ...actions },
    ...extra,
  };
}

const finding = (severity: Finding['severity'], explanation: string): Finding => ({
  rule: `test.${severity}`,
  category: 'custom',
  severity,
  excerpt: 'chmod `777`',
  explanation,
  start: 0,
  end: 9,
});

const ids = (message: { components: readonly unknown[] }) =>
  (message.components as { components: { custom_id?: string }[] }[]).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );

describe('renderReviewCard', () => {
  it('shows target with jump link, version, expiry and findings; buttons carry draft id and version', () => {
    const d = draft({ findings: [finding('note', 'Mentions a path.')] });
    const message = renderReviewCard(card(d), NOW);
    expect(message.content).toContain('**Draft for review** · v2');
    expect(message.content).toContain('https://discord.com/channels/700/710/720');
    expect(message.content).toContain(`Expires <t:${Math.floor((NOW + 3_600_000) / 1000)}:R>`);
    // The findings come after the draft text, in their own embed.
    expect(message.content).not.toContain('Mentions a path.');
    expect(message.embeds[0]?.description).toBe('Check the permissions.');
    expect(message.embeds.at(-1)?.title).toBe('Findings');
    expect(message.embeds.at(-1)?.description).toContain('Mentions a path.');
    expect(message.embeds.at(-1)?.description).toContain("`chmod '777'`");
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(ids(message)).toEqual([
      'draftgate:approve:a1b2c3d4e5f6a7b8c9d0:2',
      'draftgate:edit:a1b2c3d4e5f6a7b8c9d0:2',
      'draftgate:regenerate:a1b2c3d4e5f6a7b8c9d0:2',
      'draftgate:discard:a1b2c3d4e5f6a7b8c9d0:2',
    ]);
    expect(message.components[0]?.components[0]).toMatchObject({ style: 3, label: 'Approve' });
    expect(message.components[0]?.components[3]).toMatchObject({ style: 4 });
  });

  it('an Approve with confirmation becomes "Approve…" (the ask step); approveUnavailable removes it and says why', () => {
    const d = draft({ findings: [finding('confirm', 'World-writable.')] });
    const asks = renderReviewCard(
      card(d, { approve: { confirm: { title: 'Sure?', findings: d.findings } } }),
      NOW,
    );
    expect(ids(asks)[0]).toBe('draftgate:ask:a1b2c3d4e5f6a7b8c9d0:2');
    const blocked = renderReviewCard(card(d, { approveUnavailable: 'A secret is in it.' }), NOW);
    expect(ids(blocked)).not.toContain('draftgate:approve:a1b2c3d4e5f6a7b8c9d0:2');
    expect(ids(blocked).some((id) => id?.startsWith('draftgate:ask:'))).toBe(false);
    expect(blocked.content).toContain('**Approve unavailable:** A secret is in it.');
  });

  it('offers Retract only while the retract window is open, with a link to the post', () => {
    const d = draft({ state: 'published', published: { channel: '710', messages: ['730', '731'] } });
    const open = renderReviewCard(
      card(
        d,
        { edit: false, regenerate: false, discard: false, retractUntil: NOW + 60_000 },
        { headline: 'Published' },
      ),
      NOW,
    );
    expect(ids(open)).toEqual(['draftgate:retract:a1b2c3d4e5f6a7b8c9d0:2']);
    expect(open.content).toContain('https://discord.com/channels/700/710/730');
    expect(open.content).toContain('(2 messages)');
    const closed = renderReviewCard(
      card(d, { edit: false, regenerate: false, discard: false, retractUntil: NOW - 1 }),
      NOW,
    );
    expect(closed.components).toEqual([]);
  });

  it('splits long text over several embeds, and says so when part of it cannot be shown', () => {
    const paragraph = `${'Sentence of the long draft. '.repeat(40)}`;
    const fits = Array.from({ length: 5 }, () => paragraph).join('\n\n'); // about 5,600 characters
    const shown = renderReviewCard(card(draft({ text: fits })), NOW);
    expect(shown.embeds.length).toBeGreaterThan(1);
    expect(shown.embeds.every((e) => (e.description?.length ?? 0) <= 4096)).toBe(true);
    const total = shown.embeds.reduce(
      (n, e) => n + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
      0,
    );
    expect(total).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    expect(shown.embeds.at(-1)?.footer).toBeUndefined();

    const huge = Array.from({ length: 12 }, () => paragraph).join('\n\n'); // about 13,400 characters
    const partial = renderReviewCard(card(draft({ text: huge })), NOW);
    const sum = partial.embeds.reduce(
      (n, e) => n + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
      0,
    );
    expect(sum).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    expect(partial.embeds.at(-1)?.footer?.text).toMatch(/more characters do not fit/);
  });

  it('keeps the findings embed within its budget and counts the kinds it could not list', () => {
    const findingGroups = Array.from({ length: 40 }, (_, i) => ({
      title: `Kind ${i}`,
      severity: 'note' as const,
      category: 'custom' as const,
      rules: [`test.${i}`],
      explanation: `Finding number ${i} ${'x'.repeat(60)}`,
      excerpts: ['chmod 777'],
      count: 1,
    }));
    const message = renderReviewCard(card(draft(), { approve: {} }, { findingGroups }), NOW);
    expect(message.content.length).toBeLessThanOrEqual(2000);
    const crowded = renderReviewCard(
      card(
        draft({ question: 'q'.repeat(3000) }),
        { approve: {}, approveUnavailable: 'u'.repeat(3000) },
        {
          notice: 'n'.repeat(3000),
          riskSummary: 's'.repeat(3000),
          consequence: 'c'.repeat(3000),
        },
      ),
      NOW,
    );
    expect(crowded.content.length).toBeLessThanOrEqual(2000);
    const findings = message.embeds.at(-1)?.description ?? '';
    expect(findings.length).toBeLessThanOrEqual(1500);
    expect(findings).toMatch(/…and \d+ more kinds/);
    expect(findings).toContain('**Kind 0**');
    expect(findings).not.toContain('test.0');
  });

  it('a risky Approve reads "Review & approve…" in Danger style; the consequence line is in the summary', () => {
    const d = draft({ findings: [finding('confirm', 'World-writable.')] });
    const consequence =
      'Approve posts to #general as a reply to the message it answers, as draftgate, credited to you; you can retract it for 15 minutes; expires in 1 h';
    const message = renderReviewCard(
      card(
        d,
        { approve: { confirm: { title: 'Sure?', findings: d.findings } } },
        { consequence, approveButton: { label: 'Review & approve…', style: 'warning' } },
      ),
      NOW,
    );
    expect(message.components[0]?.components[0]).toMatchObject({ style: 4, label: 'Review & approve…' });
    expect(message.content).toContain(consequence);
  });

  it('shows what changed since the previous version in an embed after the text', () => {
    const message = renderReviewCard(
      card(
        draft(),
        { approve: {} },
        {
          changes: {
            fromVersion: 1,
            toVersion: 2,
            added: 1,
            removed: 1,
            lines: [
              { kind: 'removed', text: 'chmod 777' },
              { kind: 'added', text: 'chmod 750' },
            ],
          },
        },
      ),
      NOW,
    );
    const changes = message.embeds.at(-1);
    expect(changes?.title).toBe('What changed since v1');
    expect(changes?.description).toContain('1 line added, 1 removed');
    expect(changes?.description).toContain('- chmod 777\n+ chmod 750');
    expect(message.embeds[0]?.description).toBe('Check the permissions.');
  });
});

describe('renderConfirmation', () => {
  it('is ephemeral, lists the findings and offers "Confirm approve" for the same version', () => {
    const d = draft({ findings: [finding('confirm', 'World-writable.')] });
    const message = renderConfirmation(d, 'Publish despite these findings?', d.findings);
    expect(message.flags).toBe(64);
    expect(message.content).toContain('Publish despite these findings?');
    expect(message.content).toContain('World-writable.');
    expect(ids(message)).toEqual(['draftgate:confirm:a1b2c3d4e5f6a7b8c9d0:2']);
  });
});

describe('publishParts', () => {
  it('neutralizes mentions, suppresses embeds, sets the nonce, attributes, and replies to the target message', () => {
    const [part, ...rest] = publishParts(draft({ text: 'Ping @everyone and <@123>.' }), '600');
    expect(rest).toHaveLength(0);
    expect(part).toEqual({
      content: 'Ping @everyone and <@123>.\n-# AI-drafted · approved by <@600> · ref a1b2c3d4e5f6a7b8c9d0',
      allowed_mentions: { parse: [], replied_user: false },
      flags: 4,
      nonce: 'a1b2c3d4e5f6a7b8c9d0',
      enforce_nonce: true,
      message_reference: { message_id: '720', fail_if_not_exists: false },
    });
  });

  it('has no reply reference for a channel target', () => {
    const [part] = publishParts(
      draft({ target: { platform: 'discord', workspace: '700', channel: '710' } }),
      '600',
    );
    expect(part?.message_reference).toBeUndefined();
  });

  it('splits long text into parts of at most 2000 characters; only the first replies', () => {
    const text = Array.from(
      { length: 30 },
      (_, i) => `Step ${i}: ${'do the thing carefully. '.repeat(8)}`,
    ).join('\n\n');
    const parts = publishParts(draft({ text }), '600');
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.content.length <= 2000)).toBe(true);
    expect(parts.filter((p) => p.message_reference)).toHaveLength(1);
    expect(parts[0]?.message_reference).toBeDefined();
    expect(parts.at(-1)?.content).toMatch(new RegExp(` · ${parts.length}/${parts.length}$`));
  });
});
