/**
 * Prometheus metrics, fed by the Gate as a GateObserver, served at `GET /metrics`.
 * The registry is injected: nothing registers on prom-client's global default registry.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditEventInput, AuditEventType } from '../core/audit-event.js';
import type { Draft, Finding } from '../core/draft.js';
import type { Agent, GateObserver } from '../core/ports.js';
import type { Route } from './route.js';

/** Audit event type → the state a draft ends in: `draftgate_drafts_finished_total{state}`. */
const FINISHED: Partial<Record<AuditEventType, string>> = {
  published: 'published',
  retracted: 'retracted',
  discarded: 'discarded',
  expired: 'expired',
  agent_failed: 'failed',
  publish_unknown: 'publish_unknown',
};

/** Decisions that end the wait for a human: measured from the draft's creation. */
const DECISIONS: Partial<Record<AuditEventType, string>> = {
  approved: 'approved',
  discarded: 'discarded',
  expired: 'expired',
};

/** Refusal reasons are short codes (`not_an_approver`, `rate_limited`…); anything else is `other`, so labels stay few. */
const REASON = /^[a-z][a-z0-9_]{0,47}$/;

export interface GateMetricsOptions {
  registry: Registry;
  /** Also collect the standard Node.js process metrics (unprefixed: `process_*`, `nodejs_*`) on the same registry. */
  processMetrics?: boolean;
  /** `draftgate_build_info{version}`. */
  version?: string;
  /** `draftgate_store_up{store}`: pinged at every scrape (1 when the store answers within a second, else 0). */
  store?: { kind: string; ping(): Promise<void> };
}

export class GateMetrics implements GateObserver {
  readonly registry: Registry;
  private readonly events: Counter<'type'>;
  private readonly finished: Counter<'state'>;
  private readonly refusals: Counter<'reason'>;
  private readonly decisionSeconds: Histogram<'decision'>;
  private readonly publishFailures: Counter<'kind'>;
  private readonly findings: Counter<'rule' | 'severity'>;
  private readonly approved: Counter<'edited'>;
  private readonly agentSeconds: Histogram<'provider' | 'outcome'>;

  constructor(options: GateMetricsOptions) {
    this.registry = options.registry;
    const registers = [options.registry];
    // Unprefixed, as the standard Node.js dashboards and alerts expect.
    if (options.processMetrics) collectDefaultMetrics({ register: options.registry });
    new Gauge({
      name: 'draftgate_build_info',
      help: 'Always 1; the labels say which draftgate version runs.',
      labelNames: ['version'],
      registers,
    }).set({ version: options.version ?? 'unknown' }, 1);
    const store = options.store;
    if (store) {
      new Gauge({
        name: 'draftgate_store_up',
        help: 'Whether the draft store (Redis) answered a PING within a second at scrape time: 1 or 0.',
        labelNames: ['store'],
        registers,
        async collect() {
          this.set({ store: store.kind }, (await answers(store.ping, 1_000)) ? 1 : 0);
        },
      });
    }
    this.events = new Counter({
      name: 'draftgate_audit_events_total',
      help: 'Audit events recorded, by type.',
      labelNames: ['type'],
      registers,
    });
    this.finished = new Counter({
      name: 'draftgate_drafts_finished_total',
      help: 'Drafts entering an end state: published, retracted (after published), discarded, expired, failed (the agent failed), publish_unknown (until reconciled).',
      labelNames: ['state'],
      registers,
    });
    this.refusals = new Counter({
      name: 'draftgate_refusals_total',
      help: 'Refused actions, by reason: the policy denial reason (not_an_approver, rate_limited, …) or stale_click.',
      labelNames: ['reason'],
      registers,
    });
    this.decisionSeconds = new Histogram({
      name: 'draftgate_decision_seconds',
      help: 'Time from the request to the first human decision (approved, discarded) or to expiry, in seconds.',
      labelNames: ['decision'],
      buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    });
    this.publishFailures = new Counter({
      name: 'draftgate_publish_failures_total',
      help: 'Publishes that failed (kind="failed") or whose outcome is unknown (kind="unknown").',
      labelNames: ['kind'],
      registers,
    });
    this.findings = new Counter({
      name: 'draftgate_risk_findings_total',
      help: 'Risk findings raised on drafts, by rule and severity.',
      labelNames: ['rule', 'severity'],
      registers,
    });
    this.approved = new Counter({
      name: 'draftgate_approved_drafts_total',
      help: 'Drafts approved by their first approver; edited="true" when the approved text differs from the agent text.',
      labelNames: ['edited'],
      registers,
    });
    this.agentSeconds = new Histogram({
      name: 'draftgate_agent_duration_seconds',
      help: 'Time the agent took to write a draft, by provider and outcome (ok, or the failure code: timeout, http, …).',
      labelNames: ['provider', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
      registers,
    });
    // Both label values exist from the start, so that rate() has a series to work on.
    this.approved.inc({ edited: 'true' }, 0);
    this.approved.inc({ edited: 'false' }, 0);
    this.publishFailures.inc({ kind: 'failed' }, 0);
    this.publishFailures.inc({ kind: 'unknown' }, 0);
  }

  /** Wraps an agent so that every draft it writes is timed into `draftgate_agent_duration_seconds`. */
  timeAgent(agent: Agent, provider: string): Agent {
    const histogram = this.agentSeconds;
    return {
      name: agent.name,
      async draft(request, signal) {
        const end = histogram.startTimer({ provider });
        let outcome = 'error';
        try {
          const result = await agent.draft(request, signal);
          outcome = result.ok ? 'ok' : result.code;
          return result;
        } finally {
          end({ outcome });
        }
      },
    };
  }

  onEvent(event: AuditEventInput, draft: Draft | undefined): void {
    try {
      this.record(event, draft);
    } catch {
      // An observer must never break the Gate; a metric that cannot be recorded is simply missed.
    }
  }

  private record(event: AuditEventInput, draft: Draft | undefined): void {
    this.events.inc({ type: event.type });
    const state = FINISHED[event.type];
    if (state) this.finished.inc({ state });
    if (event.type === 'denied') {
      const reason = event.detail.reason;
      this.refusals.inc({ reason: typeof reason === 'string' && REASON.test(reason) ? reason : 'other' });
    }
    if (event.type === 'stale_click') this.refusals.inc({ reason: 'stale_click' });
    if (event.type === 'publish_failed') this.publishFailures.inc({ kind: 'failed' });
    if (event.type === 'publish_unknown') this.publishFailures.inc({ kind: 'unknown' });
    if (event.type === 'risk_flagged') {
      for (const finding of findingsOf(event, draft)) {
        this.findings.inc({ rule: finding.rule, severity: finding.severity });
      }
    }
    if (!draft) return;
    const decision = DECISIONS[event.type];
    // A second approver's `approved` is not a new decision: the wait ended with the first approval.
    const firstDecision = event.type !== 'approved' || isFirstApproval(event, draft);
    if (decision && firstDecision) {
      const at = Date.parse(event.at);
      if (Number.isFinite(at) && at >= draft.createdAt) {
        this.decisionSeconds.observe({ decision }, (at - draft.createdAt) / 1000);
      }
    }
    if (event.type === 'approved' && firstDecision) {
      this.approved.inc({ edited: String(draft.text !== draft.originalText) });
    }
  }
}

/** Whether `ping` resolves within `ms` (a Redis that is down may leave a command pending). */
async function answers(ping: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function isFirstApproval(event: AuditEventInput, draft: Draft): boolean {
  if (draft.secondApprovedBy !== undefined && draft.secondApprovedBy === event.actor) return false;
  return draft.approvedBy === undefined || draft.approvedBy === event.actor;
}

/** The findings a `risk_flagged` event reports: its `detail.findings` when present, else the draft's. */
function findingsOf(event: AuditEventInput, draft: Draft | undefined): Pick<Finding, 'rule' | 'severity'>[] {
  const listed = event.detail.findings;
  if (Array.isArray(listed)) {
    return listed.filter(
      (f): f is Pick<Finding, 'rule' | 'severity'> =>
        typeof f === 'object' &&
        f !== null &&
        typeof (f as { rule?: unknown }).rule === 'string' &&
        typeof (f as { severity?: unknown }).severity === 'string',
    );
  }
  return draft?.findings ?? [];
}

/** `GET /metrics` in the Prometheus text format. */
export function metricsRoute(registry: Registry): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
