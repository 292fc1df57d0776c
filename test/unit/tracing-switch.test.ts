/** When traces are on, and where they go: decided from the environment without loading OpenTelemetry. */
import { describe, expect, it } from 'vitest';
import { loadTracing, tracesUrl, tracingEnabled } from '../../src/server/tracing-switch.js';

describe('tracing switch', () => {
  it('is on only with a non-empty OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(tracingEnabled({ OTEL_SERVICE_NAME: 'draftgate' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(await loadTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, '1.0.0')).toBeUndefined();
  });

  it('sends spans to <endpoint>/v1/traces, with or without a trailing slash', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl(' https://otel.example.com/ingest/ ')).toBe('https://otel.example.com/ingest/v1/traces');
  });
});
