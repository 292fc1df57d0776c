/**
 * OpenTelemetry traces of each draft's flow: request → agent → risk review → card → decision → publish.
 *
 * Loaded only by `loadTracing` (tracing-switch.ts), through a dynamic import, when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set: without it no OpenTelemetry module is ever loaded. The Gate knows nothing of OpenTelemetry; it calls the
 * observer's `step` hook, and this module turns each step into a span.
 *
 * One draft, one trace, even across replicas: the trace id is derived from the draft id (the first 32 hex digits of
 * SHA-256 of it), and so is the `request` span's id. A decision taken later, maybe on another replica, starts its
 * span as a child of that request span, so the whole flow is one tree. No global provider or context manager is
 * registered: the spans nest through an AsyncLocalStorage of this module's own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type IdGenerator,
  RandomIdGenerator,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { GateStep } from '../core/ports.js';
import type { GateTracing, TracingOptions } from './tracing-switch.js';

/** The attribute that links every span of a flow to its draft. */
export const DRAFT_ID_ATTRIBUTE = 'draftgate.draft_id';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The trace id of a draft's flow: the first 32 hex digits of SHA-256 of the draft id. */
export function draftTraceId(draftId: string): string {
  return sha256(draftId).slice(0, 32);
}

/** The span id of a draft's `request` span, so that later steps can name it as their parent. */
export function requestSpanId(draftId: string): string {
  return sha256(`request:${draftId}`).slice(0, 16);
}

/**
 * Random ids, except for the one span being started as a draft's `request` span: `startSpan` asks for its ids
 * synchronously, so `#next` is set just before and cleared just after.
 */
class DraftIdGenerator implements IdGenerator {
  readonly #random = new RandomIdGenerator();
  #next: { traceId: string; spanId: string } | undefined;

  generateTraceId(): string {
    return this.#next?.traceId ?? this.#random.generateTraceId();
  }

  generateSpanId(): string {
    return this.#next?.spanId ?? this.#random.generateSpanId();
  }

  startWith<T>(draftId: string, start: () => T): T {
    this.#next = { traceId: draftTraceId(draftId), spanId: requestSpanId(draftId) };
    try {
      return start();
    } finally {
      this.#next = undefined;
    }
  }
}

/** What a step's result says about its outcome: `ok`, or the failure code of a GateResult or AgentResult. */
function outcomeOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('ok' in result)) return undefined;
  const { ok, code } = result as { ok: unknown; code?: unknown };
  if (ok === true) return 'ok';
  return typeof code === 'string' ? code : 'failed';
}

export interface CreateTracingOptions extends TracingOptions {
  /** Where spans go; default: a batch processor exporting over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT. */
  processor?: SpanProcessor;
  /** The OTLP/HTTP traces URL for the default processor. */
  url?: string;
}

export function createTracing(options: CreateTracingOptions): GateTracing {
  const ids = new DraftIdGenerator();
  const processor =
    options.processor ??
    new BatchSpanProcessor(new OTLPTraceExporter(options.url !== undefined ? { url: options.url } : {}));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.version,
    }),
    idGenerator: ids,
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('draftgate', options.version);
  const current = new AsyncLocalStorage<Span>();

  /** The parent of a new step of this draft: the step it runs inside, else the draft's request span. */
  function parentFor(step: GateStep, draftId: string): Context | undefined {
    const traceId = draftTraceId(draftId);
    const active = current.getStore();
    if (active?.spanContext().traceId === traceId) return trace.setSpan(ROOT_CONTEXT, active);
    if (step === 'request') return undefined;
    return trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: requestSpanId(draftId),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  }

  function startSpan(step: GateStep, draftId: string, attributes: Attributes): Span {
    const parent = parentFor(step, draftId);
    const name = `draftgate.${step}`;
    if (parent) return tracer.startSpan(name, { attributes }, parent);
    return ids.startWith(draftId, () => tracer.startSpan(name, { attributes, root: true }, ROOT_CONTEXT));
  }

  return {
    async step<T>(
      step: GateStep,
      draftId: string,
      run: () => Promise<T>,
      detail?: Readonly<Record<string, string>>,
    ): Promise<T> {
      let span: Span | undefined;
      try {
        const attributes: Attributes = { [DRAFT_ID_ATTRIBUTE]: draftId, 'draftgate.step': step };
        for (const [key, value] of Object.entries(detail ?? {})) attributes[`draftgate.${key}`] = value;
        span = startSpan(step, draftId, attributes);
      } catch {
        // Tracing must never break the Gate: the step runs untraced.
        return await run();
      }
      const open = span;
      try {
        const result = await current.run(open, run);
        const outcome = outcomeOf(result);
        if (outcome !== undefined) open.setAttribute('draftgate.outcome', outcome);
        return result;
      } catch (error) {
        open.recordException(error instanceof Error ? error : String(error));
        open.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        open.end();
      }
    },
    async shutdown(): Promise<void> {
      await provider.shutdown();
    },
  };
}
