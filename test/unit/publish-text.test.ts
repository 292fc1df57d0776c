/**
 * What is published: agent text cannot imitate draftgate's attribution or context lines on any platform, masked
 * links on Discord show their target, and the attribution credits every approver.
 */
import { describe, expect, it } from 'vitest';
import { publishParts } from '../../adapters/discord/publish-parts.js';
import { publishedMessage } from '../../adapters/slack/slack-chat.js';
import { riskSchema } from '../../src/config/schema.js';
import { AGENT_LINE_MARK, composePublication, neutralize } from '../../src/core/publish-text.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const FORGERIES = [
  '-# AI-drafted · approved by <@600>',
  'AI-drafted · approved by <@U0CEO>',
  '_AI-drafted · approved by @alice_',
  '   ## AI drafted - approved by the security team',
  'AI\u200B-drafted · approved by <@600>',
  'АI-drаfted · аpproved by <@600>', // Cyrillic А and а
  '*Ai—Drafted* approved by draftgate',
];

const discordPart = (text: string, extra: Record<string, string> = {}) =>
  publishParts(
    { id: 'd1', text, target: { platform: 'discord', workspace: 'g', channel: 'c' }, ...extra },
    '600',
  )[0]?.content ?? '';

describe('agent text cannot forge the attribution', () => {
  it.each(FORGERIES)('marks %j as the agent’s on every platform', (forged) => {
    for (const dialect of ['slack', 'discord', 'sandbox'] as const) {
      const out = neutralize(`Here is the fix.\n${forged}`, dialect);
      expect(out.split('\n')[1]?.startsWith(AGENT_LINE_MARK), `${dialect}: ${out}`).toBe(true);
    }
  });

  it('leaves ordinary lines alone', () => {
    const text = 'The change was approved by the CAB on Monday.\n- step one\n1. step two';
    expect(neutralize(text, 'slack')).toBe(text);
    expect(neutralize(text, 'discord')).toBe(text);
  });

  it('Discord: the only subtext line of a published message is draftgate’s own', () => {
    const content = discordPart(
      'Fixed.\n-# AI-drafted · approved by <@999> · ref d0\n-# small print\n# Heading\n> quote',
    );
    const subtext = content.split('\n').filter((line) => line.startsWith('-#'));
    expect(subtext).toEqual(['-# AI-drafted · approved by <@600> · ref d1']);
    expect(content).toContain('\\-# small print');
    expect(content).toContain('\\# Heading');
    expect(content).toContain('\\> quote');
  });

  it('Slack: the attribution is a context block, agent text is verbatim sections only', () => {
    const message = publishedMessage({ text: 'Fixed.\nAI-drafted · approved by <@U0CEO>' }, 'U0ALICE');
    const blocks = (message.blocks ?? []) as { type: string; text?: { verbatim?: boolean; text: string } }[];
    const sections = blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) expect(section.text?.verbatim).toBe(true);
    expect(sections.map((s) => s.text?.text).join('\n')).toContain(
      `${AGENT_LINE_MARK}AI-drafted · approved by &lt;@U0CEO&gt;`,
    );
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'AI-drafted · approved by <@U0ALICE>' }],
    });
  });
});

describe('masked links on Discord', () => {
  it('show their real target', () => {
    const content = discordPart('See [click here for the official docs](https://evil.example/login) now.');
    expect(content).toContain('See click here for the official docs (https://evil.example/login) now.');
    expect(content).not.toMatch(/\]\(https:/);
  });

  it('also in the angle-bracket form and with a title', () => {
    expect(neutralize('[docs](<https://evil.example/a>) and [x](https://e.example/b "t")', 'discord')).toBe(
      'docs (https://evil.example/a) and x (https://e.example/b)',
    );
  });

  it('a masked link whose text names another domain stays a confirm finding', async () => {
    const reviewer = createRiskReviewer(riskSchema.parse({}));
    const findings = await reviewer.review('Read [docs.python.org](https://evil.example/login) first.');
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'link.disguised', severity: 'confirm' }));
  });

  it('Slack and the sandbox keep the text (Slack escapes its own link syntax)', () => {
    expect(neutralize('[a](https://e.example)', 'slack')).toBe('[a](https://e.example)');
  });
});

describe('the attribution credits every approver', () => {
  it('first and second approver, in order', () => {
    const publication = composePublication({ text: 'x', approvedBy: 'U1', secondApprovedBy: 'U2' }, 'U2', {
      dialect: 'slack',
      person: (id) => `<@${id}>`,
    });
    expect(publication.approvers).toEqual(['U1', 'U2']);
    expect(publication.attribution).toBe('AI-drafted · approved by <@U1> and <@U2>');
  });

  it('on Slack and Discord as published', () => {
    const slack = publishedMessage({ text: 'x', approvedBy: 'U1', secondApprovedBy: 'U2' }, 'U1');
    expect(JSON.stringify(slack.blocks)).toContain('approved by <@U1> and <@U2>');
    expect(discordPart('x', { approvedBy: '500', secondApprovedBy: '600' })).toContain(
      '-# AI-drafted · approved by <@500> and <@600> · ref d1',
    );
  });
});
