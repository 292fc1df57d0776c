/**
 * The risk review's cost over a process's life: batches of scans of the 1 KB draft, with the event loop turning
 * between scans as it does in the server (so that PerformanceObserver callbacks run). The cost per scan must stay
 * flat from the first batch to the last, and so must the heap; secretlint's profiler once made it grow with
 * every scan (see src/core/risk/secretlint-scan.ts).
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { riskSchema } from '../../src/config/schema.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { TEXT_1KB } from '../lib/fixtures.js';

export interface RiskScanResult {
  batch: number;
  batches: { scans: number; msPerScan: number; heapMb: number }[];
}

export async function measureRiskScans(batches: number, batch: number): Promise<RiskScanResult> {
  const reviewer = createRiskReviewer(riskSchema.parse({}));
  const out: RiskScanResult['batches'] = [];
  for (let b = 0; b < batches; b += 1) {
    const started = performance.now();
    for (let i = 0; i < batch; i += 1) {
      const findings = await reviewer.review(TEXT_1KB);
      if (findings.length > 0) throw new Error('the benchmark text must be benign');
      await turn();
    }
    out.push({
      scans: (b + 1) * batch,
      msPerScan: (performance.now() - started) / batch,
      heapMb: process.memoryUsage().heapUsed / (1024 * 1024),
    });
  }
  return { batch, batches: out };
}
