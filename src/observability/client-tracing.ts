import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import type * as OpenTelemetryInterceptors from '@temporalio/interceptors-opentelemetry';
import type { ObservabilityConfig } from '../config/env.ts';
import { activeTracing, startTracing } from './tracing.ts';

/**
 * The client's side of a trace: starting a workflow, an update (a goal) or a signal opens a span and
 * sends its context in the call's headers, so the workflow's spans continue the caller's trace.
 */
export function clientTracingInterceptors(observability: ObservabilityConfig): ClientInterceptors {
  if (!startTracing(observability)) return {};
  // Required only when tracing is on (see tracing.ts): the client module stays light for the CLI.
  const { OpenTelemetryWorkflowClientInterceptor } = createRequire(import.meta.url)(
    '@temporalio/interceptors-opentelemetry',
  ) as typeof OpenTelemetryInterceptors;
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Sends buffered spans; a CLI process exits right after its call. */
export async function flushTraces(): Promise<void> {
  await activeTracing()
    ?.flush()
    .catch(() => undefined);
}
