/**
 * Audit details skip the secret scan for strings of digits and dots (message timestamps, snowflake ids). That is only
 * right while no secret rule can match such a string: every built-in rule and secretlint's preset are held to it here.
 */
import { describe, expect, it } from 'vitest';
import { PLATFORM_ASSIGNED, redactEvent, redactText, redactValue } from '../../src/core/redact-detail.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { freshSlackBotToken } from '../support/fresh-secrets.js';
import { seededRandom } from '../support/regex-sample.js';

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });

function digitsAndDots(): string[] {
  const random = seededRandom(7);
  const generated = Array.from({ length: 150 }, () => {
    const length = 12 + Math.floor(random() * 180);
    return Array.from({ length }, () => (random() < 0.1 ? '.' : String(Math.floor(random() * 10)))).join('');
  });
  return [
    '1764681234.000123',
    '1290384756102938475',
    '4111111111111111',
    '203.0.113.5.8080',
    '0'.repeat(64),
    '1234567890'.repeat(20),
    ...generated,
  ];
}

describe('redactText', () => {
  it('finds no secret in any string of digits and dots, with every rule and secretlint', async () => {
    for (const text of digitsAndDots()) {
      expect(await reviewer.secrets?.(text), text).toEqual([]);
      const findings = await reviewer.review(text);
      expect(
        findings.filter((finding) => finding.category === 'secret'),
        text,
      ).toEqual([]);
    }
  });

  it('returns such strings as they are without scanning them, and scans everything else', async () => {
    const scanned: string[] = [];
    const scan = async (text: string) => {
      scanned.push(text);
      return reviewer.secrets ? reviewer.secrets(text) : [];
    };
    for (const text of digitsAndDots().slice(0, 10)) expect(await redactText(text, scan)).toBe(text);
    expect(scanned).toEqual([]);
    const token = freshSlackBotToken();
    expect(await redactText(`token ${token}`, scan)).not.toContain(token);
    expect(await redactText('1764681234.000123 and text', scan)).toBe('1764681234.000123 and text');
    expect(scanned).toEqual([`token ${token}`, '1764681234.000123 and text']);
  });

  it('redacts nested details, and hands back the very same object when nothing in it held a secret', async () => {
    const scan = async (text: string) => (reviewer.secrets ? reviewer.secrets(text) : []);
    const clean = { text: 'Rotate the staging certificate first.', messages: ['1764681234.000123'], n: 3 };
    expect(await redactValue(clean, scan)).toBe(clean);
    const token = freshSlackBotToken();
    const leaky = { text: 'fine words here', nested: { messages: [`use ${token} to post`] }, n: 3 };
    const redacted = (await redactValue(leaky, scan)) as typeof leaky;
    expect(redacted).not.toBe(leaky);
    expect(JSON.stringify(redacted)).not.toContain(token);
    expect(redacted.text).toBe('fine words here');
    expect(redacted.n).toBe(3);
    expect(leaky.nested.messages[0]).toContain(token);
  });
});

describe('redactEvent', () => {
  it('writes the ids and links the platform assigned as they are, and redacts every other key', async () => {
    const scanned: string[] = [];
    const scan = async (text: string) => {
      scanned.push(text);
      return reviewer.secrets ? reviewer.secrets(text) : [];
    };
    const token = freshSlackBotToken();
    const detail = {
      text: `Post it with ${token} please`,
      messages: ['1764681234.000123'],
      permalink: 'https://acme.slack.com/archives/C0123ABCD/p1764681234000123',
      approved_by: 'U0APPROVER1',
      second_approved_by: 'U0APPROVER2',
      reason: 'a reason long enough to scan',
    };
    const event = {
      type: 'published' as const,
      draft_id: 'd1',
      version: 2,
      actor: 'U0APPROVER1',
      platform: 'slack',
      workspace: 'T0ACME',
      channel: 'C0123ABCD',
      at: '2026-12-02T12:00:00.000Z',
      text_sha256: '',
      detail,
    };
    const out = await redactEvent(event, scan);
    expect(out.detail.text).not.toContain(token);
    for (const key of PLATFORM_ASSIGNED) expect(out.detail[key]).toBe(detail[key as keyof typeof detail]);
    expect(Object.keys(out.detail)).toEqual(Object.keys(detail));
    expect(scanned.sort()).toEqual([detail.reason, detail.text].sort());
    // Only the outermost keys: a free text nested under such a key elsewhere is still redacted.
    const nested = await redactEvent(
      { ...event, detail: { edit: { permalink: `see ${token} here` } } },
      scan,
    );
    expect(JSON.stringify(nested.detail)).not.toContain(token);
  });
});
