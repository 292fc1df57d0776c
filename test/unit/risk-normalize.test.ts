/** Disguised secrets are blocked, and findings point at the text the reviewer sees. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanViews } from '../../src/core/risk/normalize-text.js';
import { redactSecrets } from '../../src/core/risk/redact-secrets.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });
const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number): string => [...randomBytes(n)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');
const github = (): string => `ghp_${random(36)}`;
const stripe = (): string => `sk_live_${random(24)}`;

async function secretFindings(text: string) {
  return (await reviewer.review(text)).filter((f) => f.category === 'secret' && f.severity === 'block');
}

describe('normalization before the scan', () => {
  it('blocks a token split by zero-width characters, and the finding covers the visible token', async () => {
    const token = github();
    const text = `Use ${token.slice(0, 9)}\u200b${token.slice(9, 20)}\u2060${token.slice(20)} for the API.`;
    const [finding] = await secretFindings(text);
    expect(finding).toBeDefined();
    expect(text.slice(finding?.start, finding?.end).replace(/[\u200b\u2060]/g, '')).toBe(token);
    expect(redactSecrets(text, await reviewer.review(text))).not.toContain(token.slice(20));
  });

  it('blocks a token written in fullwidth characters', async () => {
    const token = stripe();
    const fullwidth = [...token].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const text = `STRIPE_KEY=${fullwidth}`;
    const [finding] = await secretFindings(text);
    expect(text.slice(finding?.start, finding?.end)).toBe(fullwidth);
  });

  it('blocks a percent-encoded token', async () => {
    const token = stripe();
    const encoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    const text = `https://api.acme.io/hook?key=${encoded}`;
    const [finding] = await secretFindings(text);
    expect(text.slice(finding?.start, finding?.end)).toBe(encoded);
  });

  it('blocks a secret inside a base64 Kubernetes Secret and redacts the whole encoded value', async () => {
    const value = Buffer.from(`postgres://app:${random(16)}@pg-prod.acme.internal:5432/app`).toString(
      'base64',
    );
    const text = `\`\`\`yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DATABASE_URL: ${value}\n\`\`\``;
    const findings = await reviewer.review(text);
    const secret = findings.find((f) => f.category === 'secret' && f.severity === 'block');
    expect(secret?.explanation).toContain('base64');
    expect(text.slice(secret?.start, secret?.end)).toBe(value);
    expect(redactSecrets(text, findings)).not.toContain(value);
  });

  it('folds look-alike letters and typographic quotes for the rules, and leaves plain ASCII untouched', () => {
    const [view] = scanViews('grаnt ‘public-read’ — ｒｍ');
    expect(view?.text).toBe("grant 'public-read' -- rm");
    const plain = 'kubectl get pods';
    const [same] = scanViews(plain);
    expect(same?.text).toBe(plain);
    expect(same?.toOriginal(8, 11)).toEqual([8, 11]);
  });

  it('keeps base64 that decodes to binary or to placeholders quiet', async () => {
    const binary = randomBytes(30).toString('base64');
    const admin = Buffer.from('admin').toString('base64');
    expect(await secretFindings(`data:\n  ca.crt: ${binary}\n  password: ${admin}`)).toEqual([]);
  });
});
