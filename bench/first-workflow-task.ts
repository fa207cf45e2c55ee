/**
 * What a workflow's first workflow task costs by what its bundle holds (docs/faults-and-load-rounds.md, "Sixth round:
 * the task's start"): N raw-baseline workflows (2 no-op steps) at once on bundles of (1) the raw workflow alone,
 * (2) it and SynthOrg's configuration schemas (zod), (3) it and every SynthOrg workflow, (4) the same with zod
 * replaced by an empty stand-in (bench/first-task-entries/zod-stand-in.cjs: its modules' cost only; the raw
 * workflow never calls a schema), (5) every workflow with the bundle's modules preloaded (shared by every workflow
 * on the thread, src/temporal/workflow-bundler-options.ts), alternating for R rounds
 * on one fresh dev server. With the reused V8 context (the SDK's default) each workflow gets its own module cache,
 * so every module its bundle loads at start runs again for every new workflow. `--baseline=DIR` adds (6) every
 * workflow of another checkout (old code: `git archive main | tar -x -C DIR`, its node_modules linked), alternated
 * with the rest in the same run.
 *
 *   node bench/first-workflow-task.ts [--workflows=10] [--rounds=3] [--baseline=DIR]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { Configuration } from 'webpack';
import { startBenchTemporal } from './bench-temporal.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    workflows: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    baseline: { type: 'string' },
  },
  strict: true,
});
const count = Number(values.workflows);
const rounds = Number(values.rounds);
installRuntime('ERROR');
const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const eventMs = (event: HistoryEvent | undefined) =>
  Number(event?.eventTime?.seconds ?? 0) * 1000 + Math.floor((event?.eventTime?.nanos ?? 0) / 1e6);

const directory = await mkdtemp(join(tmpdir(), 'synthorg-first-task-'));
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const entries: Record<string, string> = {
  'raw workflow alone': path('./raw-baseline-workflow.ts'),
  'and the configuration schemas (zod)': path('./first-task-entries/with-schemas.ts'),
  'and every SynthOrg workflow': path('./first-task-entries/with-workflows.ts'),
  'every SynthOrg workflow, zod left out': path('./first-task-entries/with-workflows.ts'),
  // The bundle's modules evaluated once per workflow thread and shared (the product's bundler options since the
  // thirteenth round, src/temporal/workflow-bundler-options.ts).
  'every SynthOrg workflow, preloaded': path('./first-task-entries/with-workflows.ts'),
};
if (values.baseline)
  entries['every SynthOrg workflow, baseline'] = resolve(values.baseline, 'bench/first-task-entries/with-workflows.ts');
const zodStandIn = path('./first-task-entries/zod-stand-in.cjs');

const temporal = await startBenchTemporal(directory);
const { connection, nativeConnection } = temporal;
try {
  const client = new Client({ connection });
  const bundles = await Promise.all(
    Object.entries(entries).map(async ([label, workflowsPath]) => ({
      label,
      bundle: await bundleWorkflowCode({
        workflowsPath,
        logger: silentLogger,
        ...(label.includes('preloaded') ? workflowBundlerOptions(workflowsPath) : {}),
        ...(label.includes('zod left out')
          ? {
              webpackConfigHook: (config: Configuration): Configuration => ({
                ...config,
                resolve: { ...config.resolve, alias: { ...config.resolve?.alias, zod$: zodStandIn } },
              }),
            }
          : {}),
      }),
      runMs: [] as number[],
    })),
  );
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? bundles : [...bundles].reverse()) {
      const taskQueue = `first-task-${bundles.indexOf(variant)}`;
      const ids = Array.from({ length: count }, (_, index) => `${taskQueue}-${round}-${index}`);
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue,
        workflowBundle: variant.bundle,
        activities: { noop: async (step: number) => step },
      });
      await worker.runUntil(async () => {
        await Promise.all(
          ids.map((workflowId) => client.workflow.execute('rawBaselineWorkflow', { taskQueue, workflowId, args: [2] })),
        );
      });
      for (const workflowId of ids) {
        const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
        const started = events.find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
        const completed = events.find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
        variant.runMs.push(eventMs(completed) - eventMs(started));
      }
    }
  }
  process.stdout.write(`first workflow task started→completed, ${count} workflows at once, ${rounds} rounds:\n`);
  for (const { label, bundle, runMs } of bundles)
    process.stdout.write(
      `  ${label.padEnd(38)}${`${(bundle.code.length / 1e6).toFixed(1)} MB`.padStart(8)}` +
        `   p50 ${percentile(runMs, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(runMs, 95).toFixed(0).padStart(5)} ms\n`,
    );
} finally {
  await temporal.close();
  await rm(directory, { recursive: true, force: true });
}
