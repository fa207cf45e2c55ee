import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { embeddedDynamicConfig, startDevServer } from '../../src/temporal/dev-server.ts';
import type { DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import type { TaskUpdate } from '../../workflows/contracts/company.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { benchTemplate } from '../../bench/bench-template.ts';
import { testWorkflowBundleCode } from '../helpers/workflow-bundle-file.ts';
import { killTestEnvironment } from '../helpers/status-once-answered.ts';
import type { LocalActivityFault } from './local-activity-worker.ts';

/**
 * Restart safety of the task's local activities (docs/faults-and-load-rounds.md, "Seventeenth round: local activities at
 * worker shutdown"): the task's start (`beginTask`: its first rows and its first report to the company) and its end
 * (`endTask`: the ending's row and report) run inside a workflow task, so a worker that dies or shuts down after
 * one ran but before its workflow task completed leaves no marker, and the next worker runs it again. Workers are
 * child processes (test/restart/local-activity-worker.ts) that SIGKILL themselves right after a local activity's
 * effects, or hold its result while the test shuts them down with SIGINT, or fail its first attempt. Afterwards
 * every task completed, and the database and the company hold each effect once.
 */
const workerEntry = fileURLToPath(new URL('./local-activity-worker.ts', import.meta.url));
const goals = 3;
const steps = 2;
/**
 * How long a workflow task or a model-call step held by a killed worker waits before the next worker gets it: 5 s
 * here, for the company's and the tasks' workflow tasks (20 s and 10 s otherwise) and for the steps' heartbeat
 * (10 s in the kill tests' environment; 5 s is its floor). The first worker dies holding workflow tasks of the
 * company (taking the tasks' first reports) and of each task (taken at its start); the second may die holding a
 * step (eager dispatch hands it one with its workflow task). The company and its steps take the client's settings
 * (SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS, SYNTHORG_STEP_HEARTBEAT_SECONDS); the client starts a goal's task
 * workflow without a workflow task timeout (src/client/goal-admission.ts), so the tasks take the server's default,
 * set with `history.defaultWorkflowTaskTimeout`. Traced with 20 s and 10 s: the company took its tasks' reports
 * 23 s after the start, a step waited 11 s after the second kill. Shorter only brings a takeover sooner: a live
 * worker that overran a timeout would have its workflow task or step run again, which is what the checks below
 * count.
 */
const takeoverSeconds = 5;
const environment = {
  ...killTestEnvironment,
  SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS: `${takeoverSeconds}`,
  SYNTHORG_STEP_HEARTBEAT_SECONDS: `${takeoverSeconds}`,
};

let directory: string;
let bundleFile: string;
let server: DevServer;
let database: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let pool: ReturnType<typeof createPool>;
let connection: Connection;

function startWorker(taskQueue: string, fault: LocalActivityFault): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [workerEntry, bundleFile, fault], {
    env: {
      ...process.env,
      ...environment,
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: database.url,
      SYNTHORG_TASK_QUEUE: taskQueue,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

/** Resolves with the signal that ended the process (null when it exited by itself). */
function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function client(taskQueue: string): SynthorgClient {
  const config = { ...loadConfig(environment), temporalAddress: server.address, taskQueue };
  return new SynthorgClient(connection, { config, ownsConnection: false });
}

/** Starts a company and its goals (one task of `steps` model calls each); returns the tasks' ids. */
async function startGoals(companyId: string, taskQueue: string): Promise<string[]> {
  const synthorg = client(taskQueue);
  await synthorg.startCompany({ id: companyId, template: benchTemplate });
  const roots = await Promise.all(
    Array.from({ length: goals }, (_, index) =>
      synthorg.submitGoal(companyId, `Restart goal ${index} [steps=${steps}]`, { goalId: `goal-${index}` }),
    ),
  );
  return roots.map((root) => root.id);
}

/** The company's `taskUpdate` signals in its history, as `taskId status` lines (one per signal the server took). */
async function reportsHeard(companyId: string): Promise<string[]> {
  const history = await connection.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: companyWorkflowId(companyId) },
  });
  const reports: string[] = [];
  for (const event of history.history?.events ?? []) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const data = signal?.input?.payloads?.[0]?.data;
    if (signal?.signalName !== 'taskUpdate' || !data) continue;
    const update = JSON.parse(Buffer.from(data).toString('utf8')) as TaskUpdate;
    if ('status' in update.task) reports.push(`${update.task.id} ${update.task.status}`);
  }
  return reports;
}

/** Every task completed, and each effect of its local activities (and of its model calls) is there exactly once. */
async function expectExactlyOnce(companyId: string, taskQueue: string, taskIds: string[]): Promise<void> {
  const synthorg = client(taskQueue);
  const company = await synthorg.temporal.workflow.getHandle(companyWorkflowId(companyId)).describe();
  expect(Number(company.raw.executionConfig?.defaultWorkflowTaskTimeout?.seconds)).toBe(takeoverSeconds);
  let modelCalls = 0;
  for (const taskId of taskIds) {
    const done = await synthorg.waitForTask(companyId, taskId, { pollIntervalMs: 200 });
    expect(done.status).toBe('COMPLETED');
    // The takeovers waited the short timeouts, not 10 s and 20 s: what keeps this file's time down.
    const task = synthorg.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
    expect(Number((await task.describe()).raw.executionConfig?.defaultWorkflowTaskTimeout?.seconds)).toBe(
      takeoverSeconds,
    );
    const stepHeartbeats = new Set(
      ((await task.fetchHistory()).events ?? []).flatMap((event) => {
        const scheduled = event.activityTaskScheduledEventAttributes;
        return scheduled?.activityType?.name === 'agentStep' ? [Number(scheduled.heartbeatTimeout?.seconds)] : [];
      }),
    );
    expect(stepHeartbeats).toEqual(new Set([takeoverSeconds]));
    modelCalls += (await task.query(stateQuery)).steps;
  }
  // The projection (beginTask's first rows, endTask's ending): one row a task, at its ending.
  const tasks = await pool.query<{ id: string; status: string }>(
    'SELECT id, status FROM tasks WHERE company_id = $1 ORDER BY id',
    [companyId],
  );
  expect(tasks.rows).toEqual(taskIds.toSorted().map((id) => ({ id, status: 'COMPLETED' })));
  // The audit trail: each status change of each task once (a local activity run again writes no second row).
  const audit = await pool.query<{ task_id: string; status: string; rows: number }>(
    `SELECT task_id, details ->> 'status' AS status, count(*)::int AS rows FROM audit_log
      WHERE company_id = $1 AND task_id IS NOT NULL GROUP BY 1, 2`,
    [companyId],
  );
  expect(audit.rows.filter((row) => row.rows !== 1)).toEqual([]);
  expect(
    audit.rows
      .filter((row) => row.status === 'COMPLETED')
      .map((row) => row.task_id)
      .toSorted(),
  ).toEqual(taskIds.toSorted());
  // The model calls: one ledger row each, charged once in the monthly totals.
  const ledger = await pool.query<{ calls: number }>(
    'SELECT count(*)::int AS calls FROM ledger WHERE company_id = $1',
    [companyId],
  );
  expect(ledger.rows[0]?.calls).toBe(modelCalls);
  expect(modelCalls).toBe(goals * steps);
  const totals = await pool.query<{ calls: number }>(
    `SELECT calls FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
    [companyId],
  );
  expect(totals.rows.map((row) => row.calls)).toEqual([modelCalls]);
  // The reports: the company heard each task's start (IN_PROGRESS, from beginTask) and its end (COMPLETED, from
  // endTask) exactly once, however often the local activity that sends it ran. endTask writes the ending's row
  // before it signals the company, so a task can read as completed a moment before its report lands: wait for
  // every report (a lost one fails below, with what was heard), then count.
  const expected = taskIds.flatMap((taskId) => [`${taskId} IN_PROGRESS`, `${taskId} COMPLETED`]);
  let heard: string[] = [];
  await waitFor('every report heard', async () => {
    heard = await reportsHeard(companyId);
    return expected.every((line) => heard.includes(line));
  }).catch(() => undefined);
  for (const line of expected)
    expect(
      heard.filter((each) => each === line),
      `${line} (heard: ${heard.join(', ')})`,
    ).toHaveLength(1);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'synthorg-local-activity-restart-'));
  bundleFile = join(directory, 'workflow-bundle.js');
  await writeFile(bundleFile, await testWorkflowBundleCode(workflowsPath));
  const cliPath = await findTemporalCli({ install: true });
  server = await startDevServer({
    cliPath,
    dbFile: join(directory, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
    dynamicConfig: { ...embeddedDynamicConfig, 'history.defaultWorkflowTaskTimeout': `${takeoverSeconds}s` },
  });
  database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  pool = createPool(database.url);
  await migrate(pool);
  connection = await Connection.connect({ address: server.address });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await pool?.end();
  await database?.stop();
  await server?.stop('SIGINT');
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('local activities when their worker goes', () => {
  it('SIGKILL right after beginTask, then right after endTask: the next worker runs them again, each effect once', async () => {
    const companyId = 'la-kill';
    const taskQueue = `restart-${companyId}`;
    let worker = startWorker(taskQueue, 'kill-after-begin');
    const running: ChildProcess[] = [worker.child];
    try {
      const taskIds = await startGoals(companyId, taskQueue);
      expect(await exited(worker.child)).toBe('SIGKILL');
      worker = startWorker(taskQueue, 'kill-after-end');
      running.push(worker.child);
      expect(await exited(worker.child)).toBe('SIGKILL');
      worker = startWorker(taskQueue, 'none');
      running.push(worker.child);
      await expectExactlyOnce(companyId, taskQueue, taskIds);
    } finally {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await Promise.all(running.map(exited));
    }
  }, 180_000);

  it('shut down (SIGINT) with a local activity in flight, and with one retried: the next worker finishes, each effect once', async () => {
    const companyId = 'la-shutdown';
    const taskQueue = `restart-${companyId}`;
    let worker = startWorker(taskQueue, 'hold');
    const running: ChildProcess[] = [worker.child];
    try {
      const taskIds = await startGoals(companyId, taskQueue);
      const holding = worker;
      await waitFor('a local activity in flight', () => holding.stderr().includes('local activity in flight'));
      holding.child.kill('SIGINT');
      // A graceful shutdown: the worker drains (the local activity finishes) and exits by itself.
      expect(await exited(holding.child)).toBeNull();
      worker = startWorker(taskQueue, 'fail-first');
      running.push(worker.child);
      const retrying = worker;
      await waitFor('a local activity retried', () => retrying.stderr().includes('local activity retried'));
      retrying.child.kill('SIGINT');
      expect(await exited(retrying.child)).toBeNull();
      worker = startWorker(taskQueue, 'none');
      running.push(worker.child);
      await expectExactlyOnce(companyId, taskQueue, taskIds);
    } finally {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await Promise.all(running.map(exited));
    }
  }, 180_000);
});
