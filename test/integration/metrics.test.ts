/**
 * GET /metrics counts move as drafts go through the real Gate (Redis store, demo agent, risk review, the sandbox's
 * ChatPlatform). The clock is moved by hand, so the decision-time histogram lands in known buckets.
 */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAdapter, type SandboxAdapter } from '../../adapters/sandbox/index.js';
import { DemoAgent } from '../../src/agents/demo-agent.js';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import type { Actor } from '../../src/core/draft.js';
import { Gate } from '../../src/core/gate/index.js';
import type { GateResult } from '../../src/core/gate-types.js';
import { Policy } from '../../src/core/policy.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.js';
import { GateMetrics, metricsRoute } from '../../src/server/metrics.js';
import { ManualClock } from '../support/clock.js';
import { testStores } from '../support/stores.js';

const logger = pino({ level: 'silent' });
const actor = (id: string): Actor => ({ id, platform: 'sandbox', workspace: 'sandbox', roles: [] });

describe('GET /metrics', () => {
  const clock = new ManualClock();
  let stores: Awaited<ReturnType<typeof testStores>>;
  let gate: Gate;
  let sandbox: SandboxAdapter;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    stores = await testStores('redis', clock);
    const registry = new Registry();
    const metrics = new GateMetrics({
      registry,
      processMetrics: true,
      version: '1.2.3-test',
      store: { kind: stores.kind, ping: () => stores.drafts.ping() },
    });
    gate = new Gate({
      store: stores.drafts,
      audit: stores.audit,
      policy: new Policy(policySchema.parse({})),
      agent: metrics.timeAgent(new DemoAgent(), 'demo'),
      risk: createRiskReviewer(riskSchema.parse({})),
      logger,
      clock,
      observer: metrics,
      keepFinishedMs: 3_600_000,
      agentTimeoutMs: 5_000,
    });
    sandbox = createSandboxAdapter({ gate, audit: stores.audit, logger, clock });
    gate.attach(sandbox.chat);
    server = createHttpServer([metricsRoute(registry)], logger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });

  afterAll(async () => {
    await sandbox?.stop();
    await server?.close();
    await stores?.redis?.quit();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return await res.text();
  }

  /** The sample's value, 0 when the series does not exist yet. */
  function sample(text: string, series: string): number {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  }

  /** Asks for a reply to a seeded post (the first whose text matches). */
  async function requestFor(match: RegExp, requester = 'alice'): Promise<GateResult & { ok: true }> {
    const post = sandbox.workspace.listMessages().find((m) => match.test(m.text));
    if (!post) throw new Error(`no seeded post matches ${match}`);
    const result = await gate.request({
      target: {
        platform: 'sandbox',
        workspace: 'sandbox',
        channel: post.channel,
        channelName: 'eng-help',
        thread: post.id,
        message: post.id,
      },
      requester: actor(requester),
      question: post.text,
      source: 'sandbox',
    });
    if (!result.ok) throw new Error(`request failed: ${result.code} ${result.message}`);
    return result;
  }

  it('serves the conventional names: unprefixed process metrics, build info, store up, no ratio gauge', async () => {
    const text = await scrape();
    const names = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(names, name).toContain(name);
    }
    expect([...names].filter((n) => /^draftgate_(process|nodejs)_/.test(n ?? ''))).toEqual([]);
    expect(sample(text, 'draftgate_build_info{version="1.2.3-test"}')).toBe(1);
    expect(sample(text, 'draftgate_store_up{store="redis"}')).toBe(1);
    for (const name of [
      'draftgate_drafts_finished_total',
      'draftgate_refusals_total',
      'draftgate_agent_duration_seconds',
      'draftgate_decision_seconds',
      'draftgate_publish_failures_total',
      'draftgate_risk_findings_total',
      'draftgate_approved_drafts_total',
      'draftgate_audit_events_total',
    ]) {
      expect(names, name).toContain(name);
    }
    expect([...names].filter((n) => /(^|_)ratio(_|$)/.test(n ?? ''))).toEqual([]);
    expect(names).not.toContain('draftgate_drafts_total');
  });

  it('counts end states, agent time, decision times, risk findings and refusals as flows happen', async () => {
    const before = await scrape();
    expect(sample(before, 'draftgate_drafts_finished_total{state="published"}')).toBe(0);

    // 1. A plain request, approved after 20 s: published, not edited.
    const plain = await requestFor(/feature flag/);
    clock.advance(20_000);
    const published = await gate.approve({
      draftId: plain.draft.id,
      version: plain.draft.version,
      actor: actor('alice'),
      confirmed: false,
    });
    expect(published.ok).toBe(true);

    let text = await scrape();
    expect(sample(text, 'draftgate_drafts_finished_total{state="published"}')).toBe(1);
    expect(sample(text, 'draftgate_agent_duration_seconds_count{provider="demo",outcome="ok"}')).toBe(1);
    expect(sample(text, 'draftgate_audit_events_total{type="requested"}')).toBe(1);
    expect(sample(text, 'draftgate_decision_seconds_count{decision="approved"}')).toBe(1);
    expect(sample(text, 'draftgate_decision_seconds_bucket{le="15",decision="approved"}')).toBe(0);
    expect(sample(text, 'draftgate_decision_seconds_bucket{le="30",decision="approved"}')).toBe(1);
    expect(sample(text, 'draftgate_approved_drafts_total{edited="false"}')).toBe(1);

    // 2. The risky permissions question: its findings are counted by rule.
    const risky = await requestFor(/users table/);
    expect(risky.draft.findings.length).toBeGreaterThan(0);
    text = await scrape();
    const rules = new Set(risky.draft.findings.map((f) => `${f.rule}|${f.severity}`));
    for (const key of rules) {
      const [rule, severity] = key.split('|');
      const expected = risky.draft.findings.filter((f) => f.rule === rule && f.severity === severity).length;
      expect(
        sample(text, `draftgate_risk_findings_total{rule="${rule}",severity="${severity}"}`),
        `findings of ${rule}`,
      ).toBe(expected);
    }

    // 3. Bob may not decide on Alice's draft: a denial.
    const denied = await gate.discard({
      draftId: risky.draft.id,
      version: risky.draft.version,
      actor: actor('bob'),
    });
    expect(denied.ok).toBe(false);
    text = await scrape();
    expect(sample(text, 'draftgate_refusals_total{reason="not_an_approver"}')).toBe(1);
    expect(sample(text, 'draftgate_drafts_finished_total{state="discarded"}')).toBe(0);

    // 4. Alice discards it after 10 minutes.
    clock.advance(600_000);
    const discarded = await gate.discard({
      draftId: risky.draft.id,
      version: risky.draft.version,
      actor: actor('alice'),
    });
    expect(discarded.ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'draftgate_drafts_finished_total{state="discarded"}')).toBe(1);
    expect(sample(text, 'draftgate_decision_seconds_count{decision="discarded"}')).toBe(1);
    expect(sample(text, 'draftgate_decision_seconds_bucket{le="300",decision="discarded"}')).toBe(0);
    expect(sample(text, 'draftgate_decision_seconds_bucket{le="600",decision="discarded"}')).toBe(1);

    // A click on the old card (version 1) after the discard: refused as stale.
    const stale = await gate.discard({
      draftId: risky.draft.id,
      version: risky.draft.version,
      actor: actor('alice'),
    });
    expect(stale.ok).toBe(false);
    text = await scrape();
    expect(sample(text, 'draftgate_refusals_total{reason="stale_click"}')).toBe(1);

    // 5. Edited, then approved: counted as edited (the share is computed in PromQL, not a gauge).
    const other = await requestFor(/Postgres 16/);
    const edited = await gate.edit({
      draftId: other.draft.id,
      version: other.draft.version,
      actor: actor('alice'),
      text: 'Run ANALYZE on the export tables after the upgrade; the planner statistics were reset.',
    });
    if (!edited.ok) throw new Error(`edit failed: ${edited.message}`);
    const approved = await gate.approve({
      draftId: other.draft.id,
      version: edited.draft.version,
      actor: actor('alice'),
      confirmed: false,
    });
    expect(approved.ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'draftgate_approved_drafts_total{edited="true"}')).toBe(1);
    expect(sample(text, 'draftgate_approved_drafts_total{edited="false"}')).toBe(1);
    expect(sample(text, 'draftgate_drafts_finished_total{state="published"}')).toBe(2);
    expect(sample(text, 'draftgate_agent_duration_seconds_count{provider="demo",outcome="ok"}')).toBe(3);

    // 6. Retract the first reply: counted, and the publish failure counters stay at zero.
    const retracted = await gate.retract({ draftId: plain.draft.id, actor: actor('alice') });
    expect(retracted.ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'draftgate_drafts_finished_total{state="retracted"}')).toBe(1);
    expect(sample(text, 'draftgate_publish_failures_total{kind="failed"}')).toBe(0);
  });

  it('counts a failed publish as a publish failure', async () => {
    const before = await scrape();
    const draft = await requestFor(/feature flag/);
    // The thread it answers disappears before the approval: the sandbox cannot publish (a definite failure).
    const root = draft.draft.target.thread;
    expect(root).toBeDefined();
    sandbox.workspace.deleteMessage(root ?? '');
    const result = await gate.approve({
      draftId: draft.draft.id,
      version: draft.draft.version,
      actor: actor('alice'),
      confirmed: false,
    });
    expect(result.ok).toBe(false);
    const after = await scrape();
    const failed = 'draftgate_publish_failures_total{kind="failed"}';
    expect(sample(after, failed)).toBe(sample(before, failed) + 1);
    // A failed publish leaves the draft in publish_failed, for Retry or Discard: it is not an end state.
    const published = 'draftgate_drafts_finished_total{state="published"}';
    expect(sample(after, published)).toBe(sample(before, published));
  });
});
