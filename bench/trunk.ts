/**
 * Orchestration overhead of the agent loop against raw Temporal, measured side by side in one run.
 *
 *   node bench/trunk.ts [--goals N] [--steps K]
 *
 * SynthOrg: N goals at once, each a task of K agent steps (offline model, `[steps=K]`), every step
 * one model-call activity that checks the budget and writes a ledger row to PGlite.
 * Baseline: N workflows at once, each calling K no-op activities in sequence.
 * Step latency is the gap between consecutive step completions within one goal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installRuntime } from '../src/temporal/runtime.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import type { CompanyTemplateInput } from '../src/config/schemas.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { workflowsPath } from '../workers/worker.ts';
import { percentile, stepGaps } from './stats.ts';

const { values } = parseArgs({
  options: { goals: { type: 'string', default: '20' }, steps: { type: 'string', default: '10' } },
  strict: true,
});
const goals = Number(values.goals);
const steps = Number(values.steps);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

installRuntime('ERROR');

const benchTemplate: CompanyTemplateInput = {
  name: 'bench',
  version: '1.0.0',
  company: { monthlyBudgetUsd: 1000, oversight: 'full' },
  departments: [{ name: 'work', head: 'solo', budgetShare: 1 }],
  agents: [{ id: 'solo', name: 'Solo', role: 'Analyst', department: 'work', seniority: 'mid', model: 'offline' }],
  policies: { reviewRequired: false, maxDecompositionDepth: 0, maxTasksPerGoal: 1 },
};

const directory = await mkdtemp(join(tmpdir(), 'synthorg-bench-'));
const server = await startDevServer({
  cliPath: await findTemporalCli({ install: true, log }),
  dbFile: join(directory, 'temporal.sqlite'),
  port: await findFreePort(),
  headless: true,
});
const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
const pool = createPool(database.url);
await migrate(pool);
const config = {
  ...loadConfig({}),
  temporalAddress: server.address,
  databaseUrl: database.url,
  taskQueue: 'bench-synthorg',
};
const connection = await Connection.connect({ address: server.address });
const client = new SynthorgClient(connection, { config, ownsConnection: false });
const nativeConnection = await NativeConnection.connect({ address: server.address });

try {
  log(`${goals} goals × ${steps} steps, SynthOrg then raw Temporal`);
  const synthorgWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: config.taskQueue,
    workflowsPath,
    activities: createActivities({ pool, config, sandbox: await createSandbox(loadSandboxConfig({})) }),
  });
  const synthorg = await synthorgWorker.runUntil(async () => {
    await client.startCompany({ id: 'bench', template: benchTemplate });
    const started = Date.now();
    const roots = await Promise.all(
      Array.from({ length: goals }, (_, index) =>
        client.submitGoal('bench', `Benchmark goal ${index} [steps=${steps}]`),
      ),
    );
    await Promise.all(roots.map((root) => client.waitForTask('bench', root.id, { pollIntervalMs: 100 })));
    const wallMs = Date.now() - started;
    const { rows } = await pool.query<{ task_id: string; at: number }>(
      `SELECT task_id, (extract(epoch from created_at) * 1000)::float8 AS at FROM ledger WHERE company_id = 'bench'`,
    );
    const byTask = new Map<string, number[]>();
    for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), Number(row.at)]);
    return { wallMs, calls: rows.length, gaps: stepGaps(byTask.values()) };
  });

  const baselineTimes = new Map<string, number[]>();
  const baselineWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'bench-raw',
    workflowsPath: fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url)),
    activities: {
      async noop(step: number) {
        const id = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
        baselineTimes.set(id, [...(baselineTimes.get(id) ?? []), Date.now()]);
        return step;
      },
    },
  });
  const raw = await baselineWorker.runUntil(async () => {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: goals }, (_, index) =>
        client.temporal.workflow.execute('rawBaselineWorkflow', {
          taskQueue: 'bench-raw',
          workflowId: `raw-${index}-${started}`,
          args: [steps],
        }),
      ),
    );
    return { wallMs: Date.now() - started, calls: goals * steps, gaps: stepGaps(baselineTimes.values()) };
  });

  const rate = (run: { calls: number; wallMs: number }) => run.calls / (run.wallMs / 1000);
  const rows = [
    ['', 'steps', 'wall s', 'steps/s', 'p50 step ms', 'p95 step ms'],
    [
      'SynthOrg (offline model)',
      synthorg.calls,
      synthorg.wallMs / 1000,
      rate(synthorg),
      percentile(synthorg.gaps, 50),
      percentile(synthorg.gaps, 95),
    ],
    [
      'raw Temporal (no-op)',
      raw.calls,
      raw.wallMs / 1000,
      rate(raw),
      percentile(raw.gaps, 50),
      percentile(raw.gaps, 95),
    ],
  ];
  const format = (cell: string | number) =>
    typeof cell === 'number' ? cell.toFixed(Number.isInteger(cell) ? 0 : 1) : cell;
  for (const row of rows)
    process.stdout.write(
      `${row
        .map((cell, index) =>
          format(cell)
            .padStart(index === 0 ? 0 : 12)
            .padEnd(index === 0 ? 26 : 0),
        )
        .join('')}\n`,
    );
  const p50Ratio = percentile(synthorg.gaps, 50) / percentile(raw.gaps, 50);
  const throughputRatio = rate(raw) / rate(synthorg);
  process.stdout.write(
    `\noverhead per step: p50 ${p50Ratio.toFixed(2)}× raw, throughput ${throughputRatio.toFixed(2)}× raw (target ≤ 1.5×)\n`,
  );
} finally {
  await nativeConnection.close();
  await connection.close();
  await pool.end();
  await database.stop();
  await server.stop('SIGINT');
  await rm(directory, { recursive: true, force: true });
}
