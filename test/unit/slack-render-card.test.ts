import { describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { decodeButtonValue } from '../../adapters/slack/action-value.js';
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

  it('lists findings with severity, rule, excerpt and explanation, within 50 blocks however many there are', () => {
    const findings = Array.from({ length: 30 }, (_, i) =>
      finding({ rule: `rule.${i}`, severity: i === 0 ? 'block' : 'note' }),
    );
    const rendered = renderReviewCard(card({}, { findings }), NOW);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(':no_entry: *block* · `rule.0`');
    expect(json).toContain('Makes a bucket readable by anyone on the internet.');
    expect(json).toContain('--acl public-read');
    expect(json).toContain('and 22 more findings');
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
  });

  it("shows the core's one-line risk summary before the findings", () => {
    const summary = '2 things to check: broad database grant, public bucket';
    const rendered = renderReviewCard(card({ riskSummary: summary }, { findings: [finding()] }), NOW);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(summary);
    expect(json.indexOf(summary)).toBeLessThan(json.indexOf('Risk findings (1)'));
  });

  it('puts a confirm dialog listing the findings on Approve when confirmation is required, marking the click confirmed', () => {
    const findings = Array.from({ length: 12 }, (_, i) => finding({ rule: `permission.rule-${i}` }));
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
    expect(text).toContain('permission.rule-0: Makes a bucket readable');
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
