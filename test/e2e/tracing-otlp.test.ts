/**
 * Traces from a real `draftgate start` (the sandbox): with OTEL_EXPORTER_OTLP_ENDPOINT set, a request → approve
 * flow's six spans arrive at an OTLP/HTTP collector (a fake one on 127.0.0.1) as one trace; without it, the same
 * flow loads no OpenTelemetry SDK module (only the no-op `@opentelemetry/api`, which prom-client requires
 * regardless). A module hook (test/support/record-otel-modules.mjs) records every `@opentelemetry/` module the
 * process resolves or requires.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DraftgateProcess } from '../support/draftgate-process.js';
import { repoRoot } from '../support/run-cli.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const dir = mkdtempSync(join(tmpdir(), 'draftgate-otel-'));
const RECORDER = ['--import', join(repoRoot, 'test/support/record-otel-modules.mjs')];

/** An OTLP/HTTP traces receiver: keeps every JSON export posted to /v1/traces. */
async function fakeCollector(): Promise<{
  server: Server;
  url: string;
  exports: OtlpExport[];
  types: string[];
}> {
  const exports: OtlpExport[] = [];
  const types: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        types.push(String(req.headers['content-type']));
        exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no collector address');
  return { server, url: `http://127.0.0.1:${address.port}`, exports, types };
}

/** The seeded question, requested by alice and approved by her, over the sandbox API. Returns the draft id. */
async function requestAndApprove(url: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const state = (await (await fetch(`${url}/sandbox/api/state?inbox=alice`)).json()) as {
    messages: { id: string; text: string }[];
  };
  const question = state.messages.find((m) => m.text.includes('feature flag'));
  if (!question) throw new Error('the seeded feature-flag question is missing');
  const requested = await post('/sandbox/api/request', { user: 'alice', message: question.id });
  expect(requested).toMatchObject({ ok: true, state: 'pending' });
  const draftId = String(requested.draftId);
  const approved = await post('/sandbox/api/approve', {
    user: 'alice',
    draftId,
    version: 1,
    confirmed: false,
  });
  expect(approved).toMatchObject({ ok: true, state: 'published' });
  return draftId;
}

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value.stringValue;

describe('OpenTelemetry in a running draftgate', { timeout: 180_000 }, () => {
  const processes: DraftgateProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without OTEL_EXPORTER_OTLP_ENDPOINT, a full flow loads no OpenTelemetry SDK module', async () => {
    const log = join(dir, 'modules-off.log');
    const draftgate = await DraftgateProcess.start({
      name: 'no-otel',
      env: { DRAFTGATE_MODULE_LOG: log },
      nodeArgs: RECORDER,
    });
    processes.push(draftgate);
    await requestAndApprove(draftgate.url);
    await draftgate.stop();
    expect(await draftgate.kill()).toMatchObject({ code: 0 });
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // draftgate's code imports no OpenTelemetry module (no ES module resolution under @opentelemetry/).
    expect(loaded.filter((line) => line.startsWith('import '))).toEqual([]);
    // prom-client requires the no-op API package @opentelemetry/api for exemplars (it always has); no SDK,
    // resource or exporter module is loaded. The recorder does see the API, which shows that it works.
    expect(loaded.some((line) => line.includes('/@opentelemetry/api/'))).toBe(true);
    expect(loaded.filter((line) => !line.includes('/node_modules/@opentelemetry/api/'))).toEqual([]);
    expect(draftgate.logs().some((line) => line.msg.startsWith('tracing:'))).toBe(false);
  });

  it('with it, the flow exports six spans in one trace to the OTLP/HTTP endpoint', async () => {
    const collector = await fakeCollector();
    try {
      const log = join(dir, 'modules-on.log');
      const draftgate = await DraftgateProcess.start({
        name: 'otel',
        env: {
          DRAFTGATE_MODULE_LOG: log,
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_SERVICE_NAME: 'draftgate-e2e',
        },
        nodeArgs: RECORDER,
      });
      processes.push(draftgate);
      const draftId = await requestAndApprove(draftgate.url);
      // SIGTERM: draftgate drains, then exports the spans still buffered before it exits.
      await draftgate.stop();
      expect(await draftgate.kill()).toMatchObject({ code: 0 });

      expect(readFileSync(log, 'utf8')).toMatch(/@opentelemetry\/sdk-trace-base/);
      expect(collector.types.every((type) => type.startsWith('application/json'))).toBe(true);
      const resources = collector.exports.flatMap((e) => e.resourceSpans);
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource.resource.attributes).toContainEqual({
          key: 'service.name',
          value: { stringValue: 'draftgate-e2e' },
        });
      }
      const spans = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      expect(spans.map((span) => span.name).sort()).toEqual(
        ['agent', 'card', 'decision', 'publish', 'request', 'risk_review'].map((step) => `draftgate.${step}`),
      );
      expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
      expect(spans.every((span) => attribute(span, 'draftgate.draft_id') === draftId)).toBe(true);
      const request = spans.find((span) => span.name === 'draftgate.request');
      expect(request?.parentSpanId ?? '').toBe('');
      const decision = spans.find((span) => span.name === 'draftgate.decision');
      expect(decision?.parentSpanId).toBe(request?.spanId);
      expect(spans.find((span) => span.name === 'draftgate.publish')?.parentSpanId).toBe(decision?.spanId);
    } finally {
      await new Promise((resolve) => collector.server.close(resolve));
    }
  });
});
