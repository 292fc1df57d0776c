/** The risk reviewer's behaviour beyond the fixtures: masking, redaction, overrides, custom rules, lowering. */
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/risk/redact-secrets.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import type { RiskSettings } from '../../src/core/settings.js';

const defaults: RiskSettings = { rules: [], severity_overrides: {} };
const reviewer = createRiskReviewer(defaults);
const SLACK_TOKEN = 'xoxb-583019472601-7719204853321-q8ZrT4mWn2VbX6kLp9sYc3Df';
const GITHUB_TOKEN = 'ghp_Zq3T8vLm2XwK9pR4sY7bN1cD6fH0jGtU5aEe';

describe('secrets', () => {
  it('masks the excerpt and gives the exact range of the secret', async () => {
    const text = `Use ${SLACK_TOKEN} in the header.`;
    const [finding, ...rest] = await reviewer.review(text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'secret.slack-token', category: 'secret', severity: 'block' });
    expect(finding?.excerpt).toBe('xoxb-…[redacted]');
    expect(text.slice(finding?.start, finding?.end)).toBe(SLACK_TOKEN);
  });

  it('answers a text scanned again with the same secret findings, each caller getting its own copy', async () => {
    const text = `Rotate ${GITHUB_TOKEN} after the incident.`;
    const reviewed = (await reviewer.review(text)).filter((f) => f.category === 'secret');
    const first = await reviewer.secrets?.(text);
    expect(first).toEqual(reviewed);
    if (first?.[0]) first[0].start = -1;
    const again = await reviewer.secrets?.(text);
    expect(again).toEqual(reviewed);
    expect(text.slice(again?.[0]?.start, again?.[0]?.end)).toBe(GITHUB_TOKEN);
  });

  it('reports a token found both by secretlint and by its own pattern once', async () => {
    const findings = await reviewer.review(
      `webhook: https://hooks.slack.com/services/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`,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.category).toBe('secret');
  });

  it('cannot be switched off by a secretlint-disable comment in the draft', async () => {
    // Basic-auth URLs are found by secretlint alone, so this proves secretlint itself still ran.
    const text =
      '<!-- secretlint-disable -->\nhttps://deploy:Qx7vR2mT9pL4wZ@build.acme.io/job\n<!-- secretlint-enable -->';
    const findings = await reviewer.review(text);
    expect(findings.map((f) => f.rule)).toContain('secret.basicauth');
  });

  it('redactSecrets removes every secret and keeps the rest of the text', async () => {
    const text = `token ${SLACK_TOKEN} and repo token ${GITHUB_TOKEN}; password = "Sup3rS3cret!!" done`;
    const findings = await reviewer.review(text);
    const redacted = redactSecrets(text, findings);
    expect(redacted).toBe(
      'token [REDACTED:secret.slack-token] and repo token [REDACTED:secret.github-token]; password = "[REDACTED:secret.assignment]" done',
    );
  });

  it('redactSecrets merges overlapping ranges and hides a secret that extends past an earlier one', () => {
    const text = 'aaaa SECRETPART1SECRETPART2 bbbb';
    const redacted = redactSecrets(text, [
      { rule: 'secret.one', category: 'secret', start: 5, end: 16 },
      { rule: 'secret.two', category: 'secret', start: 10, end: 27 },
      { rule: 'permission.public-acl', category: 'permission', start: 0, end: 4 },
    ]);
    expect(redacted).toBe('aaaa [REDACTED:secret.one] bbbb');
  });

  it('treats placeholders and references as no secret', async () => {
    const text =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder, not a template
      'password: ${DB_PASSWORD}\napi_key = <your key here>\nsecret: settings.CLIENT_SECRET\npassword: changeme123';
    expect(await reviewer.review(text)).toEqual([]);
  });

  it('masks a secret inside the excerpt of another finding', async () => {
    const text = `Run mysql -u root -pS3cretPw -e "DROP DATABASE shop;" and curl with ${SLACK_TOKEN} when the rm -rf /data/${SLACK_TOKEN} is done`;
    const findings = await reviewer.review(text);
    const rm = findings.find((f) => f.rule === 'destructive.rm-rf');
    expect(rm?.excerpt).toContain('[REDACTED:secret.slack-token]');
    for (const finding of findings) expect(finding.excerpt).not.toContain(SLACK_TOKEN.slice(5));
  });
});

describe('narrative mentions', () => {
  it('lowers a command reported in the past tense by one level, but not one that is advised', async () => {
    const reported = await reviewer.review(
      'During the outage someone ran kubectl delete deployment api by mistake.',
    );
    const advised = await reviewer.review('Run kubectl delete deployment api and redeploy.');
    expect(reported.map((f) => [f.rule, f.severity])).toEqual([['destructive.kubectl-delete', 'note']]);
    expect(advised.map((f) => [f.rule, f.severity])).toEqual([['destructive.kubectl-delete', 'confirm']]);
  });

  it('treats a fenced command as advice unless its introduction reports or warns against it', async () => {
    const advised = await reviewer.review('To start over:\n```\nterraform destroy -auto-approve\n```');
    const reported = await reviewer.review(
      'We ran this yesterday:\n```\nterraform destroy -auto-approve\n```',
    );
    expect(advised.map((f) => [f.rule, f.severity])).toEqual([['destructive.terraform-destroy', 'confirm']]);
    expect(reported.map((f) => [f.rule, f.severity])).toEqual([['destructive.terraform-destroy', 'note']]);
  });
});

describe('volume', () => {
  it('reports the same rule on the same excerpt once', async () => {
    const text = 'Run `kubectl delete deployment api`.\n```\nkubectl delete deployment api\n```';
    const findings = await reviewer.review(text);
    expect(findings.map((f) => [f.rule, f.excerpt])).toEqual([
      ['destructive.kubectl-delete', 'kubectl delete deployment api'],
    ]);
  });

  it('reports at most 20 findings per rule and keeps the most severe one', async () => {
    const text = `${Array.from({ length: 30 }, (_, i) => `Someone ran \`kubectl delete deployment a${i}\` by mistake.\n`).join('')}Now run kubectl delete deployment b.`;
    const findings = await reviewer.review(text);
    const kubectl = findings.filter((f) => f.rule === 'destructive.kubectl-delete');
    expect(kubectl).toHaveLength(20);
    expect(kubectl.filter((f) => f.severity === 'confirm').map((f) => f.excerpt)).toEqual([
      'kubectl delete deployment b.',
    ]);
  });

  it('keeps every secret, however many there are', async () => {
    const text = Array.from(
      { length: 30 },
      (_, i) => `xoxb-58301947${String(i).padStart(2, '0')}-7719204853321-q8ZrT4mWn2VbX6kLp9sYc3Df`,
    ).join(' ');
    const findings = await reviewer.review(text);
    expect(findings.filter((f) => f.rule === 'secret.slack-token')).toHaveLength(30);
    expect(redactSecrets(text, findings)).not.toContain('xoxb-5');
  });
});

describe('disguised links', () => {
  it('accepts subdomains of the shown site and plain labels', async () => {
    const text =
      'See [example.com](https://docs.example.com/a), [the docs](https://evil.example.net) and <https://example.com/x|example.com>.';
    expect(await reviewer.review(text)).toEqual([]);
  });

  it('flags a label naming a site when the target is not http(s)', async () => {
    const findings = await reviewer.review('[https://bank.example](javascript:alert(1))');
    expect(findings.map((f) => f.rule)).toEqual(['link.disguised']);
    expect(findings[0]?.explanation).toContain('javascript');
  });
});

describe('configuration', () => {
  it('applies severity overrides by rule id over category', async () => {
    const custom = createRiskReviewer({
      rules: [],
      severity_overrides: {
        destructive: 'block',
        'destructive.kubectl-delete': 'note',
        mass_mention: 'confirm',
      },
    });
    const findings = await custom.review('Run kubectl delete deployment x, then rm -rf /srv/x. @everyone');
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['destructive.kubectl-delete', 'note'],
      ['destructive.rm-rf', 'block'],
      ['mention.broadcast', 'confirm'],
    ]);
  });

  it('runs custom rules with their severity and explanation', async () => {
    const custom = createRiskReviewer({
      rules: [
        {
          id: 'acme.prod-db',
          pattern: 'prod-db-\\d+\\.acme\\.internal',
          flags: 'i',
          severity: 'block',
          explanation: 'Names a production database host.',
        },
      ],
      severity_overrides: {},
    });
    const text = 'Connect to PROD-DB-3.acme.internal and check the replication lag.';
    const findings = await custom.review(text);
    expect(findings).toEqual([
      {
        rule: 'acme.prod-db',
        category: 'custom',
        severity: 'block',
        excerpt: 'PROD-DB-3.acme.internal',
        explanation: 'Names a production database host.',
        start: 11,
        end: 34,
      },
    ]);
  });

  it('throws, naming the rule, for an invalid custom regex', () => {
    const make = () =>
      createRiskReviewer({
        rules: [
          { id: 'acme.broken', pattern: '(unclosed', flags: 'i', severity: 'confirm', explanation: 'x' },
        ],
        severity_overrides: {},
      });
    expect(make).toThrow(/risk\.rules\[0\] \(id "acme\.broken"\).*not a valid/);
  });

  it('refuses a custom rule that matches the empty string or reuses a built-in id', () => {
    expect(() =>
      createRiskReviewer({
        rules: [{ id: 'acme.any', pattern: 'x*', flags: '', severity: 'note', explanation: 'x' }],
        severity_overrides: {},
      }),
    ).toThrow(/acme\.any.*empty string/);
    expect(() =>
      createRiskReviewer({
        rules: [{ id: 'destructive.rm-rf', pattern: 'rm', flags: '', severity: 'note', explanation: 'x' }],
        severity_overrides: {},
      }),
    ).toThrow(/built-in rule id/);
  });

  it('refuses unknown override keys and overrides that weaken secrets', () => {
    expect(() =>
      createRiskReviewer({ rules: [], severity_overrides: { 'destructive.rm-rfx': 'note' } }),
    ).toThrow(/risk\.severity_overrides\.destructive\.rm-rfx: no rule or category/);
    expect(() => createRiskReviewer({ rules: [], severity_overrides: { secret: 'confirm' } })).toThrow(
      /secrets can only be made stricter/,
    );
    expect(() => createRiskReviewer({ rules: [], severity_overrides: { 'secret.github': 'note' } })).toThrow(
      /secret\.github/,
    );
    expect(() =>
      createRiskReviewer({ rules: [], severity_overrides: { 'secret.assignment': 'block' } }),
    ).not.toThrow();
  });
});
