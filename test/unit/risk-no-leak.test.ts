/** secretlint's process-wide profiler would keep ~60 performance marks per scan forever; draftgate drops them. */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { riskSchema } from '../../src/config/schema.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';

describe('risk review in a long-running process', () => {
  it('leaves no performance marks behind, however many drafts it scans', async () => {
    const reviewer = createRiskReviewer(riskSchema.parse({}));
    await reviewer.review('warm-up');
    const before = performance.getEntriesByType('mark').length;
    for (let i = 0; i < 50; i++)
      await reviewer.review(`Draft ${i}: run kubectl get pods -n api and read the logs.`);
    expect(performance.getEntriesByType('mark').length).toBe(before);
  });
});
