import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { ObservabilityConfig } from '../config/env.ts';
import { registerDatabaseGauges } from './database-gauges.ts';
import { metricsRegistry } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import { traceQueries } from './traced-pool.ts';
import { createTracingPlugin } from './tracing-plugin.ts';
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
  // The plugin is required only with tracing on, like the SDK in tracing.ts: a worker without it starts faster.
  const plugins = tracing
    ? [
        createTracingPlugin(
          { resource: tracing.resource, spanProcessor: tracing.spanProcessor },
          tracingWorkflowModule(),
        ),
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

/**
 * Workflow interceptor modules to pass to bundleWorkflowCode for a traced worker with a prebuilt bundle:
 * SynthOrg's copy of the OpenTelemetry interceptors (workflows/tracing-interceptors.ts), which replays
 * histories recorded without tracing.
 */
export function tracingWorkflowInterceptorModules(): string[] {
  return [tracingWorkflowModule()];
}

function tracingWorkflowModule(): string {
  // The same extension as this file: .ts in a clone, .js in the built package (dist/).
  return fileURLToPath(new URL(`../../workflows/tracing-interceptors${extname(import.meta.url)}`, import.meta.url));
}
