import { createRequire } from 'node:module';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createTracingPlugin } from '../../src/observability/tracing-plugin.ts';
import { tracingWorkflowInterceptorModules } from '../../src/observability/worker-observability.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { committedHistories, expectEachReplays, readCommittedHistory } from '../helpers/committed-histories.ts';
import { quietRuntime } from '../helpers/synthorg-env.ts';

/**
 * Turning tracing on must not change what running workflows do: every committed history, recorded without
 * tracing, replays on a worker set up as a traced worker is (SynthOrg's tracing plugin, which registers the
 * sink the workflow spans are exported through, and its workflow interceptors bundled).
 */
describe('tracing and replay', () => {
  it(
    'replays every committed history with the tracing plugin and its workflow interceptors',
    { timeout: 300_000 },
    async () => {
      quietRuntime();
      const [module] = tracingWorkflowInterceptorModules();
      const bundle = await bundleWorkflowCode({
        workflowsPath,
        workflowInterceptorModules: tracingWorkflowInterceptorModules(),
        logger: silentLogger,
      });
      const plugin = createTracingPlugin(
        {
          resource: new Resource({ 'service.name': 'replay' }),
          spanProcessor: new SimpleSpanProcessor(new InMemorySpanExporter()),
        },
        module as string,
      );
      const histories = await committedHistories();
      expect(histories.length).toBeGreaterThan(5);
      await expectEachReplays({ workflowBundle: bundle, replayName: 'traced', plugins: [plugin] }, histories);
    },
  );

  it(
    "fails the improvement loop's history with the package's own interceptors (why SynthOrg bundles its copy)",
    { timeout: 300_000 },
    async () => {
      quietRuntime();
      // The module OpenTelemetryPlugin bundles: its async handleUpdate moves the resume update's completion
      // after the round timer the loop starts (workflows/tracing-interceptors.ts). A nondeterminism error here
      // also shows the replay above would catch one.
      const packageModule = createRequire(import.meta.url).resolve(
        '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
      );
      const bundle = await bundleWorkflowCode({
        workflowsPath,
        workflowInterceptorModules: [packageModule],
        logger: silentLogger,
      });
      const plugin = createTracingPlugin(
        {
          resource: new Resource({ 'service.name': 'replay' }),
          spanProcessor: new SimpleSpanProcessor(new InMemorySpanExporter()),
        },
        packageModule,
      );
      const replay = Worker.runReplayHistory(
        { workflowBundle: bundle, replayName: 'si-improvement-loop.json', plugins: [plugin] },
        (await readCommittedHistory('si-improvement-loop.json')).history as never,
      );
      await expect(replay).rejects.toThrow(/Nondeterminism error: Timer machine does not handle this event/);
    },
  );
});
