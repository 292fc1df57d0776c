/**
 * The risk review's cost over a process's life: batches of scans of the 1 KB draft, with the event loop turning
 * between scans as it does in the server (so that PerformanceObserver callbacks run). The cost per scan must stay
 * flat from the first batch to the last, and so must the heap; secretlint's profiler once made it grow with
 * every scan (see src/core/risk/secretlint-scan.ts).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { riskSchema } from '../../src/config/schema.js';
import { evaluateCorpus, parseEvalCorpus } from '../../src/core/risk/risk-eval.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { TEXT_1KB, unique } from '../lib/fixtures.js';

export interface RiskScanResult {
  batch: number;
  batches: { scans: number; msPerScan: number; heapMb: number }[];
  /** One review of a realistic 4 KB agent reply (prose, commands, a manifest, a few findings). */
  latency4kb: { samples: number; p50: number; p99: number; max: number };
  /** `risk eval` on the public corpus, in-process. */
  evalCorpus: { items: number; itemsPerSecond: number };
}

const DRAFT_4KB_PARTS = [
  'Thanks for the details. The 403 comes from the bucket policy: the uploader role only has s3:PutObject on the incoming/ prefix, and the job now writes to processed/. Two options, from safest to quickest:\n\n',
  '1. Extend the policy to the new prefix:\n```json\n{\n  "Effect": "Allow",\n  "Action": ["s3:PutObject"],\n  "Resource": "arn:aws:s3:::acme-uploads/processed/*"\n}\n```\n',
  '2. Or run `aws s3api get-bucket-policy --bucket acme-uploads` first to see what is there; do not make the bucket public.\n\n',
  'For the Kubernetes side, check the pods with `kubectl get pods -n ingest -o wide` and the logs with `kubectl logs deploy/ingest -n ingest --since=1h`. If the worker is stuck, `kubectl rollout restart deployment/ingest -n ingest` is enough.\n\n',
  '```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ingest\ndata:\n  username: aW5nZXN0\n  region: ZXUtd2VzdC0x\n```\n',
  'Then rebuild: `rm -rf node_modules dist && npm ci && npm run build`. The migration adds a nullable column and backfills it in batches of 10k; add the index concurrently in a separate migration. ',
  'See [the runbook](https://wiki.acme.com/runbooks/ingest) and ping @oncall-data if the backlog grows past 10k messages. ',
];

function realistic4kb(): string {
  let text = '';
  for (let i = 0; text.length < 4096; i += 1) text += DRAFT_4KB_PARTS[i % DRAFT_4KB_PARTS.length];
  return text.slice(0, 4096);
}

async function measure4kb(samples: number): Promise<RiskScanResult['latency4kb']> {
  const reviewer = createRiskReviewer(riskSchema.parse({}));
  const draft = realistic4kb();
  for (let i = 0; i < 50; i += 1) await reviewer.review(unique(draft));
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const text = unique(draft);
    const started = performance.now();
    await reviewer.review(text);
    times.push(performance.now() - started);
    await turn();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { samples, p50: at(0.5), p99: at(0.99), max: times.at(-1) ?? Number.NaN };
}

async function measureEval(): Promise<RiskScanResult['evalCorpus']> {
  const items = parseEvalCorpus(
    readFileSync(new URL('../../test/fixtures/risk/corpus.jsonl', import.meta.url), 'utf8'),
  );
  await evaluateCorpus(createRiskReviewer(riskSchema.parse({})), items);
  // A fresh reviewer for the measured pass: the warm-up's remembered secret scans must not make it cheaper.
  const reviewer = createRiskReviewer(riskSchema.parse({}));
  const started = performance.now();
  await evaluateCorpus(reviewer, items);
  return { items: items.length, itemsPerSecond: items.length / ((performance.now() - started) / 1000) };
}

export async function measureRiskScans(batches: number, batch: number): Promise<RiskScanResult> {
  const reviewer = createRiskReviewer(riskSchema.parse({}));
  const out: RiskScanResult['batches'] = [];
  for (let b = 0; b < batches; b += 1) {
    const started = performance.now();
    for (let i = 0; i < batch; i += 1) {
      const findings = await reviewer.review(unique(TEXT_1KB));
      if (findings.length > 0) throw new Error('the benchmark text must be benign');
      await turn();
    }
    out.push({
      scans: (b + 1) * batch,
      msPerScan: (performance.now() - started) / batch,
      heapMb: process.memoryUsage().heapUsed / (1024 * 1024),
    });
  }
  return { batch, batches: out, latency4kb: await measure4kb(batch), evalCorpus: await measureEval() };
}
