import { createRequire } from 'node:module';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ObservabilityConfig } from '../config/env.ts';

// The SDK is required when tracing starts, not imported: it takes about a second to load on a busy
// machine, which every CLI command would pay with tracing off.
const require = createRequire(import.meta.url);

/** This process's tracing: what the worker's plugin and the client's interceptor need. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends every finished span now (a CLI exits right after its call). */
  flush(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing once per process when an OTLP endpoint is configured: spans go over
 * OTLP/HTTP (JSON) in batches. Undefined when tracing is off; then spans cost nothing (the API's
 * no-op tracer).
 */
export function startTracing(observability: ObservabilityConfig): Tracing | undefined {
  if (!observability.tracesUrl) return undefined;
  if (active) return active;
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { Resource } = require('@opentelemetry/resources') as typeof Resources;
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const resource = new Resource({ 'service.name': observability.serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: observability.tracesUrl }), {
    scheduledDelayMillis: 1_000,
  });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Without a context manager the active span is lost at the first await, and activity spans would
  // not nest under the activity's span from Temporal's interceptor; without the W3C propagator that
  // register() sets, Temporal's interceptors put no trace context in the headers of calls.
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  active = { resource, spanProcessor, flush: () => provider.forceFlush() };
  return active;
}

/** The tracing started in this process, if any. */
export function activeTracing(): Tracing | undefined {
  return active;
}

const tracer = trace.getTracer('synthorg');

/**
 * Runs `work` in a child span of the active one (the activity's span inside an activity). A thrown
 * error marks the span failed and is rethrown unchanged.
 */
export function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
