import { createRequire } from 'node:module';
import type * as OpenTelemetryInterceptors from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { ObservabilityConfig } from '../config/env.ts';
import { registerDatabaseGauges } from './database-gauges.ts';
import { metricsRegistry } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import { traceQueries } from './traced-pool.ts';
import { activeTracing, startTracing } from './tracing.ts';

export interface WorkerObservability {
  /** Spread into Worker.create: the OpenTelemetry plugin when tracing is on. */
  workerOptions: Pick<WorkerOptions, 'plugins'>;
  metricsUrl: string | undefined;
  /** Stops the metrics endpoint and sends the spans still buffered. */
  close(): Promise<void>;
}

let gaugesRegistered = false;

/**
 * Metrics endpoint and tracing for one worker process, as configured. Tracing wraps the pool's queries
 * in spans and adds Temporal's OpenTelemetry plugin (client, workflow and activity interceptors, and a
 * sink that exports workflow spans). A prebuilt workflow bundle must include the plugin's workflow
 * interceptors (`tracingWorkflowInterceptorModules`), or workflow spans are missing.
 */
export async function startWorkerObservability(
  observability: ObservabilityConfig,
  pool: Pool,
  temporalMetricsUrl: string | undefined,
): Promise<WorkerObservability> {
  const tracing = startTracing(observability);
  if (tracing) traceQueries(pool);
  // Required only with tracing on, like the SDK in tracing.ts: a worker without it starts faster.
  const plugins = tracing
    ? [
        new (
          createRequire(import.meta.url)('@temporalio/interceptors-opentelemetry') as typeof OpenTelemetryInterceptors
        ).OpenTelemetryPlugin({ resource: tracing.resource, spanProcessor: tracing.spanProcessor }),
      ]
    : [];
  if (observability.metricsPort === undefined) {
    return { workerOptions: { plugins }, metricsUrl: undefined, close: () => flush() };
  }
  // One process has one registry: the gauges read through the first worker's pool.
  if (!gaugesRegistered) registerDatabaseGauges(metricsRegistry, pool);
  gaugesRegistered = true;
  const server = await startMetricsServer({
    registry: metricsRegistry,
    host: observability.metricsHost,
    port: observability.metricsPort,
    temporalMetricsUrl,
  });
  return {
    workerOptions: { plugins },
    metricsUrl: server.url,
    close: async () => {
      await server.close();
      await flush();
    },
  };
}

async function flush(): Promise<void> {
  await activeTracing()
    ?.flush()
    .catch(() => undefined);
}

/** Workflow interceptor modules to pass to bundleWorkflowCode for a traced worker with a prebuilt bundle. */
export function tracingWorkflowInterceptorModules(): string[] {
  const tracing = createRequire(import.meta.url).resolve(
    '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
  );
  return [tracing];
}
