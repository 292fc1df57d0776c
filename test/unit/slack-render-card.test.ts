import { describe, expect, it } from 'vitest';
import { ACTION, decodeButtonValue } from '../../adapters/slack/action-ids.js';
import { escapedLength } from '../../adapters/slack/escape-text.js';
import { CARD_TEXT_BUDGET, renderReviewCard, SECTION_LIMIT } from '../../adapters/slack/render-card.js';
import { editModal, INPUT_LIMIT } from '../../adapters/slack/render-modals.js';
import { card, finding, NOW } from '../support/drafts.js';

type AnyBlock = {
  type: string;
  text?: { type: string; text: string };
  elements?: {
    action_id?: string;
    value?: string;
    style?: string;
    confirm?: { text: { text: string }; title: { text: string } };
  }[];
};

const blocksOf = (c: ReturnType<typeof renderReviewCard>) => c.blocks as AnyBlock[];
const actionIds = (c: ReturnType<typeof renderReviewCard>) =>
  blocksOf(c)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id);
const element = (c: ReturnType<typeof renderReviewCard>, id: string) =>
  blocksOf(c)
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .find((e) => e.action_id === id);
const sectionTexts = (c: ReturnType<typeof renderReviewCard>) =>
  blocksOf(c)
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '');

describe('Slack review card', () => {
  it('shows the text, target, requester, version and expiry, with Approve, Edit, Regenerate and Discard', () => {
    const rendered = renderReviewCard(
      card(
        {},
        {
          target: {
            platform: 'slack',
            workspace: 'T',
            channel: 'C0GENERAL',
            thread: '1.2',
            permalink: 'https://x.slack.com/archives/C0GENERAL/p12',
          },
        },
      ),
      NOW,
    );
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain('Rotate it with the runbook.');
    expect(json).toContain('<#C0GENERAL>');
    expect(json).toContain('<https://x.slack.com/archives/C0GENERAL/p12|open thread>');
    expect(json).toContain('<@U0ALICE>');
    expect(json).toContain('*Version:* 3');
    expect(json).toContain('<!date^');
    expect(actionIds(rendered)).toEqual([ACTION.approve, ACTION.edit, ACTION.regenerate, ACTION.discard]);
    expect(element(rendered, ACTION.approve)?.style).toBe('primary');
    expect(decodeButtonValue(element(rendered, ACTION.approve)?.value)).toEqual({
      draftId: 'abcdef0123456789abcd',
      version: 3,
      confirmed: false,
    });
    expect(element(rendered, ACTION.discard)?.style).toBe('danger');
    expect(element(rendered, ACTION.discard)?.confirm).toBeDefined();
  });

  it('escapes the draft so that mentions in it render as literal text on the card', () => {
    const rendered = renderReviewCard(card({ displayText: 'hey <!channel> & <@U1>' }), NOW);
    expect(sectionTexts(rendered)).toContain('hey &lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('splits a long draft across sections of at most 3000 characters without losing any of it', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} <tag> & more`).join('\n');
    expect(text.length).toBeGreaterThan(SECTION_LIMIT * 2);
    expect(escapedLength(text)).toBeLessThanOrEqual(CARD_TEXT_BUDGET);
    const rendered = renderReviewCard(card({ displayText: text }), NOW);
    const blocks = blocksOf(rendered);
    const start = blocks.findIndex((b) => b.type === 'divider') + 1;
    const end = blocks.findIndex((b, i) => i >= start && b.type !== 'section');
    const pieces = blocks.slice(start, end).map((b) => b.text?.text ?? '');
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(SECTION_LIMIT);
    const joined = pieces.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(joined).toBe(text);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    expect(actionIds(rendered)).toContain(ACTION.approve);
  });

  it('says so when a draft does not fit, and offers no Approve for text the reviewer cannot see', () => {
    const text = 'x'.repeat(CARD_TEXT_BUDGET + 500);
    const rendered = renderReviewCard(card({ displayText: text }), NOW);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toMatch(/Only the first 12,000 of 12,500 characters are shown/);
    expect(json).toMatch(/Approve unavailable/);
    expect(actionIds(rendered)).not.toContain(ACTION.approve);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
  });

  it('lists the finding groups after the draft text, with plain titles and excerpts, within 50 blocks however many', () => {
    const findingGroups = Array.from({ length: 30 }, (_, i) => ({
      title: `Kind ${i}`,
      severity: i === 0 ? ('block' as const) : ('note' as const),
      category: 'permission' as const,
      rules: [`rule.${i}`],
      explanation: 'Makes a bucket readable by anyone on the internet.',
      excerpts: ['--acl public-read'],
      count: i === 0 ? 2 : 1,
    }));
    const rendered = renderReviewCard(card({ findingGroups }, { findings: [finding()] }), NOW);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(':no_entry: *Kind 0* (×2) — Makes a bucket readable by anyone on the internet.');
    expect(json).toContain('> --acl public-read');
    expect(json).not.toContain('rule.0');
    expect(json).toContain('and 22 more kinds of findings');
    expect(json.indexOf('Rotate it with the runbook.')).toBeLessThan(json.indexOf('Kind 0'));
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
  });

  it('groups the same kind of finding once when the core gave no groups (one heading, both excerpts)', () => {
    const findings = [
      finding({ rule: 'permission.public-acl', excerpt: '--acl public-read' }),
      finding({ rule: 'permission.public-acl', excerpt: '--acl public-read-write', start: 40, end: 60 }),
    ];
    const json = JSON.stringify(renderReviewCard(card({}, { findings }), NOW).blocks);
    expect(json.match(/\*Public bucket\*/g)).toHaveLength(1);
    expect(json).toContain('(×2)');
    expect(json).toContain('> --acl public-read-write');
    expect(json).not.toContain('permission.public-acl');
  });

  it("shows the core's one-line risk summary after the text, before the findings", () => {
    const summary = '2 things to check: broad database grant, public bucket';
    const rendered = renderReviewCard(card({ riskSummary: summary }, { findings: [finding()] }), NOW);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(summary);
    expect(json.indexOf('Rotate it with the runbook.')).toBeLessThan(json.indexOf(summary));
    expect(json.indexOf(summary)).toBeLessThan(json.indexOf('*Public bucket*'));
  });

  it('a risky Approve reads "Review & approve…" in the warning (danger) style; the consequence line sits above it', () => {
    const consequence =
      'Approve posts to #eng-help in the thread of the message it answers, as draftgate, credited to you; you can retract it for 15 minutes; expires in 23 h';
    const risky = renderReviewCard(
      card({
        consequence,
        approveButton: { label: 'Review & approve…', style: 'warning' },
        actions: {
          approve: { confirm: { title: 'Publish despite these findings?', findings: [finding()] } },
          edit: true,
          regenerate: true,
          discard: true,
        },
      }),
      NOW,
    );
    const approve = blocksOf(risky)
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .find((e) => e.action_id === ACTION.approve) as { text?: { text: string }; style?: string };
    expect(approve.text?.text).toBe('Review & approve…');
    expect(approve.style).toBe('danger');
    const json = JSON.stringify(risky.blocks);
    expect(json).toContain(consequence);
    expect(json.indexOf(consequence)).toBeLessThan(json.indexOf('draftgate:approve'));
    const plain = renderReviewCard(card({ approveButton: { label: 'Approve', style: 'primary' } }), NOW);
    expect(element(plain, ACTION.approve)?.style).toBe('primary');
  });

  it('shows what changed since the previous version as counts and a small diff', () => {
    const rendered = renderReviewCard(
      card({
        changes: {
          fromVersion: 2,
          toVersion: 3,
          added: 1,
          removed: 1,
          lines: [
            { kind: 'same', text: 'Step one.' },
            { kind: 'removed', text: 'chmod 777 /srv' },
            { kind: 'added', text: 'chmod 750 /srv <b>' },
          ],
        },
      }),
      NOW,
    );
    const section = sectionTexts(rendered).find((text) => text.startsWith('*What changed since v2:*')) ?? '';
    expect(section).toContain('1 line added, 1 removed');
    expect(section).toContain('- chmod 777 /srv\n+ chmod 750 /srv &lt;b&gt;');
  });

  it('puts a confirm dialog listing the findings on Approve when confirmation is required, marking the click confirmed', () => {
    const rules = [
      'secret.aws',
      'permission.public-acl',
      'permission.sql-grant',
      'destructive.force-push',
      'data.tunnel',
      'link.masked',
      'mention.everyone',
      'judge.flag',
      'permission.disable-mfa',
      'permission.open-ingress',
      'permission.iam-wildcard',
      'permission.tls-verify-off',
    ];
    const findings = rules.map((rule) => finding({ rule }));
    const rendered = renderReviewCard(
      card({
        actions: {
          approve: { confirm: { title: 'Publish despite these findings?', findings } },
          edit: true,
          regenerate: true,
          discard: true,
        },
      }),
      NOW,
    );
    const approve = element(rendered, ACTION.approve);
    expect(approve?.confirm?.title.text).toBe('Publish despite these findings?');
    const text = approve?.confirm?.text.text ?? '';
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toContain('Secret in the text: Makes a bucket readable');
    expect(text).not.toContain('secret.aws');
    expect(text).toMatch(/…and \d+ more$/);
    expect(decodeButtonValue(approve?.value)?.confirmed).toBe(true);
  });

  it('shows why Approve is unavailable', () => {
    const rendered = renderReviewCard(
      card({
        actions: {
          approveUnavailable: 'A secret is in this draft.',
          edit: true,
          regenerate: true,
          discard: true,
        },
      }),
      NOW,
    );
    expect(actionIds(rendered)).not.toContain(ACTION.approve);
    expect(JSON.stringify(rendered.blocks)).toContain('*Approve unavailable:* A secret is in this draft.');
  });

  it('offers Retract only while the retract window is open', () => {
    const published = {
      actions: { edit: false, regenerate: false, discard: false, retractUntil: NOW + 60_000 },
      headline: 'Published',
    };
    expect(actionIds(renderReviewCard(card(published, { state: 'published' }), NOW))).toEqual([
      ACTION.retract,
    ]);
    expect(actionIds(renderReviewCard(card(published, { state: 'published' }), NOW + 60_000))).toEqual([]);
  });
});

describe('Slack edit modal', () => {
  it('holds the draft in a multiline input of at most 3000 characters, with the version in private_metadata', () => {
    const view = editModal('abcdef0123456789abcd', 4, 'the text');
    expect(view.private_metadata).toBe('abcdef0123456789abcd:4');
    const input = JSON.stringify(view.blocks);
    expect(input).toContain('"multiline":true');
    expect(input).toContain(`"max_length":${INPUT_LIMIT}`);
    expect(input).toContain('"initial_value":"the text"');
  });

  it('refuses to open the editor on a longer draft, saying why, instead of truncating it', () => {
    const view = editModal('abcdef0123456789abcd', 4, 'y'.repeat(3001));
    expect(view.submit).toBeUndefined();
    const json = JSON.stringify(view.blocks);
    expect(json).not.toContain('plain_text_input');
    expect(json).toContain('3,001 characters');
    expect(json).not.toContain('yyyy');
  });
});
