import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createPool } from '../../src/db/pool.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import type { DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { loadTemplate } from '../../src/templates/loader.ts';
import { killTestEnvironment, statusOnceAnswered } from '../helpers/status-once-answered.ts';
import { until } from '../helpers/until.ts';

/**
 * Restart safety (docs/architecture.md, "Activities"): kill the worker, or stop the Temporal server, in the middle of a
 * run; every task still completes, and the ledger holds exactly one row per model call.
 * Workers here are real child processes (`node workers/main.ts`), killed with SIGKILL.
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

let directory: string;
let cliPath: string;
let port: number;
let server: DevServer;
let database: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let pool: ReturnType<typeof createPool>;

async function startServer(): Promise<DevServer> {
  return startDevServer({ cliPath, dbFile: join(directory, 'temporal.sqlite'), port, headless: true });
}

function startWorker(taskQueue: string, extraEnvironment: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [workerEntry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: database.url,
      SYNTHORG_TASK_QUEUE: taskQueue,
      ...extraEnvironment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function stopWorker(worker: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill(signal);
  await exited;
}

async function ledgerRows(companyId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger WHERE company_id = $1', [
    companyId,
  ]);
  return rows[0]?.n ?? 0;
}

async function withClient<T>(use: (client: SynthorgClient) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    const config = { ...loadConfig(killTestEnvironment), temporalAddress: server.address };
    return await use(
      new SynthorgClient(connection, { config: { ...config, taskQueue: currentQueue }, ownsConnection: false }),
    );
  } finally {
    await connection.close();
  }
}

let currentQueue = '';

/** The goal completed, and every table the run wrote holds each call and each memory exactly once. */
async function expectExactlyOnce(companyId: string, rootId: string): Promise<void> {
  const done = await withClient((client) => client.waitForTask(companyId, rootId, { pollIntervalMs: 300 }));
  expect(done.status).toBe('COMPLETED');
  await withClient(async (client) => {
    const company = await statusOnceAnswered(client, companyId);
    expect(company.tasks.length).toBeGreaterThan(3);
    let steps = 0;
    for (const task of company.tasks) {
      expect(task.status).toBe('COMPLETED');
      steps += (await client.temporal.workflow.getHandle(taskWorkflowId(companyId, task.id)).query(stateQuery)).steps;
    }
    // Exactly one ledger row per model call the workflows made: nothing lost, nothing twice.
    expect(await ledgerRows(companyId)).toBe(steps);
    const { rows } = await pool.query<{ total: string; calls: number }>(
      'SELECT sum(cost_usd) AS total, count(*)::int AS calls FROM ledger WHERE company_id = $1',
      [companyId],
    );
    expect(company.budget.spentUsd).toBeCloseTo(Number(rows[0]?.total), 6);
    // The monthly totals the budget ceiling reads were charged once per call.
    const totals = await pool.query<{ cost_usd: string; calls: number }>(
      `SELECT cost_usd, calls FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
      [companyId],
    );
    expect(totals.rows).toHaveLength(1);
    expect(totals.rows[0]?.calls).toBe(rows[0]?.calls);
    expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(Number(rows[0]?.total), 6);
  });
  // Every remember the agents decided wrote its memory exactly once.
  const memories = await pool.query<{ call_key: string; memories: number }>(
    `SELECT ledger.call_key,
            (SELECT count(*)::int FROM memories
              WHERE memories.memory_key = ledger.call_key OR memories.memory_key LIKE ledger.call_key || '#%') AS memories
       FROM ledger WHERE company_id = $1 AND response -> 'action' ->> 'type' = 'remember'`,
    [companyId],
  );
  expect(memories.rows.length).toBeGreaterThan(0);
  expect(memories.rows.filter((row) => row.memories !== 1)).toEqual([]);
}

/** Activity results in the task workflows' histories that came from a stored answer. */
async function reusedAnswers(companyId: string, taskIds: string[]): Promise<number> {
  return withClient(async (client) => {
    let reused = 0;
    for (const taskId of taskIds) {
      const history = await client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).fetchHistory();
      for (const event of history.events ?? []) {
        const payload = event.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data;
        if (!payload) continue;
        // Histories come back as JSON: payload data is base64 text there.
        const bytes = typeof payload === 'string' ? Buffer.from(payload, 'base64') : Buffer.from(payload);
        // Activities that return nothing leave an empty payload.
        if (bytes.length === 0) continue;
        const result = JSON.parse(bytes.toString('utf8')) as { reused?: boolean };
        if (result.reused === true) reused++;
      }
    }
    return reused;
  });
}

/** The heartbeat timeouts, in seconds, the tasks' model-call steps were scheduled with. */
async function stepHeartbeatTimeouts(companyId: string, taskIds: string[]): Promise<Set<number>> {
  return withClient(async (client) => {
    const seconds = new Set<number>();
    for (const taskId of taskIds) {
      const history = await client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).fetchHistory();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled?.activityType?.name === 'agentStep') seconds.add(Number(scheduled.heartbeatTimeout?.seconds));
      }
    }
    return seconds;
  });
}

/** Starts a company on a goal, disrupts the run once `disrupt` is due, and checks the outcome. */
async function runThrough(companyId: string, disrupt: (worker: ChildProcess) => Promise<ChildProcess>): Promise<void> {
  currentQueue = `restart-${companyId}`;
  let worker = startWorker(currentQueue);
  try {
    const template = await loadTemplate('startup');
    const root = await withClient(async (client) => {
      await client.startCompany({
        id: companyId,
        template: { ...template, company: { ...template.company, oversight: 'full' } },
      });
      // The company took the kill tests' task timeout (killTestEnvironment), not the 60 s default.
      const { raw } = await client.temporal.workflow.getHandle(`company:${companyId}`).describe();
      expect(Number(raw.executionConfig?.defaultWorkflowTaskTimeout?.seconds)).toBe(20);
      return client.submitGoal(companyId, 'Ship a pricing page with tests and a launch email');
    });
    // Mid-run: some model calls are done, the goal is not.
    await until('the run to get under way', async () => (await ledgerRows(companyId)) >= 4, {
      timeoutMs: 120_000,
      ignoreErrors: true,
    });
    const before = await ledgerRows(companyId);
    worker = await disrupt(worker);
    // The disruption really came mid-run: the goal had work left.
    const finalCalls = await withClient(async (client) => {
      await client.waitForTask(companyId, root.id, { pollIntervalMs: 300 });
      return ledgerRows(companyId);
    });
    expect(finalCalls).toBeGreaterThan(before);

    await expectExactlyOnce(companyId, root.id);
  } finally {
    await stopWorker(worker, 'SIGINT');
  }
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'synthorg-restart-'));
  cliPath = await findTemporalCli({ install: true });
  port = await findFreePort();
  server = await startServer();
  database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  pool = createPool(database.url);
  const { migrate } = await import('../../src/db/migrate.ts');
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await database?.stop();
  await server?.stop('SIGINT');
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('restarts mid-run', () => {
  it('a worker that dies after the ledger write, before its activity completes: the retry reuses the answer, charged once', async () => {
    const companyId = 'crash-after-ledger';
    currentQueue = `restart-${companyId}`;
    let worker = startWorker(currentQueue, { SYNTHORG_FAILPOINT: 'crash-after-ledger-write' });
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      worker.once('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const template = await loadTemplate('startup');
      const root = await withClient(async (client) => {
        await client.startCompany({
          id: companyId,
          template: { ...template, company: { ...template.company, oversight: 'full' } },
        });
        return client.submitGoal(companyId, 'Ship a pricing page with tests and a launch email');
      });
      expect(await died).toBe('SIGKILL');
      // The first call was paid and recorded; its activity never reported back.
      expect(await ledgerRows(companyId)).toBe(1);
      worker = startWorker(currentQueue);
      await expectExactlyOnce(companyId, root.id);
      const tasks = await withClient(async (client) =>
        (await statusOnceAnswered(client, companyId)).tasks.map((task) => task.id),
      );
      expect(await reusedAnswers(companyId, tasks)).toBe(1);
      // The retry came after the kill tests' 10 s step heartbeat timeout (killTestEnvironment), not the 30 s default.
      expect(await stepHeartbeatTimeouts(companyId, tasks)).toEqual(new Set([10]));
    } finally {
      await stopWorker(worker, 'SIGINT');
    }
  });

  it('a worker killed with SIGKILL is replaced and the run finishes exactly once', async () => {
    await runThrough('kill-worker', async (worker) => {
      await stopWorker(worker, 'SIGKILL');
      return startWorker(currentQueue);
    });
  });

  it('the Temporal server stopped with SIGINT and restarted on the same SQLite file', async () => {
    await runThrough('server-sigint', async (worker) => {
      await server.stop('SIGINT');
      server = await startServer();
      // The worker rides out the outage when it can; a supervisor would restart it when it cannot.
      return worker.exitCode === null && worker.signalCode === null ? worker : startWorker(currentQueue);
    });
  });

  it('the Temporal server killed with SIGKILL and restarted on the same SQLite file', async () => {
    await runThrough('server-sigkill', async (worker) => {
      await server.stop('SIGKILL');
      await stopWorker(worker, 'SIGKILL');
      server = await startServer();
      return startWorker(currentQueue);
    });
  });
});
