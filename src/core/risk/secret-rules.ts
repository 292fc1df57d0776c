/**
 * Secret patterns beyond secretlint's recommended preset, after the rule data of gitleaks and trufflehog (their
 * published prefixes, lengths and alphabets). Always `block`: a draft carrying one can't be approved until an edit
 * removes it. Placeholders and published samples are dropped by `isPlaceholderSecret` (secret-placeholders.ts).
 */
import type { PatternRule } from './rule.js';
import { isLikelySecretValue } from './secret-placeholders.js';

const ROTATE = 'remove it before publishing, and rotate it if it is real';
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

const token = (
  id: string,
  what: string,
  patterns: readonly RegExp[],
  visiblePrefix?: RegExp,
): PatternRule => ({
  id,
  category: 'secret',
  severity: 'block',
  explanation: `${what}: ${ROTATE}.`,
  patterns,
  ...(visiblePrefix ? { visiblePrefix } : {}),
});

const re = (source: string, flags = ''): RegExp => new RegExp(source, flags);

export const SECRET_RULES: readonly PatternRule[] = [
  token(
    'secret.slack-token',
    'A Slack token',
    [
      /\bxox[abceoprs]-\d+-[0-9A-Za-z-]{8,}/,
      /\bxapp-\d-[0-9A-Za-z]+-\d+-[0-9A-Za-z]{16,}/,
      /\bxoxe(?:\.xox[bp])?-\d-[A-Z0-9]{80,}/,
    ],
    /^(?:xox[a-z]|xapp)-/,
  ),
  token(
    'secret.slack-webhook',
    'A Slack webhook URL lets anyone post to that channel',
    [/https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/],
    /^https:\/\/hooks\.slack\.com\/\w+\//,
  ),
  token('secret.discord-token', 'A Discord bot token gives full control of the bot', [
    /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/,
  ]),
  token(
    'secret.discord-webhook',
    'A Discord webhook URL lets anyone post to that channel',
    [/https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/],
    /^https:\/\/[^/]+\/api\/webhooks\//,
  ),
  token(
    'secret.jwt',
    'A JSON Web Token (a bearer credential)',
    [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/],
    /^eyJ/,
  ),
  {
    ...token('secret.private-key', 'A private key', [
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,8000}?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,\\-]{0,8000})/,
      /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/,
    ]),
    // The header alone (a write-up quoting it) is no secret: there must be a key body.
    accept: (match) => match.replace(/-----[A-Z0-9 ]+-----|\s|\\n/g, '').length >= 40,
    visiblePrefix: /^-----BEGIN [A-Z0-9 ]*-----/,
  },
  token('secret.aws-access-key', 'An AWS access key id', [
    /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/,
  ]),
  {
    ...token('secret.aws-secret-key', 'An AWS secret access key', [
      /\b(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key|secretAccessKey|SecretAccessKey)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
      /\baws\s+configure\s+set\s+aws_secret_access_key\s+(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/,
    ]),
  },
  token('secret.gcp-service-account', 'A Google service account key', [
    /"private_key_id"\s*:\s*"(?<secret>[a-f0-9]{40})"/,
  ]),
  token('secret.google-api-key', 'A Google API key', [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/], /^AIza/),
  token('secret.google-oauth', 'A Google OAuth client secret or refresh token', [
    /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/,
    /\b1\/\/0[A-Za-z0-9_-]{40,}/,
  ]),
  token('secret.azure-storage-key', 'An Azure storage account key', [
    /\bAccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/,
    /\b(?:azure_?storage_?(?:account_?)?key|storage_?account_?key|primary_access_key)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9+/]{86}==)/i,
  ]),
  token('secret.azure-sas', 'An Azure shared access signature (anyone holding the URL has its access)', [
    /[?&;]sig=(?<secret>[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})/i,
    /\bSharedAccessSignature=[^\s"']*?sig=(?<secret>[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})/i,
    /\bSharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/,
  ]),
  token('secret.azure-client-secret', 'A Microsoft Entra (Azure AD) client secret', [
    re(`${START}[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}${END}`),
  ]),
  token(
    'secret.github-token',
    'A GitHub token',
    [
      /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/,
      /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/,
      /\bghv1_[A-Za-z0-9]{30,}/,
    ],
    /^(?:gh[a-z]_|github_pat_)/,
  ),
  token(
    'secret.gitlab-token',
    'A GitLab token',
    [
      re(`\\bgl(?:pat|rt|dt|ptt|cbt|soat|oas|ft|imt|agent|ffct|wt)-[A-Za-z0-9_-]{20,}${END}`),
      /\bGR1348941[A-Za-z0-9_-]{20,}/,
    ],
    /^gl[a-z]+-/,
  ),
  token(
    'secret.stripe-key',
    'A Stripe key',
    [/\b(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{20,}/, /\bwhsec_[A-Za-z0-9+/]{32,}/],
    /^(?:[rs]k_[a-z]+_|whsec_)/,
  ),
  token('secret.twilio', 'A Twilio API key or auth token', [
    /\bSK[0-9a-f]{32}\b/,
    /\btwilio[\w-]*?(?:auth)?[\w-]*?token["']?\s*[:=]?\s*["']?(?<secret>[0-9a-f]{32})\b/i,
  ]),
  token('secret.sendgrid', 'A SendGrid API key', [/\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/], /^SG\./),
  token('secret.mailgun', 'A Mailgun or Mailchimp API key', [
    /\bkey-[0-9a-f]{32}\b/,
    /\b[0-9a-f]{32}-us\d{1,2}\b/,
  ]),
  token(
    'secret.npm-token',
    'An npm access token',
    [/\bnpm_[A-Za-z0-9]{36}\b/, /_authToken=(?<secret>[A-Za-z0-9_-]{30,})/],
    /^npm_/,
  ),
  token('secret.pypi-token', 'A PyPI upload token', [/\bpypi-AgE[A-Za-z0-9_-]{50,}/], /^pypi-/),
  token(
    'secret.huggingface',
    'A Hugging Face token',
    [/\b(?:hf|api_org)_[A-Za-z]{34}\b/],
    /^(?:hf|api_org)_/,
  ),
  token('secret.datadog', 'A Datadog API or application key', [
    /\b(?:dd|datadog)[_-]?(?:api|app|application)[_-]?key["']?\s*[:=]\s*["']?(?<secret>[0-9a-f]{32}(?:[0-9a-f]{8})?)\b/i,
    /\bDD-(?:API|APPLICATION)-KEY:\s*(?<secret>[0-9a-f]{32,40})\b/i,
  ]),
  token('secret.vault-token', 'A HashiCorp Vault token', [/\bhv[sbr]\.[A-Za-z0-9_-]{24,}/], /^hv[sbr]\./),
  token('secret.cloudflare', 'A Cloudflare API token or key', [
    /\b(?:cloudflare|cf)[_-]?(?:api)?[_-]?(?:token|key)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9_-]{37,40})(?![A-Za-z0-9_-])/i,
    /\bX-Auth-Key:\s*(?<secret>[0-9a-f]{37})\b/i,
    /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/,
  ]),
  token(
    'secret.openai-key',
    'An AI provider API key',
    [
      /\bsk-(?:proj|svcacct|admin|ant-api\d\d|ant-admin\d\d|ant-oat\d\d)-[A-Za-z0-9_-]{20,}/,
      /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/,
      /\bsk-[A-Za-z0-9]{40,}\b/,
      /\bgsk_[A-Za-z0-9]{52}\b/,
      /\bxai-[A-Za-z0-9]{80}\b/,
    ],
    /^(?:sk|gsk|xai)-(?:[a-z]+-)?/,
  ),
  token('secret.other-token', 'An API token', [
    /\bdop_v1_[a-f0-9]{64}\b/,
    /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/,
    /\bATATT3[A-Za-z0-9_=-]{150,}/,
    /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/,
    /\bglsa_[A-Za-z0-9]{32}_[a-f0-9]{8}\b/,
    /\bglc_[A-Za-z0-9+/]{32,}={0,2}/,
    /\bsntry[su]_[A-Za-z0-9+/=_-]{40,}/,
    /\bdapi[a-f0-9]{32}(?:-\d)?\b/,
    /\b[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}\b/,
    /\bpul-[a-f0-9]{40}\b/,
    /\bHRKU-[A-Za-z0-9_-]{36,}/,
    /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/,
    /\bsq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}\b/,
    /\blin_api_[A-Za-z0-9]{40}\b/,
    /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/,
    /\bops_eyJ[A-Za-z0-9+/=]{100,}/,
    /\bnfp_[A-Za-z0-9]{36}\b/,
    /\bfigd_[A-Za-z0-9_-]{40}\b/,
    /\bsecret_[A-Za-z0-9]{43}\b/,
    /\bntn_[A-Za-z0-9]{46}\b/,
    /\brnd_[A-Za-z0-9]{32}\b/,
  ]),
];

/** Secrets in connection strings and commands: passwords, where the key name tells what follows. */
export const CREDENTIAL_RULES: readonly PatternRule[] = [
  {
    ...token('secret.connection-string', 'A connection string with a password', [
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb|redshift|snowflake|oracle|ldaps?|smtps?|ftp|sftp)(?:\+\w+)?:\/\/(?<user>[^:/\s@'"`]*):(?<secret>[^@\s/'"`]{3,})@(?<host>[^\s/:?'"`,]+)/i,
      /\bjdbc:[a-z0-9]+:[^\s'"`]*?[;?&:](?:password|pwd)=(?<secret>[^;&\s'"`]{3,})/i,
      /\b(?:Server|Data Source|Host|Address)=[^;'"\n]{1,120};[^'"\n]{0,200}?\b(?:Password|Pwd)=(?<secret>[^;'"\s]{3,})/i,
      /\bpsql\s+["'][^"'\n]*\bpassword=(?<secret>[^\s"']{3,})/i,
    ]),
    accept: (match) => isLikelySecretValue(passwordOf(match), match),
  },
  {
    ...token('secret.cli-password', 'A password on the command line (it also lands in shell history)', [
      /\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n`|]{0,120}?\s-p(?<secret>(?:'[^'\s]{3,}'|"[^"\s]{3,}"|[^\s'"`-][^\s'"`]{2,}))/,
      /(?:^|\s)--password[= ](?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/m,
      /\b(?:docker|podman|helm\s+registry)\s+login\b[^\n`|]{0,160}?\s-p\s+(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/,
      /\b(?:PGPASSWORD|MYSQL_PWD|MYSQL_ROOT_PASSWORD|POSTGRES_PASSWORD|REDISCLI_AUTH|MONGO_INITDB_ROOT_PASSWORD|RABBITMQ_DEFAULT_PASS|DB_PASS(?:WORD)?|DATABASE_PASSWORD|ADMIN_PASSWORD|ROOT_PASSWORD)=(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`;]{3,}))/,
      /\bsshpass\s+-p\s*(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/,
      /\bredis-cli\b[^\n`|]{0,120}?\s-a\s+(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/,
      /\bcurl\b[^\n`|]{0,160}?\s(?:-u|--user)\s+["']?[^:\s"']+:(?<secret>[^\s"'@]{3,})/,
      /\b(?:mongo|mongosh)\b[^\n`|]{0,160}?\s(?:-p|--password)\s+(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/,
      /^\s*-?\s*name:\s*["']?\w*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY)\w*["']?\s*\n\s*value:\s*(?<secret>(?:'[^'\n]{3,}'|"[^"\n]{3,}"|[^\s'"`]{3,}))/m,
      /\bhtpasswd\s+-[a-zA-Z]*b[a-zA-Z]*\s+\S+\s+\S+\s+(?<secret>[^\s'"`]{3,})/,
    ]),
    accept: (match, context) =>
      isLikelySecretValue(secretTail(match), context.text.slice(context.start, context.end)),
  },
  {
    ...token('secret.assignment', 'A password or API key written out in full', [
      /\b(?:password|passwd|pwd|secret|client[_-]?secret|secret[_-]?key|api[_-]?key|apikey|api[_-]?token|access[_-]?token|auth[_-]?token|private[_-]?key|bearer|token)["']?\s*[:=]\s*["']?(?<secret>[^\s"'`,;)]{8,})/i,
      /\bAuthorization:\s*(?:Bearer|Basic|token)\s+(?<secret>[A-Za-z0-9._~+/=-]{16,})/i,
    ]),
    accept: (match) => isLikelySecretValue(secretTail(match), match),
  },
  {
    ...token('secret.password-in-prose', 'A password written out', [
      /\b(?:password|passphrase|passwd|pwd|pw|passcode|pass|PIN)\b(?:\s+(?:for|of|on|to)(?:\s+[\w.@/-]+){1,4}?)?\s*(?:is|was|will be|:|=|->|→)\s*(?:now\s+|still\s+|set to\s+|just\s+)?[`'"*]{0,2}(?<secret>[^\s`'"*,]{6,})/i,
      /\b(?:log ?in|login|credentials|creds|user(?:name)?\s*\/\s*password)\s*[:=]\s*[\w.@-]{2,40}\s*(?:\/|:|,)\s*[`'"]?(?<secret>[^\s`'",]{6,})/i,
      /\b(?:log ?in|sign ?in|authenticate|connect)\b[^\n.]{0,60}?\bwith\s+(?:the\s+)?(?:password|passphrase)\s+[`'"]?(?<secret>[^\s`'",]{6,})/i,
    ]),
    accept: (match) => isLikelySecretValue(secretTail(match), match, true),
  },
];

/** The password part of a connection string or key-value match. */
function passwordOf(match: string): string {
  const url = /:\/\/[^:/\s@]*:([^@\s/]+)@/.exec(match);
  if (url?.[1]) return url[1];
  const pair = /(?:password|pwd)=([^;&\s'"`]+)/i.exec(match);
  return pair?.[1] ?? match;
}

/** The value at the end of a match (after `=`, `:`, `-p`, `is`), without quotes. */
function secretTail(match: string): string {
  const value = /(?:[:=\s]|-p|->|→)\s*[`'"*]{0,2}([^\s`'"*]+)[`'"*]{0,2}\s*$/.exec(match)?.[1] ?? match;
  return value.replace(/^['"]|['"]$/g, '');
}
