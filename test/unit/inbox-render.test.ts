/**
 * The inbox as each platform renders it stays inside the platform's documented limits however long the list and
 * its texts: Slack's Home view (100 blocks, 3000 per section, 75 per button text, 2000 per value) and Discord's
 * message (2000 characters, 5 action rows of at most 5 buttons, custom_id ≤ 100).
 */
import { describe, expect, it } from 'vitest';
import { renderPending } from '../../adapters/discord/render-pending.js';
import { HOME_MAX_ROWS, renderHome } from '../../adapters/slack/render-home.js';
import type { ReviewCard } from '../../src/core/review-card.js';
import { card } from '../support/drafts.js';

function items(count: number, platform: 'slack' | 'discord'): ReviewCard[] {
  return Array.from({ length: count }, (_, i) =>
    card(
      {
        riskSummary: `${i} things to check: ${'broad grant, '.repeat(80)}`,
        ...(i % 3 === 0 ? { role: 'second_approver' } : {}),
      },
      {
        id: `draft${String(i).padStart(10, '0')}`,
        question: `Question ${i}: ${'why is it slow? '.repeat(400)}`,
      },
      platform,
    ),
  );
}

interface Block {
  type: string;
  text?: { text: string };
  elements?: { type: string; text?: { text: string } | string; value?: string; action_id?: string }[];
}

describe('Slack Home view of the inbox', () => {
  it('caps at 100 blocks and says how many more; every text and button fits Slack’s limits', () => {
    const view = renderHome(items(150, 'slack'), 'x'.repeat(5000));
    const blocks = view.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(blocks)).toContain(`and ${150 - HOME_MAX_ROWS} more`);
    for (const block of blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const element of block.elements ?? []) {
        if (element.type === 'button') {
          expect(typeof element.text === 'object' && element.text.text.length).toBeLessThanOrEqual(75);
          expect(element.value?.length).toBeLessThanOrEqual(2000);
        }
        if (element.type === 'mrkdwn' && typeof element.text === 'string')
          expect(element.text.length).toBeLessThanOrEqual(3000);
      }
    }
  });

  it('offers Discard only where the card does (a second approver cannot discard)', () => {
    const [mine, theirs] = [
      card(),
      card({ role: 'second_approver', actions: { edit: false, regenerate: false, discard: false } }),
    ];
    const ids = (item: ReviewCard) =>
      (renderHome([item]).blocks as Block[])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));
    expect(ids(mine)).toEqual(['draftgate:home_open', 'draftgate:home_discard']);
    expect(ids(theirs)).toEqual(['draftgate:home_open']);
  });

  it('escapes the question: no mention or link token reaches the view', () => {
    const json = JSON.stringify(renderHome([card({}, { question: 'ping <!channel> and <@U0BOSS>' })]).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });
});

describe('Discord /draftgate pending message', () => {
  it('fits 2000 characters and 5 action rows, counting the drafts it could not show', () => {
    const message = renderPending(items(40, 'discord'));
    expect(message.content.length).toBeLessThanOrEqual(2000);
    expect(message.content).toContain('Waiting for you (40)');
    expect(message.content).toMatch(/and \d+ more/);
    expect(message.components.length).toBeLessThanOrEqual(5);
    for (const row of message.components) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const button of row.components) {
        if ('custom_id' in button) expect(button.custom_id.length).toBeLessThanOrEqual(100);
      }
    }
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('says so when nothing waits', () => {
    const message = renderPending([]);
    expect(message.content).toContain('Nothing waits for you');
    expect(message.components).toEqual([]);
  });
});
