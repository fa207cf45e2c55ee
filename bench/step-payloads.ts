/**
 * What a step carries through Temporal, exactly (docs/faults-and-load-rounds.md, "Sixteenth round: step payloads"): one
 * SynthOrg goal of K steps (the trunk benches' company, admitted directly) and one raw-Temporal workflow of K no-op
 * activities on a fresh dev server, then both histories weighed event by event (bench/history-bytes.ts).
 *
 *   node bench/step-payloads.ts [--steps=5,20] [--compare=<lever>]
 *
 * For each K it prints bytes per step by event type and by payload, of the task's history, of its company's (one goal,
 * the company's start included) and of the raw one's; with two
 * or more K, the slope between the smallest and the largest (what one more step adds, the start and end left out).
 * `--compare=<lever>` runs the goal again with the lever's patch gate fixed off (bench/patch-gate-off.ts). Each task's
 * upserts and patch markers are counted and its events listed workflow task by workflow task (bench/upsert-events.ts).
 * None of these figures depends on the machine's load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { companyWorkflowId, taskWorkflowId } from '../src/domain/ids.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { startBenchTemporal } from './bench-temporal.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';
import { benchTemplate } from './bench-template.ts';
import { historyBytes, weightLines, type HistoryBytes, type Weight } from './history-bytes.ts';
import { bundleWithPatchGateOff } from './patch-gate-off.ts';
import { upsertCounts, workflowTaskLines } from './upsert-events.ts';

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '5,20' }, compare: { type: 'string' } },
  strict: true,
});
const shapes = values.steps.split(',').map(Number);
const log = (line: string) => process.stderr.write(`step-payloads: ${line}\n`);
installRuntime('ERROR');

/** What one more step adds: the difference of two histories' weights over the difference of their steps. */
function slope(small: HistoryBytes, large: HistoryBytes, steps: number): Map<string, Weight> {
  const keys = new Set([...small.byPayload.keys(), ...large.byPayload.keys()]);
  const map = new Map<string, Weight>();
  for (const key of keys) {
    const a = small.byPayload.get(key) ?? { count: 0, bytes: 0 };
    const b = large.byPayload.get(key) ?? { count: 0, bytes: 0 };
    if (b.bytes !== a.bytes || b.count !== a.count)
      map.set(key, { count: (b.count - a.count) / steps, bytes: (b.bytes - a.bytes) / steps });
  }
  return map;
}

function print(label: string, steps: number, weight: HistoryBytes): void {
  const payloadBytes = [...weight.byPayload.values()].reduce((sum, each) => sum + each.bytes, 0);
  process.stdout.write(
    `\n${label}, ${steps} steps: ${weight.events} events, ${weight.bytes} bytes ` +
      `(${(weight.bytes / steps).toFixed(1)} a step; payloads ${payloadBytes}, ${(payloadBytes / steps).toFixed(1)} a step)\n`,
  );
  process.stdout.write(
    `  by event type (count and bytes a step):\n${weightLines(weight.byEventType, steps).join('\n')}\n`,
  );
  process.stdout.write(`  by payload (count and bytes a step):\n${weightLines(weight.byPayload, steps).join('\n')}\n`);
}

const directory = await mkdtemp(join(tmpdir(), 'synthorg-step-payloads-'));
const cleanups: (() => Promise<void>)[] = [() => rm(directory, { recursive: true, force: true })];
try {
  const temporal = await startBenchTemporal(directory, { log });
  cleanups.push(() => temporal.close());
  const { server, connection, nativeConnection } = temporal;
  const sandbox = await createSandbox(loadSandboxConfig({}));
  cleanups.push(() => sandbox.close());
  // Bytes do not depend on the database: the embedded one, as the product runs by default.
  const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  cleanups.push(() => database.stop());
  const pool = createPool(database.url);
  cleanups.push(() => pool.end());
  await migrate(pool);
  const options = { workflowsPath, logger: silentLogger, ...workflowBundlerOptions(workflowsPath) };
  const variants = [
    { label: `SynthOrg task${values.compare ? `, ${values.compare} on` : ''}`, bundle: bundleWorkflowCode(options) },
    ...(values.compare
      ? [{ label: `SynthOrg task, ${values.compare} off`, bundle: bundleWithPatchGateOff(values.compare) }]
      : []),
  ];
  const rawBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url)),
    logger: silentLogger,
  });
  const activities = createActivities({ pool, config: loadConfig({}), sandbox });
  const weights = new Map<string, Map<number, HistoryBytes>>();
  const weigh = async (label: string, steps: number, workflowId: string, listed = false) => {
    const history = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 10_000,
    });
    const events = history.history?.events ?? [];
    const weight = historyBytes(events);
    weights.set(label, (weights.get(label) ?? new Map<number, HistoryBytes>()).set(steps, weight));
    print(label, steps, weight);
    if (!listed) return;
    const counts = upsertCounts(events);
    process.stdout.write(
      `  upserts ${counts.upserts} (TemporalChangeVersion ${counts.changeVersionUpserts}, own ${counts.ownUpserts}) ` +
        `in ${counts.workflowTasksWithUpserts} workflow tasks; patch markers ${counts.patches.length}: ` +
        `${counts.patches.join(', ')}\n  by workflow task:\n${workflowTaskLines(events)
          .map((line) => `    ${line}`)
          .join('\n')}\n`,
    );
  };

  for (const [index, variant] of variants.entries()) {
    const taskQueue = `step-payloads-${index}`;
    const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: database.url, taskQueue };
    const client = new SynthorgClient(connection, { config, ownsConnection: false });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await variant.bundle,
      activities,
    });
    await worker.runUntil(async () => {
      for (const steps of shapes) {
        const companyId = `payloads-${index}-${steps}`;
        await client.startCompany({ id: companyId, template: benchTemplate });
        const root = await client.submitGoal(companyId, `Benchmark goal 0 [steps=${steps}]`, { goalId: 'bench-0' });
        const done = await client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
        if (done.status !== 'COMPLETED') throw new Error(`${variant.label}: the goal ended ${done.status}`);
        await client.stopCompany(companyId);
        await weigh(variant.label, steps, taskWorkflowId(companyId, root.id), true);
        // The company's history for this one goal (its own start included): what a goal costs beside its steps.
        await weigh(`${variant.label}: its company workflow`, steps, companyWorkflowId(companyId));
      }
    });
  }
  const raw = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'step-payloads-raw',
    workflowBundle: rawBundle,
    activities: { noop: async (step: number) => (Context.current(), step) },
  });
  await raw.runUntil(async () => {
    for (const steps of shapes) {
      const workflowId = `raw-${steps}`;
      await new Client({ connection }).workflow.execute('rawBaselineWorkflow', {
        taskQueue: 'step-payloads-raw',
        workflowId,
        args: [steps],
      });
      await weigh('raw Temporal', steps, workflowId);
    }
  });
  const [small, large] = [Math.min(...shapes), Math.max(...shapes)];
  if (small !== large)
    for (const [label, byShape] of weights) {
      const perStep = slope(byShape.get(small)!, byShape.get(large)!, large - small);
      const bytes = (byShape.get(large)!.bytes - byShape.get(small)!.bytes) / (large - small);
      process.stdout.write(
        `\n${label}: one more step adds ${bytes.toFixed(1)} bytes of history (${small} → ${large} steps); payloads:\n` +
          `${weightLines(perStep, 1).join('\n')}\n`,
      );
    }
} catch (error) {
  process.stderr.write(
    `step-payloads: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
