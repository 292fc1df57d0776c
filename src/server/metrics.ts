/**
 * Prometheus metrics, fed by the Gate as a GateObserver, served at `GET /metrics`.
 * The registry is injected: nothing registers on prom-client's global default registry.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditEventInput, AuditEventType } from '../core/audit-event.js';
import type { Draft, Finding } from '../core/draft.js';
import type { GateObserver } from '../core/ports.js';
import type { Route } from './route.js';

/** Audit event type → the `outcome` label of `draftgate_drafts_total`. */
const OUTCOMES: Partial<Record<AuditEventType, string>> = {
  published: 'published',
  discarded: 'discarded',
  expired: 'expired',
  agent_failed: 'failed',
  retracted: 'retracted',
  publish_failed: 'publish_failed',
  publish_unknown: 'publish_unknown',
  denied: 'denied',
  stale_click: 'stale_click',
};

/** Decisions that end the wait for a human: measured from the draft's creation. */
const DECISIONS: Partial<Record<AuditEventType, string>> = {
  approved: 'approved',
  discarded: 'discarded',
  expired: 'expired',
};

export interface GateMetricsOptions {
  registry: Registry;
  /** Also collect the process metrics (CPU, memory, event loop lag) on the same registry. */
  processMetrics?: boolean;
}

export class GateMetrics implements GateObserver {
  readonly registry: Registry;
  private readonly events: Counter<'type'>;
  private readonly outcomes: Counter<'outcome'>;
  private readonly decisionSeconds: Histogram<'decision'>;
  private readonly publishFailures: Counter<'kind'>;
  private readonly findings: Counter<'rule' | 'severity'>;
  private readonly approved: Counter<'edited'>;
  private readonly editRatio: Gauge;
  private approvedTotal = 0;
  private approvedEdited = 0;

  constructor(options: GateMetricsOptions) {
    this.registry = options.registry;
    const registers = [options.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: options.registry, prefix: 'draftgate_' });
    this.events = new Counter({
      name: 'draftgate_audit_events_total',
      help: 'Audit events recorded, by type.',
      labelNames: ['type'],
      registers,
    });
    this.outcomes = new Counter({
      name: 'draftgate_drafts_total',
      help: 'Draft outcomes: published, discarded, expired, failed (agent), retracted, publish_failed, publish_unknown, and refused actions (denied, stale_click).',
      labelNames: ['outcome'],
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
    this.editRatio = new Gauge({
      name: 'draftgate_edit_ratio',
      help: 'Share of approved drafts that a human edited before approving (since this process started).',
      registers,
    });
    // Both label values exist from the start, so that rate() and the ratio have a series to work on.
    this.approved.inc({ edited: 'true' }, 0);
    this.approved.inc({ edited: 'false' }, 0);
    this.publishFailures.inc({ kind: 'failed' }, 0);
    this.publishFailures.inc({ kind: 'unknown' }, 0);
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
    const outcome = OUTCOMES[event.type];
    if (outcome) this.outcomes.inc({ outcome });
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
      const edited = draft.text !== draft.originalText;
      this.approved.inc({ edited: String(edited) });
      this.approvedTotal += 1;
      if (edited) this.approvedEdited += 1;
      this.editRatio.set(this.approvedEdited / this.approvedTotal);
    }
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
