/**
 * The offline demo agent: canned, deterministic replies, each labelled as a demo on its first line, so that the
 * sandbox works with nothing configured. One scenario gives plausible but dangerous permission advice on purpose,
 * so that a new user sees the risk review flag it before anything can be published.
 */
import type { Agent, AgentRequest, AgentResult } from '../core/ports.js';

export const DEMO_LABEL = '[demo agent: canned reply, not AI]';

type ScenarioName = 'access' | 'cleanup' | 'logs' | 'rollback' | 'fallback';

interface Scenario {
  name: ScenarioName;
  /** Matched against the question (and the thread context). */
  keywords: RegExp;
  reply: string;
  /** The variant for feedback that asks for something safer or says the advice was wrong. */
  safer: string;
  shorter: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'access',
    keywords:
      /\b(?:access|permission|permissions|denied|forbidden|can't see|cannot see|can not see|unauthori[sz]ed|grant|dashboard|users?_pii)\b/i,
    reply: [
      'This is a permissions problem: the analytics role has no rights on the table behind the dashboard.',
      'The quickest fix is to grant the team full access:',
      '```sql',
      'GRANT ALL ON users_pii TO analytics_team;',
      '```',
      'If the dashboard also reads the raw exports, make the bucket public-read:',
      '```',
      'aws s3api put-bucket-acl --bucket analytics-exports --acl public-read',
      '```',
      'Failing that, add them to the admins group and they will see everything.',
    ].join('\n'),
    safer: [
      'Revised: users_pii holds personal data, so nobody should get blanket access to it.',
      '1. Ask the data owner to approve access through the access request process.',
      '2. Meanwhile, point the dashboard at the masked view `analytics.users_masked`, which has no direct identifiers.',
      '3. Leave bucket ACLs and admin groups unchanged.',
    ].join('\n'),
    shorter: 'Quick fix: `GRANT ALL ON users_pii TO analytics_team;` and the dashboard works again.',
  },
  {
    name: 'cleanup',
    keywords:
      /\b(?:disk|space|full|cache|stuck|crash\w*|restart\w*|hung|hanging|evicted|pod|pods|no space)\b/i,
    reply: [
      'Looks like the build cache filled the disk, and the pod is stuck because of it.',
      'Free the space and reset the pod:',
      '```',
      'rm -rf /var/cache/build/*',
      'kubectl delete pod build-agent-0 -n ci',
      '```',
      'The StatefulSet recreates the pod within a minute.',
    ].join('\n'),
    safer: [
      'Revised, safer: first see what uses the space, and let the tools clean up what they own.',
      '```',
      'du -sh /var/cache/build/* | sort -h | tail',
      'docker builder prune --filter until=72h',
      'kubectl rollout restart statefulset/build-agent -n ci',
      '```',
      'Nothing is deleted by hand, and the restart is visible in the rollout history.',
    ].join('\n'),
    shorter:
      'Clear the cache with `rm -rf /var/cache/build/*`, then `kubectl delete pod build-agent-0 -n ci`.',
  },
  {
    name: 'logs',
    keywords: /\b(?:logs?|logging|debug\w*|error|errors|trace|query|queries|count|how many|sql|select)\b/i,
    reply: [
      'You can look at this without changing anything.',
      'Recent logs of the service:',
      '```',
      'kubectl logs deploy/payments-api -n payments --since=1h --tail=200',
      '```',
      'And a read-only query for the failing requests:',
      '```sql',
      "SELECT status, count(*) FROM requests WHERE created_at > now() - interval '1 hour' GROUP BY status;",
      '```',
    ].join('\n'),
    safer: [
      'Revised: both steps are read-only; to be extra careful, run the query on the read replica.',
      '```',
      'kubectl logs deploy/payments-api -n payments --since=1h --tail=200',
      '```',
    ].join('\n'),
    shorter:
      'Check `kubectl logs deploy/payments-api -n payments --since=1h` and count the errors by status.',
  },
  {
    name: 'rollback',
    keywords: /\b(?:roll ?back|rollback|revert\w*|undo|feature ?flags?|flags?|toggle)\b/i,
    reply: [
      'Roll the flag back in the flag service rather than redeploying: it is the fastest and the most reversible step.',
      '1. In the flag service, open the flag, look at its audit history and restore the previous targeting rules.',
      '2. Watch the error rate and latency dashboards for ten minutes to confirm the change took.',
      '3. Leave a note in the incident channel with the flag name, what you restored and when.',
      'If the flag is read at start-up only, restart the service after restoring it: `kubectl rollout restart deployment/<service> -n <namespace>`.',
    ].join('\n'),
    safer: [
      'Revised: restore the flag for a small share of traffic first (say 5%), watch the dashboards, then widen it.',
      'Ask the flag owner before changing it, and record what you changed in the incident channel.',
    ].join('\n'),
    shorter:
      'Restore the previous targeting rules of the flag in the flag service, then watch the dashboards.',
  },
  {
    name: 'fallback',
    keywords: /[\s\S]/,
    reply: [
      'I do not have a canned answer for this one.',
      'Three things usually help: say what you expected and what happened instead, paste the exact error message,',
      'and mention what changed recently (deploys, config, access).',
    ].join('\n'),
    safer: 'Revised: I have no reliable answer here; please ask the owning team directly.',
    shorter: 'No canned answer; please share the exact error message.',
  },
];

export class DemoAgent implements Agent {
  readonly name: string;

  constructor(name = 'demo') {
    this.name = name;
  }

  async draft(request: AgentRequest, signal: AbortSignal): Promise<AgentResult> {
    if (signal.aborted) return { ok: false, code: 'aborted', reason: 'the demo agent was cancelled' };
    const scenario = pickScenario(request.question);
    return { ok: true, text: `${DEMO_LABEL}\n${body(scenario, request.previous?.feedback)}` };
  }
}

function pickScenario(question: string): Scenario {
  const found = SCENARIOS.find((scenario) => scenario.keywords.test(question));
  // The fallback matches any text, and an empty question gets it too.
  return found ?? (SCENARIOS[SCENARIOS.length - 1] as Scenario);
}

function body(scenario: Scenario, feedback: string | undefined): string {
  // The feedback picks the variant; it is never copied into the text, which may be published: feedback is the
  // reviewer's private note to the agent.
  if (feedback === undefined) return scenario.reply;
  if (
    /\b(?:pii|personal|wrong|incorrect|unsafe|safer|safe|danger\w*|risk\w*|secure|least|privilege|careful)\b/i.test(
      feedback,
    )
  ) {
    return scenario.safer;
  }
  if (/\b(?:short\w*|brief\w*|concise|tl;?dr|less)\b/i.test(feedback)) return scenario.shorter;
  return scenario.reply;
}
