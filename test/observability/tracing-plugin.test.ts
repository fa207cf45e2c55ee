import { createRequire } from 'node:module';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTracingPlugin } from '../../src/observability/tracing-plugin.ts';
import { tracingWorkflowInterceptorModules } from '../../src/observability/worker-observability.ts';

const packageModule = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/**
 * The worker must bundle SynthOrg's copy of the workflow interceptors, never the package's (which breaks
 * the improvement loop's replay, test/observability/tracing-replay.test.ts), however it gets its bundle.
 */
describe('tracing plugin', () => {
  const [ours] = tracingWorkflowInterceptorModules();
  const plugin = createTracingPlugin(
    { resource: new Resource({}), spanProcessor: new SimpleSpanProcessor(new InMemorySpanExporter()) },
    ours as string,
  );

  it('puts its own workflow interceptors where the OpenTelemetry plugin would put the package module', () => {
    expect(ours).toMatch(/workflows\/tracing-interceptors\.ts$/);
    const worker = plugin.configureWorker({ taskQueue: 'q', workflowsPath: '/w.ts' });
    expect(worker.interceptors?.workflowModules).toEqual([ours]);
    expect(worker.interceptors?.activity).toHaveLength(1);
    expect(Object.keys(worker.sinks ?? {})).toEqual(['exporter']);
    const bundler = plugin.configureBundler({ workflowsPath: '/w.ts' });
    expect(bundler.workflowInterceptorModules).toEqual([ours]);
    expect(JSON.stringify([worker, bundler])).not.toContain(packageModule);
  });

  it('registers the span sink for replay workers', () => {
    const replay = plugin.configureReplayWorker({ workflowBundle: { code: '' } });
    expect(Object.keys(replay.sinks ?? {})).toEqual(['exporter']);
  });
});
