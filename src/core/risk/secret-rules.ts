/**
 * Secret patterns that secretlint's recommended preset misses or finds only in some shapes. Severity `block`: a
 * draft carrying one can't be approved until an edit removes it. Generic `password=` assignments are `confirm`.
 */
import type { PatternRule } from './rule.js';

const ROTATE = 'remove it before publishing, and rotate it if it is real';

export const SECRET_RULES: readonly PatternRule[] = [
  {
    id: 'secret.slack-token',
    category: 'secret',
    severity: 'block',
    explanation: `A Slack token: ${ROTATE}.`,
    patterns: [/\bxox[abceoprs]-\d+-[0-9A-Za-z-]{8,}/, /\bxapp-\d-[0-9A-Za-z]+-\d+-[0-9A-Za-z]{16,}/],
    visiblePrefix: /^(?:xox[a-z]|xapp)-/,
  },
  {
    id: 'secret.slack-webhook',
    category: 'secret',
    severity: 'block',
    explanation: `A Slack webhook URL lets anyone post to that channel: ${ROTATE}.`,
    patterns: [/https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/],
    visiblePrefix: /^https:\/\/hooks\.slack\.com\/\w+\//,
  },
  {
    id: 'secret.discord-token',
    category: 'secret',
    severity: 'block',
    explanation: `A Discord bot token gives full control of the bot: ${ROTATE}.`,
    patterns: [
      /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/,
    ],
  },
  {
    id: 'secret.discord-webhook',
    category: 'secret',
    severity: 'block',
    explanation: `A Discord webhook URL lets anyone post to that channel: ${ROTATE}.`,
    patterns: [/https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/],
    visiblePrefix: /^https:\/\/[^/]+\/api\/webhooks\//,
  },
  {
    id: 'secret.jwt',
    category: 'secret',
    severity: 'block',
    explanation: `A JSON Web Token (a bearer credential): ${ROTATE}.`,
    patterns: [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/],
    visiblePrefix: /^eyJ/,
  },
  {
    id: 'secret.private-key',
    category: 'secret',
    severity: 'block',
    explanation: `A private key: ${ROTATE}.`,
    patterns: [
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,-]*)/,
    ],
    // The header alone (a write-up quoting it) is no secret: there must be a key body.
    accept: (match) => match.replace(/-----[A-Z0-9 ]+-----|\s/g, '').length >= 40,
    visiblePrefix: /^-----BEGIN [A-Z0-9 ]*-----/,
  },
  {
    id: 'secret.aws-secret-key',
    category: 'secret',
    severity: 'block',
    explanation: `An AWS secret access key: ${ROTATE}.`,
    patterns: [
      /\b(?:aws_secret_access_key|aws_secret_key|secret_access_key|secretAccessKey|AWS_SECRET_ACCESS_KEY)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/,
    ],
  },
  {
    id: 'secret.openai-key',
    category: 'secret',
    severity: 'block',
    explanation: `An AI provider API key: ${ROTATE}.`,
    patterns: [
      /\bsk-(?:proj|svcacct|admin|ant-api\d\d|ant-admin\d\d)-[A-Za-z0-9_-]{20,}/,
      /\bsk-[A-Za-z0-9]{40,}\b/,
    ],
    visiblePrefix: /^sk-(?:[a-z]+-)?/,
  },
  {
    id: 'secret.google-api-key',
    category: 'secret',
    severity: 'block',
    explanation: `A Google API key: ${ROTATE}.`,
    patterns: [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/],
    visiblePrefix: /^AIza/,
  },
  {
    id: 'secret.stripe-key',
    category: 'secret',
    severity: 'block',
    explanation: `A live Stripe key: ${ROTATE}.`,
    patterns: [/\b(?:sk|rk)_live_[0-9A-Za-z]{20,}/],
    visiblePrefix: /^[rs]k_live_/,
  },
  {
    id: 'secret.assignment',
    category: 'secret',
    severity: 'confirm',
    explanation: 'Looks like a password or API key written out in full: check that it is a placeholder.',
    patterns: [
      /\b(?:password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|private[_-]?key)["']?\s*[:=]\s*["']?(?<secret>[^\s"'`,;]{8,})/i,
    ],
    accept: (match) => isLikelySecretValue(match.replace(/^[^:=]*[:=]\s*["']?/, '')),
  },
];

/** Placeholders, references and plain words are not secrets (`${DB_PASSWORD}`, `<your key>`, `settings.API_KEY`). */
function isLikelySecretValue(value: string): boolean {
  if (/[$<>{}()*[\]]|^%|^\.+$/.test(value)) return false;
  if (
    /^x+$|your|example|placeholder|changeme|change-me|redacted|dummy|sample|secret_?here|here$|\.\.\./i.test(
      value,
    )
  ) {
    return false;
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]+$/.test(value)) return false;
  return /\d/.test(value) || /[^A-Za-z0-9]/.test(value) || value.length >= 16;
}
