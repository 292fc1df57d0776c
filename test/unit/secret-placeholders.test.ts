/** Placeholder words waive a secret only where a word starts, never by chance inside a random token body. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/risk/redact-secrets.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { isPlaceholderSecret } from '../../src/core/risk/secret-placeholders.js';

const reviewer = createRiskReviewer({ rules: [], severity_overrides: {} });
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

describe('placeholder words inside random token bodies', () => {
  // A fresh random GitHub token whose body holds a placeholder word mid-body (after a letter), as ~0.1% of real
  // tokens do by chance for 'tbd' alone.
  for (const word of ['tbd', 'TODO', 'Fake', 'your', 'sample']) {
    it(`a real-looking token with "${word}" inside its body is blocked and redacted`, async () => {
      const token = `ghp_k${word}${alnum(35 - word.length)}`;
      expect(isPlaceholderSecret(token)).toBe(false);
      const text = `Set GITHUB_TOKEN=${token} in the runner.`;
      const findings = await reviewer.review(text);
      expect(findings).toContainEqual(expect.objectContaining({ category: 'secret', severity: 'block' }));
      expect(redactSecrets(text, findings)).not.toContain(token);
    });
  }

  it('placeholder words at a word start still read as placeholders', () => {
    for (const value of [
      'xoxb-your-token',
      'YOUR_TOKEN_HERE',
      'sk-example-key-1234567890',
      'ghp_TODO_replace',
    ]) {
      expect(isPlaceholderSecret(value), value).toBe(true);
    }
  });
});
