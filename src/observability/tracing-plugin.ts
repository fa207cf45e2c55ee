import { createRequire } from 'node:module';
import type * as OpenTelemetryInterceptors from '@temporalio/interceptors-opentelemetry';
import type { OpenTelemetryPluginOptions } from '@temporalio/interceptors-opentelemetry';
import type { BundleOptions, ReplayWorkerOptions, WorkerInterceptors, WorkerOptions } from '@temporalio/worker';

const require = createRequire(import.meta.url);

/**
 * Temporal's OpenTelemetry plugin (client, activity and Nexus interceptors, the sink that exports workflow
 * spans) with SynthOrg's workflow interceptor module in place of the package's, wherever the plugin would
 * bundle it: `workflowModule` is workflows/tracing-interceptors.ts, which replays histories recorded without
 * tracing (the package's does not, see that file). Required only when tracing is on.
 */
export function createTracingPlugin(
  options: OpenTelemetryPluginOptions,
  workflowModule: string,
): OpenTelemetryInterceptors.OpenTelemetryPlugin {
  const { OpenTelemetryPlugin } = require('@temporalio/interceptors-opentelemetry') as typeof OpenTelemetryInterceptors;
  const packageModule = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');
  const swap = (modules: string[] | undefined): string[] | undefined =>
    modules?.map((module) => (module === packageModule ? workflowModule : module));
  const swapIn = (interceptors: WorkerInterceptors | undefined): WorkerInterceptors | undefined =>
    interceptors && { ...interceptors, workflowModules: swap(interceptors.workflowModules) };

  class TracingPlugin extends OpenTelemetryPlugin {
    override configureWorker(workerOptions: WorkerOptions): WorkerOptions {
      const configured = super.configureWorker(workerOptions);
      return { ...configured, interceptors: swapIn(configured.interceptors) };
    }
    override configureReplayWorker(workerOptions: ReplayWorkerOptions): ReplayWorkerOptions {
      const configured = super.configureReplayWorker(workerOptions);
      return { ...configured, interceptors: swapIn(configured.interceptors) };
    }
    override configureBundler(bundleOptions: BundleOptions): BundleOptions {
      const configured = super.configureBundler(bundleOptions);
      return { ...configured, workflowInterceptorModules: swap(configured.workflowInterceptorModules) };
    }
  }
  return new TracingPlugin(options);
}
