/** Widening ACLs, IAM, database grants or host permissions. Default `confirm`: the incident began this way. */
import type { PatternRule } from './rule.js';

const ADMIN_GROUP = '(?:admins?|administrators?|owners?|sudo|sudoers|wheel|root|superusers?|org[- ]admins?)';

export const PERMISSION_RULES: readonly PatternRule[] = [
  {
    id: 'permission.public-acl',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Makes a resource readable (or writable) by anyone: check that it holds nothing private.',
    patterns: [
      /\bpublic-read(?:-write)?\b/i,
      /\ball(?:Authenticated)?Users\b/,
      /["']?Principal["']?\s*:\s*(?:\{\s*["']?AWS["']?\s*:\s*)?["']\*["']/,
      /\bBlockPublic(?:Acls|Policy)["']?\s*[:=]\s*["']?false\b/i,
    ],
    narrative: true,
  },
  {
    id: 'permission.sql-grant-all',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Grants broad database privileges: check who receives them and on which data.',
    patterns: [
      /\bGRANT\s+ALL\b[^;\n]{0,160}/i,
      /\bGRANT\s+[^;\n]{1,160}?\bTO\s+PUBLIC\b/i,
      /\bGRANT\s+[^;\n]{1,160}?\bON\s+\*\.\*/i,
      /\bGRANT\s+[^;\n]{1,160}?\bWITH\s+(?:GRANT|ADMIN)\s+OPTION\b/i,
      /\bALTER\s+(?:USER|ROLE)\s+\S+\s+(?:WITH\s+)?SUPERUSER\b/i,
    ],
    narrative: true,
  },
  {
    id: 'permission.sql-grant',
    category: 'permission',
    severity: 'note',
    explanation: 'Grants database privileges: check that the grantee should have them.',
    patterns: [
      /\bGRANT\s+(?:SELECT|INSERT|UPDATE|DELETE|USAGE|EXECUTE|REFERENCES|TRIGGER)\b[^;\n]{0,120}?\bTO\s+[\w"`'.@-]+/i,
    ],
    narrative: true,
  },
  {
    id: 'permission.world-writable',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Lets every user on the host read and write these files.',
    patterns: [/\bchmod\s+(?:-[A-Za-z]+\s+)*(?:0?[0-7]?[67][67][67]|a\+rwx|o\+w|ugo\+rwx|777|666)\b/],
    narrative: true,
  },
  {
    id: 'permission.open-ingress',
    category: 'permission',
    severity: 'confirm',
    explanation:
      'Opens network access to the whole internet (0.0.0.0/0): check the port and the service behind it.',
    patterns: [/(?<![\d.])0\.0\.0\.0\/0\b/, /(?<![\w:])::\/0\b/],
    narrative: true,
  },
  {
    id: 'permission.disable-auth',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Turns off authentication or a second factor.',
    patterns: [
      /\b(?:disable|disabling|turn(?:ing)?\s+off|switch(?:ing)?\s+off|bypass(?:ing)?|remov(?:e|ing)|skip(?:ping)?)\s+(?:the\s+|their\s+|its\s+|his\s+|her\s+)?(?:auth|authentication|authorization|mfa|2fa|two[- ]factor(?:\s+auth(?:entication)?)?|sso|single sign-on|login requirement|password requirement)\b/i,
      /\b(?:auth|authentication|mfa|require_?mfa|mfa_?required|2fa|sso)(?:_?enabled)?["']?\s*[:=]\s*["']?(?:false|off|no|disabled|none)\b/i,
      /--(?:no-auth|disable-auth|skip-auth|auth=none|insecure-skip-tls-verify)\b/,
      /\bprotected-mode\s+no\b/,
    ],
    narrative: true,
  },
  {
    id: 'permission.admin-group',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Gives someone administrator or owner rights: check that they need that much.',
    patterns: [
      new RegExp(
        String.raw`\b(?:add|adding|put|putting|make|making|promote|promoting)\b[^.\n]{0,60}?\b(?:to|into|in|an?)\s+(?:the\s+)?${ADMIN_GROUP}(?:\s+(?:group|role|team|org))?\b`,
        'i',
      ),
      /\busermod\s+-a?G\s*(?:sudo|wheel|admin|root)\b/,
      /\bgpasswd\s+-a\s+\S+\s+(?:sudo|wheel|admin)\b/,
      /\bAdministratorAccess\b/,
      /\broles\/(?:owner|editor)\b/,
      /["']?Action["']?\s*:\s*["']\*["']/,
    ],
    narrative: true,
  },
  {
    id: 'permission.cluster-admin',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Binds a cluster-wide Kubernetes role: whoever holds it controls the whole cluster.',
    patterns: [
      /--clusterrole[= ]cluster-admin\b/,
      /\bcreate\s+clusterrolebinding\b/,
      /\bkind:\s*ClusterRoleBinding\b/,
      /\b(?:give|grant|bind|add)\w*\b[^.\n]{0,40}\bcluster-admin\b/i,
    ],
    narrative: true,
  },
  {
    id: 'permission.privileged-container',
    category: 'permission',
    severity: 'confirm',
    explanation: 'Runs a container with host-level privileges.',
    patterns: [/--privileged\b/, /\bprivileged:\s*true\b/, /--cap-add[= ](?:ALL|SYS_ADMIN)\b/],
    narrative: true,
  },
];
