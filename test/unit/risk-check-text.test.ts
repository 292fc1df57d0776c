/** `check-text`: stdin in, findings JSON out, exit code 1 only for block-severity findings. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/cli/check-text.js';
import type { RiskSettings } from '../../src/core/settings.js';

const defaults: RiskSettings = { rules: [], severity_overrides: {} };

async function run(text: string, config = defaults): Promise<{ code: number; output: unknown }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let written = '';
  stdout.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  stdin.end(text);
  const code = await checkText({ stdin, stdout }, config);
  return { code, output: JSON.parse(written) };
}

describe('checkText', () => {
  it('exits 1 and reports a masked secret', async () => {
    const secret = 'xoxb-583019472601-7719204853321-q8ZrT4mWn2VbX6kLp9sYc3Df';
    const { code, output } = await run(`token: ${secret}\n`);
    expect(code).toBe(1);
    expect(output).toMatchObject({
      blocked: true,
      findings: [{ rule: 'secret.slack-token', severity: 'block' }],
    });
    expect(JSON.stringify(output)).not.toContain(secret.slice(5));
  });

  it('exits 0 for confirm findings and for clean text', async () => {
    const risky = await run('Run GRANT ALL ON users_pii TO analytics_team; now.');
    expect(risky.code).toBe(0);
    expect(risky.output).toMatchObject({
      blocked: false,
      findings: [{ rule: 'permission.sql-grant-all', severity: 'confirm' }],
    });
    const clean = await run('kubectl get pods -n payments');
    expect(clean).toEqual({ code: 0, output: { findings: [], blocked: false } });
  });

  it('applies the config: a custom block rule makes it exit 1', async () => {
    const config: RiskSettings = {
      rules: [
        {
          id: 'acme.codename',
          pattern: 'project\\s+nightjar',
          flags: 'i',
          severity: 'block',
          explanation: 'Unannounced project.',
        },
      ],
      severity_overrides: {},
    };
    const { code, output } = await run('Project Nightjar ships next week.', config);
    expect(code).toBe(1);
    expect(output).toMatchObject({
      blocked: true,
      findings: [{ rule: 'acme.codename', excerpt: 'Project Nightjar' }],
    });
  });
});
