/**
 * The placeholder policy: placeholders, published sample credentials and default credentials on localhost are no
 * secret (at most a note). `<YOUR_TOKEN>`, `xoxb-your-token`, `ghp_xxxx…`, `changeme`, AWS's `AKIAIOSFODNN7EXAMPLE`,
 * the jwt.io sample token, `postgres:postgres@localhost`. Everything else that has the shape of a credential blocks.
 */

/** Sample credentials published in vendors' documentation. */
const PUBLISHED_SAMPLES = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy42OVdsVTdKd1pKaVZkNjJ5SHNxZlF3Qk0',
];

/**
 * Placeholder words count only where a word can start (the value's start, or after a non-alphanumeric such as `-`,
 * `_`, `<`): `xoxb-your-token`, `<YOUR_TOKEN>`, `sk-example-key`. Inside a random body they are chance: about one
 * real token in a thousand holds `tbd` somewhere, and it must still be blocked and redacted.
 */
const PLACEHOLDER_WORDS =
  /(?<![a-z0-9])(?:example|your|placeholder|redacted|dummy|sample|fake|changeme|change[_-]me|replace[_-]?(?:me|with|this)|insert[_-]?|todo|tbd|secret_?here|token_?here|key_?here|goes[_-]?here|my[_-]?(?:secret|token|key|password|pass)\b)|<[^>]*>|\$\{|\{\{|%[A-Z_]+%|xxxx|\*{3,}|•{3,}|\.{3}|…|<|>|here$|^\$|^@|^%|^\{|^(?:none|null|nil|undefined|true|false|empty|required|optional|string|value|hidden|masked|unset|test|testing|secret|password|passw0rd|pass|admin|root|guest|user|default|demo|foo|bar|baz|foobar|hunter2|letmein|qwerty|1234|12345|123456|12345678|123456789|password1|password123|s3cr3t|mysecretpassword|topsecret|supersecret)$/i;

/** Passwords that ship as defaults (a password of this kind on localhost is no leak). */
const DEFAULT_PASSWORDS =
  /^(?:postgres|password|secret|root|admin|changeme|example|pass|test|mysecretpassword|guest|mysql|redis|rabbitmq|minio|minioadmin|minio123|sa|dev|local|docker|development|localdev|Passw0rd!?|P@ssw0rd|yourStrong\(!\)Password|YourStrong@Passw0rd)$/i;

const LOCAL_HOST =
  /@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|db|database|postgres|mysql|redis|mongo|mongodb|rabbitmq|rabbit|minio)(?::\d+)?(?:[/?]|$|\s)/i;

/** True when `value` (the secret part of a match) is a placeholder, a reference, a sample or a plain word. */
export function isPlaceholderSecret(value: string, around = ''): boolean {
  const url = /^[a-z][\w+.-]*:\/\/[^:/\s@]*:([^@\s/]*)@/i.exec(value);
  if (url) return url[1] === undefined || url[1] === '' || isPlaceholderSecret(url[1], value);
  if (PUBLISHED_SAMPLES.some((sample) => value.includes(sample) || around.includes(sample))) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  const body = value.replace(/^[a-z]{2,8}[_-](?:[a-z]{2,8}[_-])?/i, '');
  if (body.length >= 8 && new Set(body.toLowerCase()).size <= 4) return true;
  if (DEFAULT_PASSWORDS.test(value) && LOCAL_HOST.test(`${around} `)) return true;
  return false;
}

/**
 * Whether a value written after `password=` or `-p` looks like a real secret rather than a reference
 * (`${DB_PASSWORD}`, `$(cat /run/secrets/db)`, `settings.API_KEY`, `process.env.TOKEN`), a word, or a placeholder.
 * `prose` asks more of it: a sentence's next word after "password is" is usually a word, not a password.
 */
export function isLikelySecretValue(value: string, around = '', prose = false): boolean {
  const bare = value.replace(/^['"`]|['"`]$/g, '');
  if (bare.length < 3) return false;
  const decoded = decodedBase64(bare);
  if (decoded !== undefined) return isLikelySecretValue(decoded, around, prose);
  if (/^\$|\$\{|\$\(|<[^>]*>|\{\{|^[\w.]+\([^)]*\)$|^\[|^%|^\.+$|^-|\)$/.test(bare)) return false;
  if (isPlaceholderSecret(bare, around)) return false;
  if (/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(bare)) return false;
  if (/^[A-Z][A-Z0-9_]+$/.test(bare)) return false;
  if (/^(?:os\.|env\.|process\.|config\.|settings\.|vault:|ssm:|secretsmanager:|arn:|file:|\/)/i.test(bare))
    return false;
  if (
    /^(?:stdin|prompt|interactive|required|rotated|reset|expired|set|stored|managed|the|a|an|in|on|at|from)$/i.test(
      bare,
    )
  )
    return false;
  const letters = /[A-Za-z]/.test(bare);
  const digits = /\d/.test(bare);
  const symbols = /[^A-Za-z0-9]/.test(bare);
  if (prose) return bare.length >= 6 && letters && (digits || symbols) && !/^[a-z]+[.,;:!?]$/i.test(bare);
  return digits || symbols || bare.length >= 16;
}

/** A Kubernetes-style base64 value (`YWRtaW4=`) decoded, when it decodes to printable text. */
function decodedBase64(value: string): string | undefined {
  if (
    value.length < 8 ||
    value.length % 4 !== 0 ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(value) ||
    !/=$|[+/]/.test(value)
  )
    return undefined;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}
