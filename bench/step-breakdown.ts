/**
 * Where a goal's time goes (docs/faults-and-load-rounds.md, "Where the time goes"): one goal of K steps, admitted
 * directly, beside one raw-Temporal workflow of K no-op activities, on a fresh dev server (WAL) and, where one
 * exists, a real PostgreSQL (PGlite otherwise).
 *
 *   node bench/step-breakdown.ts [--steps=10] [--goals=1] [--repeat=3] [--sequence] [--compare=task-start-local|task-end-in-one|nothing-to-recall|…]
 *       [--wait=history|company|both]
 *
 * Prints, from the workflows' histories: events by type, activities by type with their schedule-to-start and
 * start-to-close times, workflow tasks and their latency, signals sent and received; from the worker: database
 * statements by activity type (every statement a pg client sent, BEGIN and COMMIT included); from the client: the
 * phases of the goal (admission, first step, last step, workflow closed, wait returned). `--compare=<lever>` runs
 * each repeat twice, the lever's patch gate on and fixed off (bench/patch-gate-off.ts) or, for a lever in the
 * activities, over the activities as they are and as they were (bench/activity-levers.ts), alternating which goes
 * first, and prints both. `--wait=both` does the same with the client's quiet wait (a completed task read from its
 * workflow's history) and the one before it (the company read after the result), bench/quiet-waits.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import type { CompanyTemplateInput } from '../src/config/schemas.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { startBenchTemporal } from './bench-temporal.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';
import { bundleWithPatchGateOff } from './patch-gate-off.ts';
import { activityLevers, type ActivityLever } from './activity-levers.ts';
import { benchTemplate } from './bench-template.ts';
import { historyFacts, printFacts, type HistoryFacts } from './history-facts.ts';
import { percentile } from './stats.ts';
import { parseQuietWaits, quietWait, type QuietWait } from './quiet-waits.ts';
import { taskWorkflowClosed } from '../src/client/task-wait.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10' },
    goals: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
    sequence: { type: 'boolean', default: false },
    compare: { type: 'string' },
    wait: { type: 'string', default: 'history' },
  },
  strict: true,
});
const steps = Number(values.steps);
const goals = Number(values.goals);
const repeat = Number(values.repeat);
const waits = parseQuietWaits(values.wait);
if (waits.length > 1 && values.compare) throw new Error('--wait=both and --compare: one comparison at a time');
const log = (line: string) => process.stderr.write(`breakdown: ${line}\n`);
installRuntime(process.env.BREAKDOWN_LOG === 'WARN' ? 'WARN' : 'ERROR');

/** The trunk benches' company under its own name. */
const template: CompanyTemplateInput = { ...benchTemplate, name: 'breakdown' };

/** Database statements by the activity type that sent them (or `client`: the bench itself). */
const statements = new Map<string, number>();
const statementMs = new Map<string, number>();
/** Statements by activity and their first words, for the last run. */
const statementShapes = new Map<string, number>();
const activityScope = new AsyncLocalStorage<string>();
// Every statement goes through Client#query (Pool#query borrows a client and calls it); the activity is the
// one whose async context issued the pool call, kept in our own storage because pg-pool may hand a released
// client to a waiter from another activity's context.
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const owner = activityScope.getStore() ?? 'client';
  statements.set(owner, (statements.get(owner) ?? 0) + 1);
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?');
  const shape = `${owner}: ${text.replace(/\s+/g, ' ').trim().slice(0, 60)}`;
  statementShapes.set(shape, (statementShapes.get(shape) ?? 0) + 1);
  const started = performance.now();
  const result = originalQuery.apply(this, args);
  if (result instanceof Promise) {
    void result
      .finally(() => statementMs.set(owner, (statementMs.get(owner) ?? 0) + performance.now() - started))
      .catch(() => undefined);
  }
  return result;
} as typeof pg.Client.prototype.query;

/** Each activity runs in a scope named by its type, so its statements are counted against it. */
function scoped<T extends Record<string, unknown>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? (...args: unknown[]) => activityScope.run(name, () => (fn as (...a: unknown[]) => unknown)(...args))
        : fn;
  }
  return wrapped as T;
}

const directory = await mkdtemp(join(tmpdir(), 'synthorg-breakdown-'));
const cleanups: (() => Promise<void>)[] = [() => rm(directory, { recursive: true, force: true })];
try {
  const benchTemporal = await startBenchTemporal(directory, { log });
  cleanups.push(() => benchTemporal.close());
  const { server, connection, nativeConnection } = benchTemporal;
  const sandbox = await createSandbox(loadSandboxConfig({}));
  cleanups.push(() => sandbox.close());
  const real = await startRealPostgres();
  let url: string;
  if (real) {
    cleanups.push(() => real.stop());
    url = real.url;
    log('database: PostgreSQL');
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    cleanups.push(() => embedded.stop());
    url = embedded.url;
    log('database: PGlite (no PostgreSQL here)');
  }
  const pool = createPool(url);
  cleanups.push(() => pool.end());
  await migrate(pool);
  // The product's bundle, as bench/patch-gate-off.ts builds its gate-off arm (src/temporal/workflow-bundler-options.ts).
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    ...workflowBundlerOptions(workflowsPath),
  });
  const rawBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url)),
    logger: silentLogger,
  });
  const lever = values.compare;
  /**
   * The code as it is and, with --compare, the same with the lever's gate fixed off, or with --wait=both, the
   * quiet wait before this one: one task queue each.
   */
  const variants = [
    ...waits.map((wait) => ({
      label: `SynthOrg task workflow${lever ? `, ${lever} on` : ''}${waits.length > 1 ? `, ${wait} wait` : ''}`,
      bundle: workflowBundle,
      wait,
    })),
    ...(lever
      ? [
          {
            label: `SynthOrg task workflow, ${lever} off`,
            // A lever in the activities (bench/activity-levers.ts) runs the same bundle over the activities before it.
            bundle: activityLevers[lever] ? workflowBundle : await bundleWithPatchGateOff(lever),
            wait: waits[0]!,
            before: activityLevers[lever],
          },
        ]
      : []),
  ].map((variant: { label: string; bundle: { code: string }; wait: QuietWait; before?: ActivityLever }, index) => {
    const taskQueue = `breakdown-${index}`;
    const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: url, taskQueue };
    const client = new SynthorgClient(connection, { config, ownsConnection: false, queryTimeoutMs: 300_000 });
    return {
      ...variant,
      taskQueue,
      client,
      waitFor: quietWait(client, variant.wait),
      activities: scoped(
        (variant.before ?? ((each) => each))(createActivities({ pool, config, sandbox }), { pool, config, sandbox }),
      ),
      facts: [] as HistoryFacts[],
      phases: {
        admission: [],
        'wait after close': [],
        'result seen after the last close': [],
        'answer after the last result seen': [],
        'end to end': [],
        'endings repaired by a waiting client': [],
      } as Record<string, number[]>,
    };
  });
  const workers = await Promise.all(
    variants.map((variant) =>
      Worker.create({
        connection: nativeConnection,
        taskQueue: variant.taskQueue,
        workflowBundle: variant.bundle,
        activities: variant.activities,
      }),
    ),
  );
  const rawWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'breakdown-raw',
    workflowBundle: rawBundle,
    activities: { noop: async (step: number) => (Context.current(), step) },
  });
  const temporal = variants[0]!.client.temporal;
  const rawFacts: HistoryFacts[] = [];
  const rawEndToEnd: number[] = [];

  /** One run of N goals on one variant; the warm-up (run < 0) is not counted. */
  async function measure(variant: (typeof variants)[number], run: number): Promise<void> {
    const { client } = variant;
    const companyId = `breakdown-${variant.taskQueue}-${run + 1}`;
    await client.startCompany({ id: companyId, template });
    statements.clear();
    statementMs.clear();
    statementShapes.clear();
    const started = Date.now();
    const roots = await Promise.all(
      Array.from({ length: goals }, (_, index) =>
        client.submitGoal(companyId, `Breakdown goal ${index} [steps=${steps}]`, { goalId: `goal-${index}` }),
      ),
    );
    const admitted = Date.now();
    // When each task's result reaches a client (the server's long poll, as the waits' own): the rest of a wait
    // after it is its answer (a company read, or the task's history).
    let resultSeen = 0;
    const seen = roots.map((root) =>
      taskWorkflowClosed(temporal, companyId, root.id).then(() => void (resultSeen = Math.max(resultSeen, Date.now()))),
    );
    await Promise.all(roots.map((root) => variant.waitFor(companyId, root.id)));
    const ended = Date.now();
    await Promise.all(seen);
    await client.stopCompany(companyId);
    if (run < 0) return;
    variant.phases['endings repaired by a waiting client']?.push(await repairedEndings(temporal, companyId));
    const facts = await Promise.all(
      roots.map((root) => historyFacts(temporal, taskWorkflowId(companyId, root.id), 'agentStep')),
    );
    variant.facts.push(...facts);
    const closed = Math.max(...facts.map((each) => each.closedMs));
    variant.phases.admission?.push(admitted - started);
    variant.phases['wait after close']?.push(ended - closed);
    variant.phases['result seen after the last close']?.push(resultSeen - closed);
    variant.phases['answer after the last result seen']?.push(ended - resultSeen);
    variant.phases['end to end']?.push(ended - started);
    process.stdout.write(
      `\nrun ${run + 1}, ${variant.label}: database statements by activity (count, total ms; per goal of ${steps} steps)\n`,
    );
    for (const [owner, count] of [...statements].sort((a, b) => b[1] - a[1]))
      process.stdout.write(
        `    ${owner.padEnd(30)}${(count / goals).toFixed(1).padStart(7)}${((statementMs.get(owner) ?? 0) / goals).toFixed(0).padStart(8)}\n`,
      );
  }

  async function measureRaw(run: number): Promise<void> {
    const rawStarted = Date.now();
    await Promise.all(
      Array.from({ length: goals }, (_, index) =>
        temporal.workflow.execute('rawBaselineWorkflow', {
          taskQueue: 'breakdown-raw',
          workflowId: `raw-${run + 1}-${index}`,
          args: [steps],
        }),
      ),
    );
    if (run < 0) return;
    rawEndToEnd.push(Date.now() - rawStarted);
    rawFacts.push(
      ...(await Promise.all(
        Array.from({ length: goals }, (_, index) => historyFacts(temporal, `raw-${run + 1}-${index}`, 'noop')),
      )),
    );
  }

  const drive = async () => {
    try {
      // A warm-up round, so the first measured one does not pay for bundles, caches and pool connections.
      for (let run = -1; run < repeat; run++) {
        // Alternate which variant goes first, so drift in machine load hits both.
        const order = run % 2 === 0 ? variants : [...variants].reverse();
        for (const variant of order) await measure(variant, run);
        await measureRaw(run);
      }
      process.stdout.write(`\nstatements of the last run by activity and text (per goal):\n`);
      for (const [shape, count] of [...statementShapes].sort((a, b) => b[1] - a[1]))
        process.stdout.write(`    ${(count / goals).toFixed(1).padStart(6)}  ${shape}\n`);
      for (const variant of variants) {
        if (values.sequence)
          process.stdout.write(
            `\nlast ${variant.label} history (ms since start):\n  ${variant.facts.at(-1)?.sequence.join('\n  ')}\n`,
          );
        printFacts(variant.label, variant.facts);
      }
      printFacts('raw baseline workflow', rawFacts);
      const companyFacts = await historyFacts(temporal, `company:breakdown-${variants[0]!.taskQueue}-${repeat}`, '');
      printFacts(`company workflow (last run, ${goals} goals)`, [companyFacts]);
      process.stdout.write(`\nclient phases p50 (ms) over ${repeat} runs of ${goals} goal(s):\n`);
      for (const variant of variants)
        for (const [phase, list] of Object.entries(variant.phases))
          process.stdout.write(
            `    ${`${phase} (${variant.label})`.padEnd(70)}${percentile(list, 50).toFixed(0).padStart(8)}\n`,
          );
      process.stdout.write(`    ${'raw end to end'.padEnd(70)}${percentile(rawEndToEnd, 50).toFixed(0).padStart(8)}\n`);
    } finally {
      rawWorker.shutdown();
      for (const worker of workers) worker.shutdown();
    }
  };
  await Promise.all([rawWorker.run(), ...workers.map((worker) => worker.run()), drive()]);
} catch (error) {
  process.stderr.write(
    `breakdown: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

/**
 * Task endings the company heard from a waiting client instead of the task (a report without a version:
 * src/client/closed-task.ts), i.e. the client read the company before it had taken the task's own report.
 */
async function repairedEndings(temporal: Client, companyId: string): Promise<number> {
  const events = (await temporal.workflow.getHandle(`company:${companyId}`).fetchHistory()).events ?? [];
  return events.filter((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const data = signal?.signalName === 'taskUpdate' ? signal.input?.payloads?.[0]?.data : undefined;
    if (!data) return false;
    const { task } = JSON.parse(Buffer.from(data).toString('utf8')) as { task: { version?: number } };
    return task.version === undefined;
  }).length;
}
