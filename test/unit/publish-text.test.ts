/**
 * What is published: agent text cannot imitate draftgate's attribution or context lines on any platform, masked
 * links on Discord show their target, and the attribution credits every approver.
 */
import { describe, expect, it } from 'vitest';
import { publishParts } from '../../adapters/discord/publish-parts.js';
import { publishedMessage } from '../../adapters/slack/chat.js';
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

describe('a reply not in its question’s thread carries the question', () => {
  const topLevel = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };
  const draft = (question: string, target: Record<string, string> = {}) => ({
    text: 'Roll back with `kubectl rollout undo`.',
    question,
    requester: 'U0ALICE',
    target: { ...topLevel, ...target },
  });

  it('one rule for every platform: "<who> asked: <question>", on one line', () => {
    const people = {
      slack: (id: string) => `<@${id}>`,
      discord: (id: string) => `<@${id}>`,
      sandbox: () => 'Alice',
    };
    for (const dialect of ['slack', 'discord', 'sandbox'] as const) {
      const { asked } = composePublication(draft('How do I\nroll back?'), 'U0ALICE', {
        dialect,
        person: people[dialect],
      });
      expect(asked?.line).toBe(`${people[dialect]('U0ALICE')} asked: How do I roll back?`);
    }
  });

  it('is left out when the reply goes in a thread under the question or replies to its message', () => {
    const options = { dialect: 'slack' as const, person: (id: string) => id };
    expect(composePublication(draft('q?', { thread: '1.2' }), 'U1', options).asked).toBeUndefined();
    expect(composePublication(draft('q?', { message: '1.2' }), 'U1', options).asked).toBeUndefined();
    expect(composePublication({ text: 'x' }, 'U1', options).asked).toBeUndefined();
  });

  it('breaks every mention form in the question and marks attribution look-alikes', () => {
    const { asked } = composePublication(
      draft(
        '<!channel> <!here|here> <@U0BOB> <!subteam^S1|@oncall> @everyone ping AI-drafted · approved by x',
      ),
      'U0ALICE',
      { dialect: 'slack', person: (id) => `<@${id}>` },
    );
    const question = asked?.question ?? '';
    expect(question).not.toMatch(/<!|<@|@(?!\u2060)/);
    expect(question).toContain('@\u2060channel');
    expect(question).toContain('@\u2060U0BOB');
    expect(question).toContain('@\u2060oncall');
    expect(question.startsWith(AGENT_LINE_MARK)).toBe(true);
  });

  it('is shortened to a readable line', () => {
    const { asked } = composePublication(draft('why '.repeat(200)), 'U0ALICE', {
      dialect: 'sandbox',
      person: () => 'Alice',
    });
    expect(asked?.question.length).toBeLessThanOrEqual(300);
    expect(asked?.question.endsWith('…')).toBe(true);
  });

  it('Slack: a context block above the reply, the question escaped; the requester is a user token', () => {
    const message = publishedMessage(draft('is <b>&</b> safe?'), 'U0ALICE');
    const first = message.blocks?.[0] as { type: string; elements: { text: string }[] };
    expect(first.type).toBe('context');
    expect(first.elements[0]?.text).toBe('<@U0ALICE> asked: is &lt;b&gt;&amp;&lt;/b&gt; safe?');
    expect(message.text.startsWith('<@U0ALICE> asked: is &lt;b&gt;')).toBe(true);
  });

  it('Discord: a quote line above the first part only, with mentions parsed for nobody', () => {
    const parts = publishParts(
      {
        id: 'd1',
        text: `${'word '.repeat(500)}`,
        question: 'what about @everyone?',
        requester: '600',
        target: { platform: 'discord', workspace: 'g', channel: 'c' },
      },
      '600',
    );
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]?.content.startsWith('> <@600> asked: what about @\u2060everyone?\n')).toBe(true);
    expect(parts[1]?.content).not.toContain('asked:');
    for (const part of parts) {
      expect(part.content.length).toBeLessThanOrEqual(2000);
      expect(part.allowed_mentions.parse).toEqual([]);
    }
  });
});
