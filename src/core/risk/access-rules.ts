/**
 * Advice that widens who can do what: cloud IAM (AWS, GCP, Azure as CLI, Terraform and JSON policy), Kubernetes
 * RBAC, SQL grants. Default `confirm`: the incident began this way. Each rule stays quiet on the other direction:
 * revokes and detaches, deny statements, read-only commands, the removed side of a diff.
 */
import {
  blockAround,
  DENY_STATEMENT,
  lineAt,
  onRemovedSide,
  REVOKING,
  sentenceAround,
  sentenceBeforeMatch,
} from './match-context.js';
import { confirmRules, type MatchContext, type PatternRule } from './rule.js';

/** A grant, not its undoing: not a revoke, not on the removed side, not in a deny statement. */
export function widens(context: MatchContext): boolean {
  if (onRemovedSide(context)) return false;
  if (REVOKING.test(sentenceAround(context))) return false;
  return !DENY_STATEMENT.test(blockAround(context));
}

/** A permission finding: `confirm`, accepted only when the advice widens access and is not told as history. */
export const permissionRule = confirmRules('permission', { byDefault: (_match, context) => widens(context) });

/** A JSON or HCL policy statement that allows, with no condition pinning it to one org, VPC or source. */
function openStatement(context: MatchContext): boolean {
  if (!widens(context)) return false;
  const block = blockAround(context);
  return !/aws:(?:SourceVpce?|PrincipalOrgID|SourceArn|SourceAccount|SourceIp|PrincipalAccount)|PrincipalOrgID|SourceVpc/i.test(
    block,
  );
}

export const ACCESS_RULES: readonly PatternRule[] = [
  permissionRule(
    'permission.aws-admin-policy',
    'Attaches an AWS administrator or full-access policy: check who receives it.',
    [
      /\b(?:AdministratorAccess|PowerUserAccess|IAMFullAccess)\b/,
      /\barn:aws:iam::aws:policy\/(?:service-role\/)?[A-Za-z0-9]*FullAccess\b/,
    ],
    (_match, context) =>
      widens(context) && !/\b(?:list-|get-|detach-|describe-)/.test(lineAt(context.text, context.start)),
  ),
  permissionRule(
    'permission.iam-wildcard',
    'Allows every action (`*`) in a policy: check that this principal needs all of them.',
    [
      /["']?(?:Action|NotAction)["']?\s*:\s*(?:\[\s*)?["'](?:\*|[a-z0-9-]+:\*)["']/,
      /\b(?:actions|not_actions)\s*=\s*\[\s*"(?:\*|[a-z0-9-]+:\*)"/,
      /^\s*-?\s*(?:Action|NotAction):\s*(?:\[\s*)?["']?(?:\*|[a-z0-9-]+:\*)["']?\s*\]?\s*$/m,
    ],
    (_match, context) => openStatement(context) || (widens(context) && !/Deny/i.test(blockAround(context))),
  ),
  permissionRule(
    'permission.public-principal',
    'A policy whose principal is everyone (`"Principal": "*"`): anyone can use it.',
    [
      /["']?Principal["']?\s*:\s*(?:\{\s*["']?AWS["']?\s*:\s*)?(?:\[\s*)?["']\*["']/,
      /\bidentifiers\s*=\s*\[\s*"\*"\s*\]/,
      /^\s*Principal:\s*["']?\*["']?\s*$/m,
      /\bPrincipal\s*=\s*(?:\{\s*AWS\s*=\s*)?(?:\[\s*)?"\*"/,
    ],
    (_match, context) => openStatement(context),
  ),
  permissionRule(
    'permission.gcp-broad-role',
    'Grants a GCP owner, editor or admin role: check who receives it and where.',
    [
      /\broles\/(?:owner|editor|[A-Za-z.]*[aA]dmin|iam\.serviceAccount(?:TokenCreator|User|KeyAdmin)|iam\.securityAdmin|resourcemanager\.\w+Admin)\b/,
    ],
    (_match, context) =>
      widens(context) &&
      !/\b(?:get-iam-policy|remove-iam-policy-binding|list|describe)\b/.test(
        lineAt(context.text, context.start),
      ),
  ),
  permissionRule(
    'permission.public-member',
    'Grants access to allUsers or allAuthenticatedUsers: that is anyone on the internet.',
    [
      /\b[aA]ll(?:Authenticated)?Users\b/,
      /uri=https?:\/\/acs\.amazonaws\.com\/groups\/global\/(?:AllUsers|AuthenticatedUsers)/,
    ],
    (_match, context) =>
      widens(context) &&
      !/\s-d\s|iam ch -d|remove-iam-policy-binding|get-iam-policy/.test(lineAt(context.text, context.start)),
  ),
  permissionRule(
    'permission.domain-member',
    'Grants access to a whole domain: everyone at that company receives it.',
    [
      /--member[= ]["']?domain:[\w.-]+/,
      /\bmembers?\s*=\s*\[?\s*"domain:[\w.-]+/,
      /["']domain:[\w.-]+["']/,
      /\bgsutil\s+(?:-m\s+)?(?:iam\s+ch|acl\s+ch)\s+[^\n`]*\b(?:domain:|-d\s+[\w-]+\.[a-z]{2,}:)/,
    ],
  ),
  permissionRule(
    'permission.azure-broad-role',
    'Assigns an Azure Owner, Contributor or administrator role: check who and at which scope.',
    [
      /(?:--role|-RoleDefinitionName|role_definition_name\s*=|"roleDefinitionName"\s*:)\s*["']?(?:Owner|Contributor|User Access Administrator|[\w ]*Administrator|[\w ]*Data Owner|Storage Blob Data Contributor|Key Vault (?:Secrets Officer|Administrator))\b/,
    ],
    (_match, context) =>
      widens(context) &&
      !/\b(?:role assignment (?:delete|list)|Remove-AzRoleAssignment|Get-AzRoleAssignment)\b/.test(
        lineAt(context.text, context.start),
      ),
  ),
  permissionRule(
    'permission.cluster-admin',
    'Binds a broad Kubernetes role (cluster-admin, or to every user/service account).',
    [
      /--clusterrole[= ]["']?(?:cluster-admin|admin)\b/,
      /\bcreate\s+(?:cluster)?rolebinding\b[^\n`]*--(?:group|user)[= ]["']?system:(?:authenticated|unauthenticated|anonymous|serviceaccounts)\b/,
      /\bname:\s*["']?system:(?:authenticated|unauthenticated|anonymous|serviceaccounts)["']?\s*$/m,
      /\bkind:\s*ClusterRole\s*\n\s*name:\s*["']?cluster-admin\b/,
      /\broleRef:[\s\S]{0,120}?\bname:\s*["']?cluster-admin\b/,
      /\b(?:give|grant|bind|add|make)\w*\b[^.\n]{0,60}\bcluster-admin\b/i,
    ],
    (_match, context) =>
      widens(context) && !/\b(?:get|describe|auth can-i)\b/.test(lineAt(context.text, context.start)),
  ),
  permissionRule(
    'permission.k8s-wildcard',
    'A Kubernetes role that allows every verb or every resource (`*`).',
    [
      /^\s*-?\s*(?:verbs|resources|apiGroups):\s*\[\s*["']\*["']\s*\]/m,
      /^\s*-?\s*(?:verbs|resources):\s*\n\s*-\s*["']\*["']/m,
      /\bcreate\s+(?:cluster)?role\s+[^\n`]*--verb[= ]["']?\*/,
    ],
    (_match, context) =>
      widens(context) && !/ClusterRoleBinding|RoleBinding/.test(lineAt(context.text, context.start)),
  ),
  permissionRule(
    'permission.sql-grant-all',
    'Grants broad database privileges: check who receives them and on which data.',
    [
      /\bGRANT\s+ALL\b[^;\n]{0,160}/i,
      /\bGRANT\s+[^;\n]{1,160}?\bTO\s+PUBLIC\b/i,
      /\bGRANT\s+[^;\n]{1,160}?\bON\s+\*\.\*/i,
      /\bGRANT\s+[^;\n]{1,160}?\bON\s+ALL\s+TABLES\b[^;\n]{0,120}/i,
      /\bGRANT\s+[^;\n]{1,160}?\bWITH\s+(?:GRANT|ADMIN)\s+OPTION\b/i,
      /\bGRANT\s+(?:ROLE\s+)?(?:ACCOUNTADMIN|SECURITYADMIN|SYSADMIN|OWNERSHIP|rds_superuser|cloudsqlsuperuser|db_owner|pg_read_all_data|pg_write_all_data|azure_pg_admin)\b[^;\n]{0,120}/i,
      /\b(?:ALTER|CREATE)\s+(?:USER|ROLE)\s+\S+\s+(?:WITH\s+)?(?:[A-Z]+\s+)*?(?:SUPERUSER|BYPASSRLS)\b/i,
      /\bsp_addsrvrolemember\b[^;\n]{0,80}sysadmin|\bALTER\s+SERVER\s+ROLE\s+sysadmin\s+ADD\s+MEMBER\b/i,
    ],
    (_match, context) => widens(context) && !/^\s*REVOKE\b/i.test(lineAt(context.text, context.start)),
  ),
  permissionRule(
    'permission.sql-grant-sensitive',
    'Grants access to tables of personal or payment data: check the grantee should see them.',
    [
      /\bGRANT\s+(?:SELECT|INSERT|UPDATE|DELETE|ALL)\b[^;\n]{0,80}?\bON\s+(?:TABLE\s+)?[\w."`]*(?:users?|customers?|patients?|payments?|cards?|employees?|salar(?:y|ies)|pii|ssn|accounts?|members?|billing|invoices?|orders?|people|persons?|contacts?|credentials?|passwords?)\w*[^;\n]{0,80}?\bTO\s+[\w"`'.@%-]+/i,
    ],
    (_match, context) =>
      widens(context) &&
      !/\bTO\s+["'`]?(?:app|service|svc|api|backend|web|worker)[\w-]*["'`]?\s*;?\s*$/i.test(
        lineAt(context.text, context.start),
      ),
  ),
  permissionRule(
    'permission.admin-group',
    'Gives someone administrator or owner rights: check that they need that much.',
    [
      /\b(?:add|adding|put|putting|make|making|promote|promoting)\b[^.\n]{0,60}?\b(?:to|into|in|an?)\s+(?:the\s+)?(?:admins?|administrators?|owners?|sudo|sudoers|wheel|root|superusers?|org[- ]admins?|global admins?)(?:\s+(?:group|role|team|org))?\b/i,
      /\busermod\s+-a?G\s*(?:sudo|wheel|admin|root|docker)\b/,
      /\bgpasswd\s+-a\s+\S+\s+(?:sudo|wheel|admin|docker)\b/,
      /\bALL\s*=\s*\(ALL(?::ALL)?\)\s*NOPASSWD:\s*ALL\b/,
      /\bgh\s+api\b[^\n`]*\bpermission=admin\b|\brole=(?:admin|owner|maintain)\b/,
    ],
    (_match, context) => widens(context) && !/\b(?:remove|revoke|demote)\b/i.test(sentenceAround(context)),
  ),
  permissionRule(
    'permission.broad-role',
    'Gives someone an owner, editor or administrator role: check that they need that much.',
    [
      /\b(?:[Gg]rant|[Gg]rants|[Gg]ranting|[Gg]ive|[Gg]ives|[Gg]iving|[Aa]ssign|[Aa]ssigning|[Aa]dd|[Aa]dding|[Mm]ake|[Mm]aking|[Cc]hange|[Cc]hanging|[Pp]romote|[Pp]romoting|[Ss]et|[Ss]etting|[Uu]pgrade|[Uu]pgrading|[Ee]levate|[Ee]levating|[Bb]ump|[Bb]umping)\b[^.\n]{0,80}?(?:\b(?:to|as|an?|the|[Pp]ick|[Ss]elect|[Cc]hoose)\s+|\s)\*{0,2}(?:Owner|Owners|Editor|Editors|Contributor|Admin|Administrator|Maintainer|Superuser|Super Admin|Org(?:anization)? Owner|Global Administrator|Account Admin|Project Owner|Workspace Admin)\*{0,2}(?![\w-])(?!\s+(?:field|column|tab|label|team|approval|review))/,
      /\b(?:grant|give|assign|make|promote|elevate)\w*\b[^.\n]{0,60}?\b(?:owner|editor|admin|administrator|contributor|superuser)\s+(?:role|access|rights|permissions?|privileges?)\b/i,
    ],
    (_match, context) =>
      widens(context) && !/\b(?:remove|revoke|demote|downgrade)\b/i.test(sentenceBeforeMatch(context)),
  ),
  permissionRule(
    'permission.broad-grantee',
    'Gives access to a broad or outside audience (everyone, a whole domain, contractors, a vendor).',
    [
      /\b(?:give|gives|giving|grant|grants|granting|add|adding|share|sharing|assign|assigning|open|opening|let|letting|allow|allowing|invite|inviting)\b[^.\n]{0,50}?\b(?:everyone|everybody|all (?:users|employees|staff|engineers|contractors|developers|authenticated users)|the (?:whole|entire) (?:company|org|organization|domain|team|workspace)|anyone|anonymous(?: users)?|the public|contractors?|the vendor|vendors?|third[- ]part(?:y|ies)|external (?:users|accounts|collaborators|partners|guests)|(?:@|everyone at |all of )[\w-]+\.(?:com|io|net|org|co))\b[^.\n]{0,60}?\b(?:access|owner|editor|admin|write|read|viewer|permissions?|role|rights|edit|delete|prod(?:uction)?|customer|pii|bucket|database|data)\b/i,
    ],
    (_match, context) =>
      widens(context) &&
      !/\bread[- ]only\b[^.\n]{0,40}\b(?:dashboards?|docs?|wiki|status)\b|\b(?:public|open[- ]source) (?:docs|repo|website|status page)\b/i.test(
        sentenceAround(context),
      ),
  ),
  permissionRule('permission.world-writable', 'Lets every user on the host read and write these files.', [
    /\bchmod\s+(?:-[A-Za-z]+\s+)*(?:0?[0-7]?[67][67][67]|a\+rwx|o\+w|ugo\+rwx|777|666)\b/,
  ]),
  permissionRule('permission.privileged-container', 'Runs a container with host-level privileges.', [
    /--privileged\b(?![= ]false)/,
    /\bprivileged:\s*true\b/,
    /--cap-add[= ](?:ALL|SYS_ADMIN)\b/,
    /\bhostPID:\s*true\b|\bhostNetwork:\s*true\b|--pid[= ]host\b/,
    /\ballowPrivilegeEscalation:\s*true\b/,
    /-v\s+\/var\/run\/docker\.sock:\/var\/run\/docker\.sock\b/,
  ]),
  {
    ...permissionRule(
      'permission.sql-grant',
      'Grants database privileges: check that the grantee should have them.',
      [
        /\bGRANT\s+(?:SELECT|INSERT|UPDATE|DELETE|USAGE|EXECUTE|REFERENCES|TRIGGER|CONNECT)\b[^;\n]{0,120}?\bTO\s+[\w"`'.@-]+/i,
      ],
    ),
    severity: 'note',
  },
];
