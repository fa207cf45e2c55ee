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
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import type { DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { loadTemplate } from '../../src/templates/loader.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { killTestEnvironment, statusOnceAnswered } from '../helpers/status-once-answered.ts';
import { until } from '../helpers/until.ts';

/**
 * Restart safety (docs/architecture.md, "Activities"): kill the worker, or stop the Temporal server, in the middle of a
 * run; every task still completes, and the ledger holds exactly one row per model call.
 * Workers here are real child processes (`node workers/main.ts`), killed with SIGKILL.
 *
 * Most of each test is waiting on Temporal's timeouts (a killed worker's step is retried 10 s after its last
 * heartbeat), so three run at once: the two worker kills, on the run's dev server, and the two server restarts one
 * after the other on this file's own server. Each test has a lane of its own: its company, task queue and database.
 * One after another they took 62 s of the file's 67 s in round 28's CI (docs/testing.md, "Twenty-ninth round: the
 * alone group's time").
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

let directory: string;
let cliPath: string;

/** The server tests' Temporal server, which they stop and restart on the same SQLite file and port. */
interface OwnServer {
  dbFile: string;
  port: number;
  current: DevServer;
}
let ownServer: OwnServer | undefined;

/**
 * Where one test's company runs. A database of its own: one PGlite serves one connection's statements at a time
 * and takes 16 connections, and each worker's pool opens up to 10.
 */
interface Lane {
  companyId: string;
  taskQueue: string;
  database: TestDatabase;
  /** The server tests' own server; the worker kills run on the run's dev server, which nothing here stops. */
  server: OwnServer | undefined;
}

type LaneName = 'crash-after-ledger' | 'kill-worker' | 'server-sigint' | 'server-sigkill';
const lanes = new Map<LaneName, Lane>();

function startedLane(name: LaneName): Lane {
  const found = lanes.get(name);
  if (!found) throw new Error(`lane ${name} did not start`);
  return found;
}

/** The lane's Temporal server's address, read at each use since the server tests replace theirs. */
function address(lane: Lane): string {
  return lane.server?.current.address ?? inject('temporalAddress');
}

async function startServer(own: Omit<OwnServer, 'current'>): Promise<DevServer> {
  return startDevServer({ cliPath, dbFile: own.dbFile, port: own.port, headless: true });
}

async function startOwnServer(): Promise<OwnServer> {
  const own = { dbFile: join(directory, 'temporal.sqlite'), port: await findFreePort() };
  ownServer = { ...own, current: await startServer(own) };
  return ownServer;
}

async function startLane(companyId: LaneName, server: Promise<OwnServer> | undefined): Promise<void> {
  const [database, own] = await Promise.all([startTestDatabase(), server]);
  lanes.set(companyId, { companyId, taskQueue: `restart-${companyId}`, database, server: own });
}

function startWorker(lane: Lane, extraEnvironment: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [workerEntry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: address(lane),
      DATABASE_URL: lane.database.url,
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

async function ledgerRows(lane: Lane): Promise<number> {
  const { rows } = await lane.database.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ledger WHERE company_id = $1',
    [lane.companyId],
  );
  return rows[0]?.n ?? 0;
}

async function withClient<T>(lane: Lane, use: (client: SynthorgClient) => Promise<T>): Promise<T> {
  const temporalAddress = address(lane);
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const config = { ...loadConfig(killTestEnvironment), temporalAddress, taskQueue: lane.taskQueue };
    return await use(new SynthorgClient(connection, { config, ownsConnection: false }));
  } finally {
    await connection.close();
  }
}

/**
 * The goal completed, and every table the run wrote holds each call and each memory exactly once. `expect` is the
 * test's own: the tests run at once.
 */
async function expectExactlyOnce(expect: ExpectStatic, lane: Lane, rootId: string): Promise<void> {
  const { companyId, database } = lane;
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
    expect(await ledgerRows(lane)).toBe(steps);
    const { rows } = await database.pool.query<{ total: string; calls: number }>(
      'SELECT sum(cost_usd) AS total, count(*)::int AS calls FROM ledger WHERE company_id = $1',
      [companyId],
    );
    expect(company.budget.spentUsd).toBeCloseTo(Number(rows[0]?.total), 6);
    // The monthly totals the budget ceiling reads were charged once per call.
    const totals = await database.pool.query<{ cost_usd: string; calls: number }>(
      `SELECT cost_usd, calls FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
      [companyId],
    );
    expect(totals.rows).toHaveLength(1);
    expect(totals.rows[0]?.calls).toBe(rows[0]?.calls);
    expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(Number(rows[0]?.total), 6);
  });
  // Every remember the agents decided wrote its memory exactly once.
  const memories = await database.pool.query<{ call_key: string; memories: number }>(
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
async function reusedAnswers(lane: Lane, taskIds: string[]): Promise<number> {
  const { companyId } = lane;
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
async function stepHeartbeatTimeouts(lane: Lane, taskIds: string[]): Promise<Set<number>> {
  const { companyId } = lane;
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
  disrupt: (worker: ChildProcess) => Promise<ChildProcess>,
): Promise<void> {
  const { companyId } = lane;
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
    await until('the run to get under way', async () => (await ledgerRows(lane)) >= 4, {
      timeoutMs: 120_000,
      ignoreErrors: true,
    });
    const before = await ledgerRows(lane);
    worker = await disrupt(worker);
    // The disruption really came mid-run: the goal had work left.
    const finalCalls = await withClient(lane, async (client) => {
      await client.waitForTask(companyId, root.id, { pollIntervalMs: 300 });
      return ledgerRows(lane);
    });
    expect(finalCalls).toBeGreaterThan(before);

    await expectExactlyOnce(expect, lane, root.id);
  } finally {
    await stopWorker(worker, 'SIGINT');
  }
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'synthorg-restart-'));
  cliPath = await findTemporalCli({ install: true });
  // Started together; whatever started is stopped by afterAll even when another failed.
  const server = startOwnServer();
  const started = await Promise.allSettled([
    server,
    startLane('crash-after-ledger', undefined),
    startLane('kill-worker', undefined),
    startLane('server-sigint', server),
    startLane('server-sigkill', server),
  ]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});

afterAll(async () => {
  for (const { database } of lanes.values()) await database.stop();
  await ownServer?.current.stop('SIGINT');
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe.concurrent('restarts mid-run', () => {
  it('a worker that dies after the ledger write, before its activity completes: the retry reuses the answer, charged once', async ({
    expect,
  }) => {
    const crashing = startedLane('crash-after-ledger');
    const { companyId } = crashing;
    let worker = startWorker(crashing, { SYNTHORG_FAILPOINT: 'crash-after-ledger-write' });
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      worker.once('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const template = await loadTemplate('startup');
      const root = await withClient(crashing, async (client) => {
        await client.startCompany({
          id: companyId,
          template: { ...template, company: { ...template.company, oversight: 'full' } },
        });
        return client.submitGoal(companyId, 'Ship a pricing page with tests and a launch email');
      });
      expect(await died).toBe('SIGKILL');
      // The first call was paid and recorded; its activity never reported back.
      expect(await ledgerRows(crashing)).toBe(1);
      worker = startWorker(crashing);
      await expectExactlyOnce(expect, crashing, root.id);
      const tasks = await withClient(crashing, async (client) =>
        (await statusOnceAnswered(client, companyId)).tasks.map((task) => task.id),
      );
      expect(await reusedAnswers(crashing, tasks)).toBe(1);
      // The retry came after the kill tests' 10 s step heartbeat timeout (killTestEnvironment), not the 30 s default.
      expect(await stepHeartbeatTimeouts(crashing, tasks)).toEqual(new Set([10]));
    } finally {
      await stopWorker(worker, 'SIGINT');
    }
  });

  it('a worker killed with SIGKILL is replaced and the run finishes exactly once', async ({ expect }) => {
    const killed = startedLane('kill-worker');
    await runThrough(expect, killed, async (worker) => {
      await stopWorker(worker, 'SIGKILL');
      return startWorker(killed);
    });
  });

  // Beside the worker kills, one after the other (`concurrent: false`): they stop and restart the same server.
  describe('the Temporal server restarted', () => {
    it(
      'the Temporal server stopped with SIGINT and restarted on the same SQLite file',
      { concurrent: false },
      async ({ expect }) => {
        const stopped = startedLane('server-sigint');
        const own = stopped.server!;
        await runThrough(expect, stopped, async (worker) => {
          await own.current.stop('SIGINT');
          own.current = await startServer(own);
          // The worker rides out the outage when it can; a supervisor would restart it when it cannot.
          return worker.exitCode === null && worker.signalCode === null ? worker : startWorker(stopped);
        });
      },
    );

    it(
      'the Temporal server killed with SIGKILL and restarted on the same SQLite file',
      { concurrent: false },
      async ({ expect }) => {
        const killed = startedLane('server-sigkill');
        const own = killed.server!;
        await runThrough(expect, killed, async (worker) => {
          await own.current.stop('SIGKILL');
          await stopWorker(worker, 'SIGKILL');
          own.current = await startServer(own);
          return startWorker(killed);
        });
      },
    );
  });
});
