/** The review card's one-line risk summary comes from the core, the most severe first, one label per thing. */
import { describe, expect, it } from 'vitest';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { riskSummary } from '../../src/core/risk/risk-summary.js';

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });

describe('riskSummary', () => {
  it('names each thing to check once, in plain words', async () => {
    const findings = await reviewer.review(
      'Run `GRANT ALL ON DATABASE payments TO PUBLIC;` and then `aws s3api put-bucket-acl --bucket acme-exports --acl public-read`. Also `GRANT ALL ON *.* TO bi;`',
    );
    expect(riskSummary(findings)).toBe('2 things to check: broad database grant, public bucket');
  });

  it('puts a blocking secret first and says it blocks publishing', async () => {
    const findings = await reviewer.review(
      'terraform destroy -auto-approve, then export STRIPE_KEY=sk_live_Qx7vR2mT9pL4wZa8Kd3Nf6Hj',
    );
    expect(riskSummary(findings)).toBe(
      '2 things to check (blocks publishing): secret in the text, destructive command',
    );
  });

  it('summarizes notes as notes, and nothing as nothing', async () => {
    expect(riskSummary(await reviewer.review('Heads up @channel, deploy at 5.'))).toBe(
      '1 note: mass mention',
    );
    expect(riskSummary([])).toBeUndefined();
  });
});
