/**
 * Optional OpenTelemetry traces. With OTEL_EXPORTER_OTLP_ENDPOINT set, `loadTracing` imports ./tracing.js (and with
 * it the OpenTelemetry SDK) dynamically; without it, nothing of OpenTelemetry is loaded. This module itself imports
 * no OpenTelemetry package, only types of its own.
 */
import type { Env } from '../config/env.js';
import type { GateObserver } from '../core/ports.js';

/**
 * The environment variables of tracing (listed in .env.example): the endpoint turns it on, the service name names
 * the spans, and the headers are read by the OTLP exporter itself.
 */
export const TRACING_ENV_KEYS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'OTEL_EXPORTER_OTLP_HEADERS',
] as const;

export interface TracingOptions {
  /** `service.name` of the spans: OTEL_SERVICE_NAME, else `draftgate`. */
  serviceName: string;
  /** `service.version`: the running draftgate. */
  version: string;
}

/** The Gate's `step` hook, backed by an OpenTelemetry tracer provider. */
export interface GateTracing {
  step: NonNullable<GateObserver['step']>;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export function tracingEnabled(env: Env): boolean {
  return (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim() !== '';
}

/** The OTLP/HTTP traces URL: the endpoint + `/v1/traces`, as the OpenTelemetry specification defines it. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.trim().replace(/\/+$/, '')}/v1/traces`;
}

/** Tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK loaded on demand), else undefined. */
export async function loadTracing(env: Env, version: string): Promise<GateTracing | undefined> {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || !tracingEnabled(env)) return undefined;
  const { createTracing } = await import('./tracing.js');
  return createTracing({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'draftgate',
    version,
    url: tracesUrl(endpoint),
  });
}

/** The observer with tracing's `step` hook added (metrics keep receiving every event). */
export function withTracing(observer: GateObserver, tracing: GateTracing | undefined): GateObserver {
  if (!tracing) return observer;
  return {
    onEvent: (event, draft) => observer.onEvent(event, draft),
    step: tracing.step,
  };
}
