/** Commands that delete data or history. Default `confirm`. */
import type { PatternRule } from './rule.js';

/** The arguments after a command, up to the first word of prose (`… delete pods --all will reset them`). */
const ARGS = String.raw`(?:[ \t]+(?!(?:and|or|then|will|would|to|on|in|at|the|if|so|it|is|was|for|from|with|against|which|that|this|when|because)\b)[-\w./*:=@\${}~"'+]+){0,6}`;
const command = (head: string, flags = ''): RegExp => new RegExp(`${head}${ARGS}`, flags);

export const DESTRUCTIVE_RULES: readonly PatternRule[] = [
  {
    id: 'destructive.rm-rf',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Deletes files recursively without asking: check the path.',
    patterns: [
      command(
        String.raw`\brm\s+(?:-[A-Za-z]*(?:r[A-Za-z]*f|f[A-Za-z]*r)[A-Za-z]*|-[rR]\s+-f|-f\s+-[rR]|--recursive\s+--force|--force\s+--recursive)\b`,
      ),
    ],
    narrative: true,
  },
  {
    id: 'destructive.sql-drop',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Drops a table, schema or database: the data is gone unless a backup exists.',
    patterns: [
      /\bDROP\s+(?:TABLE|DATABASE|SCHEMA)\b[^;\n]{0,80}/,
      /\bdrop\s+(?:table|database|schema)\s+(?:if\s+exists\s+)?[\w."`]+\s*(?:cascade\s*)?;/i,
      /\bdb\.dropDatabase\(\)/,
    ],
    narrative: true,
  },
  {
    id: 'destructive.sql-truncate',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Empties a table.',
    patterns: [/\bTRUNCATE\s+(?:TABLE\s+)?[\w."`]+/, /\btruncate\s+table\s+[\w."`]+/i],
    narrative: true,
  },
  {
    id: 'destructive.sql-delete-all',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'DELETE without a WHERE clause removes every row.',
    patterns: [/\bDELETE\s+FROM\s+[\w."`]+(?![\w."`])(?!\s+(?:AS\s+\w+\s+)?(?:WHERE|USING)\b)/i],
    // Lowercase "delete from the dashboard" is prose; SQL is either uppercase or ends with a semicolon.
    accept: (match) => /^DELETE\s+FROM/.test(match) || /;/.test(match),
    narrative: true,
  },
  {
    id: 'destructive.kubectl-delete',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Deletes Kubernetes resources: check the namespace and the selector.',
    patterns: [
      command(String.raw`\bkubectl\s+(?:(?:-n|--namespace|--context)[= ]\S+\s+)*delete\b`),
      command(String.raw`\bhelm\s+(?:uninstall|delete)\b`),
    ],
    narrative: true,
  },
  {
    id: 'destructive.terraform-destroy',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Destroys every resource the configuration manages.',
    patterns: [
      command(String.raw`\b(?:terraform|tofu|pulumi)\s+destroy\b`),
      /\bterraform\s+apply\s+[^\n`]*-destroy\b/,
    ],
    narrative: true,
  },
  {
    id: 'destructive.force-push',
    category: 'destructive',
    severity: 'confirm',
    explanation: "Force-pushing rewrites the remote branch's history; others' commits can be lost.",
    patterns: [/\bgit\s+push\b[^\n`]{0,80}?(?:--force(?:-with-lease)?\b|\s-f\b|\s\+[\w/-]+)/],
    narrative: true,
  },
  {
    id: 'destructive.delete-backups',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Deletes backups or snapshots: the last way back after a mistake.',
    patterns: [
      /\b(?:delete|deleting|remove|removing|purge|purging|wipe|wiping|drop|dropping)\s+(?:all\s+|the\s+|old\s+|any\s+|every\s+|our\s+)*(?:[\w-]+\s+)?(?:backups?|snapshots?)\b/i,
      /\baws\s+(?:rds\s+delete-db(?:-cluster)?-snapshot|ec2\s+delete-snapshot|backup\s+delete-recovery-point)\b/,
      /\bgcloud\s+[\w\s-]*?snapshots?\s+delete\b/,
      /\baws\s+s3\s+(?:rm\s+[^\n`]*--recursive|rb\s+[^\n`]*--force)/,
    ],
    narrative: true,
  },
  {
    id: 'destructive.flush-redis',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Deletes every key in Redis.',
    patterns: [/\bFLUSH(?:ALL|DB)\b/i],
    narrative: true,
  },
  {
    id: 'destructive.disk-wipe',
    category: 'destructive',
    severity: 'confirm',
    explanation: 'Overwrites a disk or file system.',
    patterns: [
      /\bmkfs(?:\.\w+)?\s+\/dev\//,
      /\bdd\s+[^\n`]*\bof=\/dev\/(?!null\b)/,
      /\bdocker\s+system\s+prune\s+[^\n`]*(?:-a|--all)\b/,
    ],
    narrative: true,
  },
];
