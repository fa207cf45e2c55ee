import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
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
 *
 * Three lanes run at once, since most of each test is waiting on Temporal's timeouts (a killed worker's step is
 * retried 10 s after its last heartbeat): the two worker kills, each on its own task queue of the run's dev server,
 * and the two server restarts, one after the other on this file's own server. One after another they took 62 s of
 * the file's 67 s in round 28's CI (docs/testing.md, "Twenty-ninth round: the alone group's time").
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

let directory: string;
let cliPath: string;
let port: number;
/** This file's own server, which the server tests stop and restart. */
let server: DevServer;
let database: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let pool: ReturnType<typeof createPool>;

/**
 * Where one test's company runs: the address of its Temporal server, read at each use since the server tests replace
 * theirs, and a task queue of its own.
 */
interface Lane {
  address: () => string;
  taskQueue: string;
}

/** A lane on the run's dev server, which nothing here stops. */
function runServerLane(companyId: string): Lane {
  const address = inject('temporalAddress');
  return { address: () => address, taskQueue: `restart-${companyId}` };
}

/** A lane on this file's own server. */
function ownServerLane(companyId: string): Lane {
  return { address: () => server.address, taskQueue: `restart-${companyId}` };
}

async function startServer(): Promise<DevServer> {
  return startDevServer({ cliPath, dbFile: join(directory, 'temporal.sqlite'), port, headless: true });
}

function startWorker(lane: Lane, extraEnvironment: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [workerEntry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: lane.address(),
      DATABASE_URL: database.url,
      SYNTHORG_TASK_QUEUE: lane.taskQueue,
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

async function withClient<T>(lane: Lane, use: (client: SynthorgClient) => Promise<T>): Promise<T> {
  const address = lane.address();
  const connection = await Connection.connect({ address });
  try {
    const config = { ...loadConfig(killTestEnvironment), temporalAddress: address, taskQueue: lane.taskQueue };
    return await use(new SynthorgClient(connection, { config, ownsConnection: false }));
  } finally {
    await connection.close();
  }
}

/**
 * The goal completed, and every table the run wrote holds each call and each memory exactly once. `expect` is the
 * test's own: the tests run at once.
 */
async function expectExactlyOnce(expect: ExpectStatic, lane: Lane, companyId: string, rootId: string): Promise<void> {
  const done = await withClient(lane, (client) => client.waitForTask(companyId, rootId, { pollIntervalMs: 300 }));
  expect(done.status).toBe('COMPLETED');
  await withClient(lane, async (client) => {
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
async function reusedAnswers(lane: Lane, companyId: string, taskIds: string[]): Promise<number> {
  return withClient(lane, async (client) => {
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
async function stepHeartbeatTimeouts(lane: Lane, companyId: string, taskIds: string[]): Promise<Set<number>> {
  return withClient(lane, async (client) => {
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
async function runThrough(
  expect: ExpectStatic,
  lane: Lane,
  companyId: string,
  disrupt: (worker: ChildProcess) => Promise<ChildProcess>,
): Promise<void> {
  let worker = startWorker(lane);
  try {
    const template = await loadTemplate('startup');
    const root = await withClient(lane, async (client) => {
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
    const finalCalls = await withClient(lane, async (client) => {
      await client.waitForTask(companyId, root.id, { pollIntervalMs: 300 });
      return ledgerRows(companyId);
    });
    expect(finalCalls).toBeGreaterThan(before);

    await expectExactlyOnce(expect, lane, companyId, root.id);
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

// Each of the two describes runs beside the other (`concurrent`); the worker kills run beside each other, the server
// restarts one after the other (`concurrent: false`), as they stop the same server.
describe('a worker killed mid-run', { concurrent: true }, () => {
  it('a worker that dies after the ledger write, before its activity completes: the retry reuses the answer, charged once', async ({
    expect,
  }) => {
    const companyId = 'crash-after-ledger';
    const lane = runServerLane(companyId);
    let worker = startWorker(lane, { SYNTHORG_FAILPOINT: 'crash-after-ledger-write' });
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      worker.once('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const template = await loadTemplate('startup');
      const root = await withClient(lane, async (client) => {
        await client.startCompany({
          id: companyId,
          template: { ...template, company: { ...template.company, oversight: 'full' } },
        });
        return client.submitGoal(companyId, 'Ship a pricing page with tests and a launch email');
      });
      expect(await died).toBe('SIGKILL');
      // The first call was paid and recorded; its activity never reported back.
      expect(await ledgerRows(companyId)).toBe(1);
      worker = startWorker(lane);
      await expectExactlyOnce(expect, lane, companyId, root.id);
      const tasks = await withClient(lane, async (client) =>
        (await statusOnceAnswered(client, companyId)).tasks.map((task) => task.id),
      );
      expect(await reusedAnswers(lane, companyId, tasks)).toBe(1);
      // The retry came after the kill tests' 10 s step heartbeat timeout (killTestEnvironment), not the 30 s default.
      expect(await stepHeartbeatTimeouts(lane, companyId, tasks)).toEqual(new Set([10]));
    } finally {
      await stopWorker(worker, 'SIGINT');
    }
  });

  it('a worker killed with SIGKILL is replaced and the run finishes exactly once', async ({ expect }) => {
    const lane = runServerLane('kill-worker');
    await runThrough(expect, lane, 'kill-worker', async (worker) => {
      await stopWorker(worker, 'SIGKILL');
      return startWorker(lane);
    });
  });
});

describe('the Temporal server restarted mid-run', { concurrent: true }, () => {
  it(
    'the Temporal server stopped with SIGINT and restarted on the same SQLite file',
    { concurrent: false },
    async ({ expect }) => {
      const lane = ownServerLane('server-sigint');
      await runThrough(expect, lane, 'server-sigint', async (worker) => {
        await server.stop('SIGINT');
        server = await startServer();
        // The worker rides out the outage when it can; a supervisor would restart it when it cannot.
        return worker.exitCode === null && worker.signalCode === null ? worker : startWorker(lane);
      });
    },
  );

  it(
    'the Temporal server killed with SIGKILL and restarted on the same SQLite file',
    { concurrent: false },
    async ({ expect }) => {
      const lane = ownServerLane('server-sigkill');
      await runThrough(expect, lane, 'server-sigkill', async (worker) => {
        await server.stop('SIGKILL');
        await stopWorker(worker, 'SIGKILL');
        server = await startServer();
        return startWorker(lane);
      });
    },
  );
});
