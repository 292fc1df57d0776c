/**
 * The review card's one-line summary of its findings, shown before the list: "2 things to check: broad database
 * grant, public bucket". One label per distinct thing (the same label twice is one thing), the most severe first.
 */
import type { Finding } from '../draft.js';
import { SEVERITY_RANK } from './rule.js';

const LABELS: readonly (readonly [RegExp, string])[] = [
  [/^secret\.redaction-left-in$/, 'redaction placeholder left in'],
  [/^secret\.scan-error$/, 'secret scan failed'],
  [/^secret\./, 'secret in the text'],
  [/^permission\.(?:sql-grant-all|sql-grant-sensitive)$/, 'broad database grant'],
  [/^permission\.sql-grant$/, 'database grant'],
  [/^permission\.public-acl$/, 'public bucket'],
  [/^permission\.(?:public-member|public-principal)$/, 'access for anyone'],
  [/^permission\.domain-member$/, 'access for a whole domain'],
  [/^permission\.broad-grantee$/, 'access for a broad audience'],
  [
    /^permission\.(?:aws-admin-policy|gcp-broad-role|azure-broad-role|broad-role|admin-group)$/,
    'admin or owner role',
  ],
  [/^permission\.iam-wildcard$/, 'wildcard IAM permissions'],
  [/^permission\.(?:cluster-admin|k8s-wildcard)$/, 'broad Kubernetes role'],
  [/^permission\.open-ingress$/, 'open to the internet'],
  [/^permission\.disable-mfa$/, 'MFA turned off'],
  [/^permission\.tls-verify-off$/, 'TLS verification off'],
  [/^permission\.disable-csrf$/, 'CSRF protection off'],
  [/^permission\.disable-rls$/, 'row-level security off'],
  [/^permission\.disable-es-security$/, 'Elasticsearch security off'],
  [/^permission\.disable-(?:auth|audit)$/, 'security control off'],
  [/^permission\./, 'permission change'],
  [/^data\.public-resource$/, 'shared with anyone'],
  [/^data\.personal-data$/, 'personal data in the text'],
  [/^data\.tunnel$/, 'internal service exposed'],
  [/^data\./, 'data leaving its system'],
  [/^destructive\.(?:sql-drop|sql-truncate|sql-delete-all)$/, 'destructive SQL'],
  [/^destructive\.force-push$/, 'force push'],
  [/^destructive\.delete-backups$/, 'backups deleted'],
  [/^destructive\./, 'destructive command'],
  [/^link\./, 'disguised link'],
  [/^mention\./, 'mass mention'],
  [/^judge\./, 'flagged by the model review'],
];

export function findingLabel(finding: Pick<Finding, 'rule' | 'category'>): string {
  return LABELS.find(([pattern]) => pattern.test(finding.rule))?.[1] ?? finding.category.replace('_', ' ');
}

/** Undefined when there is nothing to summarize. Notes alone are summarized as notes. */
export function riskSummary(
  findings: readonly Pick<Finding, 'rule' | 'category' | 'severity'>[],
): string | undefined {
  const serious = findings.filter((finding) => finding.severity !== 'note');
  const shown = serious.length > 0 ? serious : findings;
  if (shown.length === 0) return undefined;
  const ranked = [...shown].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const labels = [...new Set(ranked.map(findingLabel))];
  const noun =
    serious.length > 0
      ? labels.length === 1
        ? 'thing to check'
        : 'things to check'
      : labels.length === 1
        ? 'note'
        : 'notes';
  const blocked = ranked.some((finding) => finding.severity === 'block') ? ' (blocks publishing)' : '';
  return `${labels.length} ${noun}${blocked}: ${labels.join(', ')}`;
}
