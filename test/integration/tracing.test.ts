/**
 * OpenTelemetry traces of a draft's flow, exported to an in-memory exporter: request → agent → risk review → card
 * → decision → publish, six spans in one trace per draft, linked by `draftgate.draft_id`. The request and the
 * approval run on two Gates (two replicas, each with its own tracer provider) over one real Redis, as they do in
 * production when another replica receives the click: the spans still form one tree.
 */
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateObserver } from '../../src/core/ports.js';
import { createTracing, DRAFT_ID_ATTRIBUTE, draftTraceId, requestSpanId } from '../../src/server/tracing.js';
import type { GateTracing } from '../../src/server/tracing-switch.js';
import { alice, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';

const STEPS = ['request', 'agent', 'risk_review', 'card', 'decision', 'publish'];

function replicaTracing(): { exporter: InMemorySpanExporter; tracing: GateTracing; observer: GateObserver } {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({
    serviceName: 'draftgate',
    version: '0.0.0-test',
    processor: new SimpleSpanProcessor(exporter),
  });
  return { exporter, tracing, observer: { onEvent: () => {}, step: tracing.step } };
}

const stepOf = (span: ReadableSpan) => String(span.attributes['draftgate.step']);

describe('traces of the Gate flow (in-memory exporter)', () => {
  const fixtures: GateFixture[] = [];
  const tracings: GateTracing[] = [];
  afterEach(async () => {
    for (const tracing of tracings.splice(0)) await tracing.shutdown();
    // Both replicas share one store: close it once.
    await fixtures[0]?.close();
    fixtures.splice(0);
  });

  it('one trace per flow with the six spans, linked by draft id, across two replicas', async () => {
    const one = replicaTracing();
    const two = replicaTracing();
    tracings.push(one.tracing, two.tracing);
    const replica1 = await gateFixture('redis', { observer: one.observer });
    const replica2 = await gateFixture('redis', {
      observer: two.observer,
      stores: replica1.stores,
      clock: replica1.clock,
    });
    fixtures.push(replica1, replica2);

    const drafts: string[] = [];
    for (const question of ['How do I read the api logs?', 'Why is CI red?']) {
      const requested = await replica1.gate.request({ target, requester: alice, question, source: 'slash' });
      if (!requested.ok) throw new Error(requested.message);
      const approved = await replica2.gate.approve({
        draftId: requested.draft.id,
        version: requested.draft.version,
        actor: alice,
        confirmed: false,
      });
      expect(approved).toMatchObject({ ok: true, draft: { state: 'published' } });
      drafts.push(requested.draft.id);
    }

    const spans = [...one.exporter.getFinishedSpans(), ...two.exporter.getFinishedSpans()];
    expect(spans).toHaveLength(12);
    const traceIds = new Set(spans.map((span) => span.spanContext().traceId));
    expect(traceIds.size).toBe(2);

    for (const draftId of drafts) {
      const flow = spans.filter((span) => span.attributes[DRAFT_ID_ATTRIBUTE] === draftId);
      expect(flow.map(stepOf).sort()).toEqual([...STEPS].sort());
      expect(flow.map((span) => span.name).sort()).toEqual(STEPS.map((step) => `draftgate.${step}`).sort());
      // One trace, whose id is derived from the draft id: any replica finds it without asking another.
      expect(new Set(flow.map((span) => span.spanContext().traceId))).toEqual(
        new Set([draftTraceId(draftId)]),
      );

      const byStep = new Map(flow.map((span) => [stepOf(span), span]));
      const span = (step: string) => {
        const found = byStep.get(step);
        if (!found) throw new Error(`no ${step} span`);
        return found;
      };
      const parentOf = (step: string) => span(step).parentSpanContext?.spanId;
      // The request is the root; its id is derived too, so the decision on the other replica hangs under it.
      expect(span('request').parentSpanContext).toBeUndefined();
      expect(span('request').spanContext().spanId).toBe(requestSpanId(draftId));
      for (const step of ['agent', 'risk_review', 'card', 'decision']) {
        expect(parentOf(step), step).toBe(requestSpanId(draftId));
      }
      expect(parentOf('publish')).toBe(span('decision').spanContext().spanId);

      // Which replica recorded what: the request side on the first, the decision side on the second.
      const recordedBy1 = one.exporter
        .getFinishedSpans()
        .filter((s) => s.attributes[DRAFT_ID_ATTRIBUTE] === draftId);
      expect(recordedBy1.map(stepOf).sort()).toEqual(['agent', 'card', 'request', 'risk_review']);
      expect(span('request').attributes['draftgate.source']).toBe('slash');
      expect(span('decision').attributes['draftgate.action']).toBe('approve');
      expect(span('publish').attributes['draftgate.outcome']).toBe('ok');
      expect(span('request').resource.attributes['service.name']).toBe('draftgate');
    }
  });

  it("a step's failure is on its span: an agent's typed failure as the outcome, a thrown error as the status", async () => {
    const one = replicaTracing();
    tracings.push(one.tracing);
    let calls = 0;
    const f = await gateFixture('memory', {
      observer: one.observer,
      agent: {
        name: 'flaky',
        draft: () => {
          calls += 1;
          // The first call fails as the contract says (a typed result); the second is a bug that throws anyway.
          if (calls === 1) return Promise.resolve({ ok: false, code: 'timeout', reason: 'no answer in 5 s' });
          return Promise.reject(new Error('agent crashed'));
        },
      },
    });
    fixtures.push(f);
    for (const question of ['Why?', 'Why not?']) {
      const result = await f.gate.request({ target, requester: alice, question, source: 'slash' });
      expect(result.ok).toBe(false);
    }
    const agents = one.exporter.getFinishedSpans().filter((span) => stepOf(span) === 'agent');
    expect(agents).toHaveLength(2);
    expect(agents[0]?.attributes['draftgate.outcome']).toBe('timeout');
    expect(agents[0]?.status.code).toBe(0);
    expect(agents[1]?.status).toMatchObject({ code: 2, message: 'agent crashed' });
    expect(agents[1]?.events.map((event) => event.name)).toEqual(['exception']);
    const requests = one.exporter.getFinishedSpans().filter((span) => stepOf(span) === 'request');
    expect(requests.map((span) => span.attributes['draftgate.outcome'])).toEqual(['agent_failed', undefined]);
  });
});
