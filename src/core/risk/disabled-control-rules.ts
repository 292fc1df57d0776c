/**
 * Advice that switches a safety control off: authentication, MFA, TLS certificate checks, CSRF protection,
 * Elasticsearch security, row-level security, audit logging. Default `confirm`. Turning a control back on stays quiet.
 */
import { lineAt, onRemovedSide, sentenceBeforeMatch } from './match-context.js';
import { confirmRules, type MatchContext, type PatternRule } from './rule.js';

const REENABLING =
  /\b(?:re-?enabl\w*|turn(?:ing)? (?:it |them )?back on|switch(?:ing)? (?:it )?back on|restor\w*|put (?:it )?back)\b/i;

function switchesOff(context: MatchContext): boolean {
  // "turn it back on tomorrow" after the match still switches it off today; only a re-enable before it counts.
  return !onRemovedSide(context) && !REENABLING.test(sentenceBeforeMatch(context));
}

const rule = confirmRules('permission', { byDefault: (_match, context) => switchesOff(context) });

const OFF = String.raw`(?:disable|disabling|disabled|turn(?:ing)?\s+off|switch(?:ing)?\s+off|bypass(?:ing)?|remov(?:e|ing)|skip(?:ping)?|get rid of|drop(?:ping)?)`;

export const DISABLED_CONTROL_RULES: readonly PatternRule[] = [
  rule(
    'permission.disable-auth',
    'Turns off authentication or authorization: anyone who can reach it gets in.',
    [
      new RegExp(
        String.raw`\b${OFF}\s+(?:the\s+|their\s+|its\s+)?(?:auth|authentication|authorization|authz|login requirement|password requirement|access control|sso|single sign-on|api key check)\b`,
        'i',
      ),
      /\b(?:auth|authentication|authorization|require_?auth|auth_?required|auth_?enabled|authentication_?enabled|security_?enabled)["']?\s*[:=]\s*["']?(?:false|off|no|disabled|none)\b/i,
      /\b(?:DISABLE_AUTH\w*|AUTH_DISABLED|NO_AUTH|SKIP_AUTH\w*)\s*[:=]\s*["']?(?:true|1|yes)\b/i,
      /--(?:no-auth|disable-auth|skip-auth|auth[= ]none|authorization-mode[= ]AlwaysAllow|anonymous-auth[= ]true)\b/,
      /\bprotected-mode\s+no\b|\brequirepass\s+""|\bskip[-_]grant[-_]tables\b|\ballow_anonymous\s+true\b/,
      /\bhost(?:ssl)?\s+all\s+all\s+\S+\s+trust\b/,
      /^\s*(?:auth|authentication|authorization|security|basic_?auth|oidc|sso)\s*:\s*\n\s+(?:enabled|required)\s*:\s*(?:false|no|off)\b/m,
      /\bauthorization:\s*["']?disabled\b/,
      /\[auth\.anonymous\][^[]{0,80}?\benabled\s*=\s*true\b|\banonymous(?:[._-]?(?:access|auth))?[._-]?enabled["']?\s*[:=]\s*["']?true\b|\bGF_AUTH_ANONYMOUS_ENABLED=true\b/i,
      /\.anyRequest\(\)\s*\.permitAll\(\)|\bAllowAnonymous\]|\bauth_basic\s+off\b/,
    ],
  ),
  rule('permission.disable-mfa', 'Turns off multi-factor authentication.', [
    new RegExp(
      String.raw`\b${OFF}\s+(?:the\s+)?(?:mfa|2fa|two[- ]factor(?:\s+auth(?:entication)?)?|multi[- ]factor(?:\s+auth(?:entication)?)?|2-step verification|otp)(?:\s+(?:requirement|enforcement|check))?\b`,
      'i',
    ),
    /\b(?:mfa|2fa|require_?mfa|mfa_?required|mfa_?enabled|enforce_?mfa|two_factor_required)["']?\s*[:=]\s*["']?(?:false|off|no|disabled|none|optional)\b/i,
    /\bmfa_configuration\s*=\s*"OFF"|--no-mfa\b|--mfa[= ]off\b/,
    /\b(?:mfa|2fa|two[- ]factor|multi[- ]factor(?: auth(?:entication)?)?)\b[^.\n]{0,40}?\b(?:to|as)\s+["'“*]{0,2}(?:not required|optional|off|disabled|none|never)\b/i,
    /\bexempt\w*\b[^.\n]{0,60}?\bfrom\s+(?:the\s+)?(?:mfa|2fa|two[- ]factor|multi[- ]factor)\b|\b(?:mfa|2fa) exemption\b/i,
  ]),
  rule(
    'permission.tls-verify-off',
    'Turns off TLS certificate verification: a man in the middle can read and change the traffic.',
    [
      /\bNODE_TLS_REJECT_UNAUTHORIZED\s*[:=]\s*["']?0\b/,
      /\brejectUnauthorized["']?\s*:\s*false\b/,
      /\bInsecureSkipVerify\s*:\s*true\b/,
      /--insecure-skip-tls-verify\b(?![= ]false)|\binsecure-skip-tls-verify:\s*true\b/,
      /\bverify\s*=\s*False\b/,
      /\b(?:verify_ssl|ssl_verify|sslverify|verify_certs|tls_verify|ssl_verification|verifySsl|verifyCertificate)["']?\s*[:=]\s*["']?(?:false|0|no)\b/i,
      /\b(?:tls_skip_verify|skip_tls_verify|tlsSkipVerify|insecure_skip_verify|skipTlsVerify|tls-skip-verify|insecure_ssl)["']?\s*[:=]\s*["']?(?:true|1|yes)\b/i,
      /\bhttp\.sslVerify\s+false\b|\bstrict-ssl\s+false\b|\bGIT_SSL_NO_VERIFY=(?:1|true)\b|\bPYTHONHTTPSVERIFY=0\b/,
      /\bCURLOPT_SSL_VERIFY(?:PEER|HOST)\s*,\s*(?:0|false)\b|\bssl\._create_unverified_context\b|\bCERT_NONE\b|\bcheck_hostname\s*=\s*False\b/,
      /\bcurl\b[^\n`|]{0,160}?\s(?:-k|--insecure)\b|\bwget\b[^\n`|]{0,160}?--no-check-certificate\b/,
      new RegExp(
        String.raw`\b${OFF}\s+(?:the\s+)?(?:tls|ssl|certificate|cert)\s+(?:verification|validation|checks?|verify)\b`,
        'i',
      ),
    ],
    (_match, context) =>
      switchesOff(context) && !/\b(?:localhost|127\.0\.0\.1)\b/.test(lineAt(context.text, context.start)),
  ),
  rule(
    'permission.disable-csrf',
    'Turns off CSRF protection: other sites can make requests as the signed-in user.',
    [
      /\bcsrf["']?\s*[:=(]\s*["']?(?:false|off|disabled?)\b/i,
      /\b(?:WTF_)?CSRF_ENABLED\s*=\s*False\b|\bcsrf_protection["']?\s*[:=]\s*false\b/i,
      /@csrf_exempt\b|\.csrf\(\s*(?:\w+\s*->\s*\w+\.disable\(\)|AbstractHttpConfigurer::disable)\s*\)|\.csrf\(\)\s*\.disable\(\)/,
      /\bskip_forgery_protection\b|\bskip_before_action\s+:verify_authenticity_token\b/,
      new RegExp(
        String.raw`\b${OFF}\s+(?:the\s+)?(?:csrf|xsrf)(?:\s+(?:protection|checks?|tokens?|middleware))?\b`,
        'i',
      ),
    ],
  ),
  rule(
    'permission.disable-es-security',
    'Turns off Elasticsearch/OpenSearch security: the cluster answers anyone, unauthenticated.',
    [
      /\bxpack\.security\.enabled["']?\s*[:=]\s*["']?false\b/,
      /\bplugins\.security\.disabled["']?\s*[:=]\s*["']?true\b|\bDISABLE_SECURITY_PLUGIN=true\b/,
      new RegExp(
        String.raw`\b${OFF}\s+(?:the\s+)?(?:x-?pack|elasticsearch|elastic|opensearch|kibana)\s+security\b`,
        'i',
      ),
    ],
  ),
  rule(
    'permission.disable-rls',
    'Turns off row-level security (or a policy that allows every row): every user sees every row.',
    [
      /\b(?:DISABLE|NO\s+FORCE)\s+ROW\s+LEVEL\s+SECURITY\b/i,
      /\bCREATE\s+POLICY\b[^;]{0,200}?\b(?:USING|WITH\s+CHECK)\s*\(\s*true\s*\)/i,
      /\bSET\s+row_security\s*=\s*off\b/i,
      new RegExp(String.raw`\b${OFF}\s+(?:the\s+)?(?:rls|row[- ]level security)\b`, 'i'),
    ],
  ),
  rule(
    'permission.disable-audit',
    'Turns off audit logging or a host firewall: what happens next leaves no trace, or nothing filters it.',
    [
      /\baws\s+cloudtrail\s+(?:stop-logging|delete-trail)\b|\baws\s+guardduty\s+delete-detector\b/,
      /\bsetenforce\s+0\b|\bSELINUX=disabled\b|\bufw\s+disable\b|\bsystemctl\s+(?:stop|disable)\s+(?:firewalld|auditd)\b|\biptables\s+-F\b/,
      new RegExp(
        String.raw`\b${OFF}\s+(?:the\s+)?(?:audit (?:logs?|logging|trail)|cloudtrail|guardduty|the firewall|selinux)\b`,
        'i',
      ),
    ],
  ),
];
