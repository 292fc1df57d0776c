/**
 * Commands that delete data or history that can't be regenerated. Default `confirm`. Build output and caches
 * (`rm -rf node_modules`), a pod that its deployment recreates, `--force-with-lease` on one's own branch and a test's
 * setup against localhost stay quiet.
 */
import { inTestSetup, lineAt, onRemovedSide } from './match-context.js';
import { confirmRules, type MatchContext, type PatternRule } from './rule.js';

/** The arguments after a command, up to the first word of prose (`… delete pods --all will reset them`). */
const ARGS = String.raw`(?:[ \t]+(?!(?:and|or|then|will|would|to|on|in|at|the|if|so|it|is|was|for|from|with|against|which|that|this|when|because)\b)[-\w./*:=@\${}~"'+]+){0,6}`;
const command = (head: string, flags = ''): RegExp => new RegExp(`${head}${ARGS}`, flags);

const rule = confirmRules('destructive', { always: (_match, context) => !onRemovedSide(context) });

/** Paths that a build or an install recreates. */
const REGENERABLE =
  /^(?:\.\/)?(?:[\w.-]+\/)*(?:node_modules|dist|build|out|\.next|\.nuxt|\.svelte-kit|\.turbo|\.parcel-cache|\.cache|cache|coverage|\.nyc_output|target|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.venv|venv|env|\.terraform|\.gradle|bin|obj|DerivedData|\.angular|\.expo|tmp|temp|\.tmp|logs?|[\w.-]*\.egg-info|\.eslintcache|\.tsbuildinfo|pkg|vendor|storybook-static|\.docusaurus|\.serverless|\.aws-sam|cdk\.out|Pods|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|composer\.lock|\.DS_Store|[\w.-]+\.(?:pyc|o|log|tmp))\/?\*?$|^\/tmp\/[\w./-]+$|^~\/\.(?:npm|cache|gradle|m2\/repository|cargo\/registry)\b|^(?:\$\{?TMPDIR\}?|\$\(mktemp[^)]*\))/;

function deletesData(match: string, line: string): boolean {
  const paths = match
    .replace(/^\s*(?:sudo\s+)?rm\s+/, '')
    .split(/\s+/)
    .filter((arg) => arg && !arg.startsWith('-') && arg !== '{}' && arg !== '+' && arg !== '\\;');
  if (paths.length === 0) return !REGENERABLE.test(/-name\s+["']?([^\s"']+)/.exec(line)?.[1] ?? '');
  return !paths.every((path) => REGENERABLE.test(path.replace(/^["']|["']$/g, '')));
}

const SHARED_BRANCH =
  /\b(?:main|master|develop|development|dev|trunk|release[\w/.-]*|prod(?:uction)?|staging|stable|HEAD:(?:main|master))\b/;

function forcePushesShared(match: string, context: MatchContext): boolean {
  const line = lineAt(context.text, context.start);
  if (SHARED_BRANCH.test(match.replace(/^git\s+push\s+/, '').replace(/--force(?:-with-lease)?|-f\b/g, '')))
    return true;
  if (/--force-with-lease|--force-if-includes/.test(match)) return false;
  // A bare `git push -f` after rebasing one's own branch: quiet only when the text says the branch is one's own.
  return !/\b(?:your|my|own|feature|topic|personal|fix|wip)\b[^.\n]{0,30}\bbranch\b|\bfeature\/|\bfix\//i.test(
    `${line} ${context.text.slice(Math.max(0, context.start - 200), context.start)}`,
  );
}

export const DESTRUCTIVE_RULES: readonly PatternRule[] = [
  rule(
    'destructive.rm-rf',
    'Deletes files recursively without asking: check the path.',
    [
      command(
        String.raw`\brm\s+(?:-[A-Za-z]*(?:r[A-Za-z]*f|f[A-Za-z]*r)[A-Za-z]*|-[rR]\s+-f|-f\s+-[rR]|--recursive\s+--force|--force\s+--recursive|-r|-R|--recursive)\b`,
      ),
      /\b(?:shutil\.rmtree|fs\.rmSync|rimraf)\s*\(\s*["'`]\/(?:var|data|srv|home|opt|mnt|backups?)\b[^)]{0,80}\)/,
    ],
    (match, context) => deletesData(match, lineAt(context.text, context.start)),
  ),
  rule('destructive.disk-wipe', 'Overwrites a disk or file system.', [
    /\bmkfs(?:\.\w+)?\s+(?:-\w+\s+)*\/dev\//,
    /\bdd\s+[^\n`]*\bof=\/dev\/(?!null\b|zero\b|stdout\b)/,
    /\b(?:wipefs\s+-a|shred\s+[^\n`]*\/dev\/|blkdiscard)\b/,
    /\bformat\s+[A-Z]:\s*\/[qQyY]/,
  ]),
  rule(
    'destructive.sql-drop',
    'Drops a table, schema, database or column: the data is gone unless a backup exists.',
    [
      /\bDROP\s+(?:TABLE|DATABASE|SCHEMA|KEYSPACE|COLLECTION)\b[^;\n]{0,80}/i,
      /\bALTER\s+TABLE\s+[\w."`]+\s+DROP\s+(?:COLUMN\s+)?(?!CONSTRAINT|INDEX|DEFAULT|NOT\b)[\w"`]+/i,
      /\bdb\.dropDatabase\(\)|\bdb\.\w+\.drop\(\)|\bdropdb\s+(?:-\w+\s+)*\w+/,
    ],
    (match, context) =>
      /^DROP|^ALTER|^db\.|^dropdb/.test(match) ||
      /;|\bdrop\s+(?:table|database|schema)\s+(?:if\s+exists\s+)?[\w."`]+\s*(?:cascade)?\s*$/i.test(
        lineAt(context.text, context.start),
      )
        ? !inTestSetup(context)
        : false,
  ),
  rule(
    'destructive.sql-truncate',
    'Empties a table.',
    [/\bTRUNCATE\s+(?:TABLE\s+)?(?!the\b|a\b|it\b|this\b|that\b|log|to\b)[\w."`]+/i],
    (match, context) =>
      (/^TRUNCATE/.test(match) || /;/.test(lineAt(context.text, context.start))) && !inTestSetup(context),
  ),
  rule(
    'destructive.sql-delete-all',
    'UPDATE or DELETE without a WHERE clause changes every row.',
    [
      /\bDELETE\s+FROM\s+[\w."`]+(?![\w."`])(?!\s+(?:AS\s+\w+\s+)?(?:WHERE|USING)\b)(?:\s*;|\s*$|\s*`)/im,
      /\bUPDATE\s+[\w."`]+\s+SET\s+[^;]{1,200}?(?:;|$)/im,
      /\.(?:deleteMany|delete_many|remove)\(\s*\{\s*\}\s*\)|\.objects\.all\(\)\.(?:delete|update)\(/,
    ],
    (match, context) =>
      !/\bWHERE\b/i.test(match) &&
      (/^(?:DELETE|UPDATE)\s/.test(match) || /;/.test(match) || /^\./.test(match)) &&
      !inTestSetup(context),
  ),
  rule(
    'destructive.kubectl-delete',
    'Deletes Kubernetes resources that hold state or serve traffic: check the context and namespace.',
    [
      command(
        String.raw`\bkubectl\s+(?:(?:-n|--namespace|--context)[= ]\S+\s+)*delete\s+(?:namespaces?|ns|deploy(?:ment)?s?|statefulsets?|sts|daemonsets?|ds|pvc|persistentvolumeclaims?|pv|persistentvolumes?|crds?|customresourcedefinitions?|secrets?|configmaps?|services?|svc|ingress(?:es)?|all|nodes?)\b`,
      ),
      command(
        String.raw`\bkubectl\s+(?:(?:-n|--namespace|--context)[= ]\S+\s+)*delete\b[^\n\`]*?(?:--all\b|-f\s|--filename)`,
      ),
      command(String.raw`\bhelm\s+(?:uninstall|delete)\b`),
    ],
    (match) => !/--dry-run\b/.test(match),
  ),
  rule(
    'destructive.terraform-destroy',
    'Destroys cloud infrastructure: every resource it manages goes.',
    [
      command(
        String.raw`\b(?:terraform|tofu|terragrunt|pulumi|cdk|sst|serverless|sls)\s+(?:run-all\s+)?(?:destroy|remove)\b`,
      ),
      /\bterraform\s+apply\s+[^\n`]*-destroy\b/,
      /\baz\s+group\s+delete\b[^\n`]*/,
      /\bgcloud\s+(?:projects|sql\s+instances|container\s+clusters|compute\s+instances|compute\s+disks|spanner\s+instances|bigtable\s+instances|redis\s+instances|filestore\s+instances)\s+delete\b[^\n`]*/,
      /\baws\s+(?:rds\s+delete-db-(?:instance|cluster)|dynamodb\s+delete-table|ec2\s+terminate-instances|cloudformation\s+delete-stack|eks\s+delete-cluster|efs\s+delete-file-system|ec2\s+delete-volume|elasticache\s+delete-\w+|kms\s+schedule-key-deletion|secretsmanager\s+delete-secret)\b[^\n`]*/,
      /\beksctl\s+delete\s+cluster\b[^\n`]*/,
      /\bdocker(?:-compose|\s+compose)\s+down\s+[^\n`]*(?:-v\b|--volumes\b)|\bdocker\s+volume\s+(?:rm|prune)\b[^\n`]*|\bdocker\s+system\s+prune\s+[^\n`]*--volumes\b/,
    ],
    (_match, context) => !inTestSetup(context) || /\bprod/i.test(lineAt(context.text, context.start)),
  ),
  rule('destructive.bucket-delete', 'Deletes a bucket or everything in it, recursively.', [
    /\baws\s+s3\s+(?:rm\s+[^\n`]*--recursive|rb\s+[^\n`]*--force)[^\n`]*/,
    /\bgsutil\s+(?:-m\s+)?(?:rm\s+-[a-zA-Z]*r|rb\b)[^\n`]*/,
    /\bgcloud\s+storage\s+(?:rm\s+[^\n`]*(?:-r|--recursive)|buckets\s+delete)\b[^\n`]*/,
    /\baz\s+storage\s+(?:container\s+delete|blob\s+delete-batch|account\s+delete)\b[^\n`]*|\bazcopy\s+(?:rm|remove)\b[^\n`]*--recursive[^\n`]*/,
    /\b(?:rclone\s+purge|mc\s+rb\s+--force|mc\s+rm\s+--recursive)\b[^\n`]*/,
  ]),
  rule('destructive.delete-backups', 'Deletes backups or snapshots: the last way back after a mistake.', [
    /\b(?:delete|deleting|remove|removing|purge|purging|wipe|wiping|drop|dropping|clean(?:ing)? up|get rid of)\s+(?:all\s+|the\s+|old\s+|any\s+|every\s+|our\s+|those\s+)*(?:[\w-]+\s+)?(?:backups?|snapshots?|recovery points?|point-in-time|PITR|backup vaults?)\b/i,
    /\baws\s+(?:rds\s+delete-db(?:-cluster)?-snapshot|ec2\s+delete-snapshot|backup\s+delete-(?:recovery-point|backup-vault)|dynamodb\s+delete-backup)\b[^\n`]*/,
    /\bgcloud\s+[\w\s-]*?(?:snapshots?|backups?)\s+delete\b[^\n`]*/,
    /\baz\s+(?:snapshot|backup\s+\w+)\s+delete\b[^\n`]*/,
    /\b(?:velero\s+backup\s+delete|restic\s+forget\b[^\n`]*--prune|borg\s+(?:delete|prune)|zfs\s+destroy|lvremove|btrfs\s+subvolume\s+delete|tmutil\s+delete)\b[^\n`]*/,
    /\b--skip-final-snapshot\b|\bskip_final_snapshot\s*=\s*true\b|\bdeletion_protection\s*=\s*false\b|--no-deletion-protection\b|--backup-retention-period[= ]0\b/,
  ]),
  rule(
    'destructive.es-delete-index',
    'Deletes Elasticsearch/OpenSearch indices over HTTP: the documents are gone.',
    [
      /\bcurl\b[^\n`]*?-X\s*["']?DELETE["']?\s+[^\n`]*?(?::9200|:443\/|elastic|opensearch|\/_all\b|\/[\w.*-]+\*)[^\n`]*/i,
      /\bcurl\b[^\n`]*?(?::9200|elastic|opensearch)[^\n`]*?-X\s*["']?DELETE\b[^\n`]*/i,
      /^\s*DELETE\s+\/?[\w.*,-]+\/?\s*$/m,
      /\b_delete_by_query\b[\s\S]{0,200}?\bmatch_all\b/,
    ],
  ),
  rule(
    'destructive.force-push',
    "Force-pushes to a shared branch: others' commits can be lost.",
    [
      /\bgit\s+push\b[^\n`]{0,80}?(?:--force(?:-with-lease)?(?:=\S+)?|\s-f\b|\s\+[\w/.-]+)[^\n`]{0,60}/,
      /\bgit\s+push\s+[^\n`]*?(?:--delete\s+|\s:)(?:main|master|develop|release[\w/.-]*|production)\b/,
    ],
    (match, context) => /--delete|\s:/.test(match) || forcePushesShared(match, context),
  ),
  rule(
    'destructive.flush-redis',
    'Deletes every key in Redis.',
    [/\bFLUSH(?:ALL|DB)\b/i],
    (_match, context) => !inTestSetup(context),
  ),
];
