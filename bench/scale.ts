/**
 * `npm run bench -- scale [--goals 200] [--workers 1,2,4]`: throughput of N `synthorg worker` processes
 * on real PostgreSQL (goals per minute, as a ratio to one worker, measured side by side in one run),
 * then the autoscaler's reaction time to a burst on an empty pool (time from the first goal to the
 * first started worker, and to the first gpu step in the ledger). Offline model (a deterministic
 * simulator): the numbers measure orchestration and process fan-out, not an LLM.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { defaultPoolScaling } from '../src/domain/autoscaling.ts';
import { poolTaskQueue } from '../src/domain/placement.ts';
import { startAutoscalerHost } from '../src/scaling/autoscaler-host.ts';
import { LocalScaler } from '../src/scaling/local-scaler.ts';
import { startBenchStack } from './postgres-stack.ts';
import { installRuntime } from '../src/temporal/runtime.ts';
import { duoTemplate, teamTemplate } from '../test/helpers/templates.ts';

const { values } = parseArgs({ options: { goals: { type: 'string' }, workers: { type: 'string' } } });
const goals = Number(values.goals ?? 200);
const fleets = (values.workers ?? '1,2,4').split(',').map(Number);

installRuntime('ERROR');
const stack = await startBenchStack('scale');
const { postgres, server, pool, connection } = stack;
const children: ChildProcess[] = [];

function startWorker(taskQueue: string): ChildProcess {
  const child = stack.spawnWorker(taskQueue);
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function clientFor(taskQueue: string): SynthorgClient {
  const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: postgres.url, taskQueue };
  return new SynthorgClient(connection, { config, ownsConnection: false });
}

try {
  const rates: number[] = [];
  for (const fleet of fleets) {
    const taskQueue = `bench-scale-${fleet}`;
    const client = clientFor(taskQueue);
    const workers = Array.from({ length: fleet }, () => startWorker(taskQueue));
    const companyId = `bench-${fleet}`;
    await client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full', budgetUsd: 10_000 }) });
    // Workers have started and bundled their workflows once the company is ready; timing starts here.
    const started = performance.now();
    // One at a time: the server caps a workflow's concurrent in-flight updates (10 on the dev server).
    const submitted = [];
    for (let index = 0; index < goals; index++)
      submitted.push(await client.submitGoal(companyId, `Sort inbox batch ${index}`));
    for (const task of submitted) await client.waitForTask(companyId, task.id, { pollIntervalMs: 500 });
    const minutes = (performance.now() - started) / 60_000;
    rates.push(goals / minutes);
    process.stdout.write(
      `${fleet} worker(s): ${goals} goals in ${(minutes * 60).toFixed(1)} s = ${(goals / minutes).toFixed(1)} goals/min\n`,
    );
    await client.stopCompany(companyId);
    await Promise.all(workers.map(stop));
  }
  const [one] = rates;
  for (const [index, fleet] of fleets.entries()) {
    process.stdout.write(
      `throughput with ${fleet} worker(s): ${((rates[index] ?? 0) / (one ?? 1)).toFixed(2)}x one worker\n`,
    );
  }

  // Reaction to a burst: pool gpu has no worker; the autoscaler must start one.
  const taskQueue = 'bench-burst';
  const client = clientFor(taskQueue);
  const defaultWorker = startWorker(taskQueue);
  const scaler = new LocalScaler({
    environment: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: postgres.url,
      SYNTHORG_TASK_QUEUE: taskQueue,
      SYNTHORG_LOG_LEVEL: 'ERROR',
    },
  });
  const host = await startAutoscalerHost({
    config: { ...loadConfig({}), temporalAddress: server.address, taskQueue },
    temporalAddress: server.address,
    scaler,
    intervalMs: 1_000,
    pools: [
      {
        ...defaultPoolScaling,
        pool: 'gpu',
        taskQueue: poolTaskQueue(taskQueue, 'gpu'),
        maxWorkers: 4,
        backlogPerWorker: 2,
        scaleUpCooldownMs: 2_000,
      },
    ],
  });
  const hosting = host.run();
  const base = teamTemplate('full');
  await client.startCompany({
    id: 'burst',
    template: { ...base, placement: { roles: { 'Operations Engineer': { pool: 'gpu' } } } },
  });
  const burstStart = performance.now();
  for (let index = 0; index < 8; index++) await client.submitGoal('burst', `Burst goal ${index}`);
  let firstWorkerMs: number | undefined;
  let firstStepMs: number | undefined;
  while (firstStepMs === undefined) {
    if (firstWorkerMs === undefined && scaler.pids('gpu').length > 0) firstWorkerMs = performance.now() - burstStart;
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ledger WHERE company_id = 'burst' AND agent_id IN ('worker', 'second')`,
    );
    if ((rows[0]?.n ?? 0) > 0) firstStepMs = performance.now() - burstStart;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write(
    `autoscaler reaction to a burst on an empty pool: first worker started after ${((firstWorkerMs ?? 0) / 1000).toFixed(1)} s, first gpu step done after ${(firstStepMs / 1000).toFixed(1)} s; workers at peak so far: ${scaler.pids('gpu').length}\n`,
  );
  await host.stop();
  await hosting;
  await stop(defaultWorker);
} catch (error) {
  process.stderr.write(`bench scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
  await stack.stop();
}
