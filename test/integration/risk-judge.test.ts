/**
 * The optional model review (`risk.judge`) against a fake OpenAI-compatible server: it adds findings, labelled as the
 * model's; a timeout or a malformed answer shows "model review unavailable" and changes nothing else; an answer that
 * tries to lower a rule's severity is ignored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentSchema, riskSchema } from '../../src/config/schema.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { createConfiguredRiskReviewer } from '../../src/risk-judge/configured-risk-reviewer.js';
import { completion, type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const reviewer = (timeout = 2_000) =>
  createConfiguredRiskReviewer({
    risk: riskSchema.parse({
      judge: { enabled: true, base_url: fake.baseUrl, model: 'judge-model', timeout },
    }),
    agent: agentSchema.parse({}),
  });
const rulesOnly = createRiskReviewer(riskSchema.parse({}));
const verdict = (findings: unknown[]) => ({ json: completion(JSON.stringify({ findings })) });
const DRAFT =
  'Run `terraform destroy -auto-approve`, then ask the vendor team to take over the billing project.';

describe('risk.judge', () => {
  it('is off by default: the configured reviewer calls no model', async () => {
    const plain = createConfiguredRiskReviewer({ risk: riskSchema.parse({}), agent: agentSchema.parse({}) });
    await plain.review(DRAFT);
    expect(fake.requests).toHaveLength(0);
  });

  it('adds the model\u2019s finding, labelled as the model\u2019s, beside the rules\u2019 findings', async () => {
    fake.script(
      verdict([
        {
          category: 'permission',
          severity: 'confirm',
          excerpt: 'ask the vendor team to take over the billing project',
          explanation: 'Hands a production project to an outside vendor.',
        },
      ]),
    );
    const findings = await reviewer().review(DRAFT);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['destructive.terraform-destroy', 'confirm'],
      ['judge.permission', 'confirm'],
    ]);
    const added = findings[1];
    expect(added?.explanation).toMatch(/^Model review: /);
    expect(DRAFT.slice(added?.start, added?.end)).toBe(
      'ask the vendor team to take over the billing project',
    );
    const request = fake.requests[0]?.body as { model: string; messages: { content: string }[] };
    expect(request.model).toBe('judge-model');
    expect(request.messages[1]?.content).toContain(DRAFT);
  });

  it('raises a rule finding the model rates higher, and ignores an attempt to lower one', async () => {
    fake.script(
      verdict([
        { category: 'destructive', severity: 'note', excerpt: 'terraform destroy', explanation: 'harmless' },
      ]),
      verdict([
        {
          category: 'destructive',
          severity: 'block',
          excerpt: 'terraform destroy',
          explanation: 'prod state',
        },
      ]),
    );
    const rules = await rulesOnly.review(DRAFT);
    const lowered = await reviewer().review(DRAFT);
    expect(lowered).toEqual(rules);
    const raised = await reviewer().review(DRAFT);
    expect(raised.map((f) => [f.rule, f.severity])).toEqual([['destructive.terraform-destroy', 'block']]);
    expect(raised[0]?.explanation).toContain('Raised to block by the model review');
  });

  it('on a timeout shows "model review unavailable" and changes nothing else', async () => {
    fake.script({ delayMs: 5_000, ...verdict([]) });
    const findings = await reviewer(200).review(DRAFT);
    const rules = await rulesOnly.review(DRAFT);
    expect(findings.slice(0, -1)).toEqual(rules);
    expect(findings.at(-1)).toMatchObject({ rule: 'judge.unavailable', severity: 'note' });
    expect(findings.at(-1)?.explanation).toMatch(/^Model review unavailable \(no answer within 200 ms\)/);
  });

  it('on a malformed or off-schema answer shows "model review unavailable" and changes nothing else', async () => {
    fake.script(
      { json: completion('this is not JSON') },
      verdict([{ category: 'everything', severity: 'critical', excerpt: 'x', explanation: 'y' }]),
      { status: 500, json: { error: { message: 'boom' } } },
    );
    const rules = await rulesOnly.review(DRAFT);
    for (let i = 0; i < 3; i += 1) {
      const findings = await reviewer().review(DRAFT);
      expect(findings.slice(0, -1)).toEqual(rules);
      expect(findings.at(-1)).toMatchObject({ rule: 'judge.unavailable', severity: 'note' });
    }
  });
});
