import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { teamTemplate } from '../helpers/templates.ts';
import { killTestEnvironment, killedWorkerEnvironment, statusOnceAnswered } from '../helpers/status-once-answered.ts';
import { stickyWaitsMs } from '../helpers/sticky-waits.ts';
import { until } from '../helpers/until.ts';

/**
 * Three `synthorg worker` processes as pools against real PostgreSQL: A serves `default`, B serves
 * `default` and `gpu`, C serves `gpu`. The engineers are placed on `gpu`. B is SIGKILLed while goals
 * run; its workflow tasks and activities move to A and C, every goal completes, and the ledger holds
 * exactly one row per model call the workflows made (nothing lost, nothing done twice).
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));
const database: TestDatabase | undefined = await startTestRealPostgres();

let connection: Connection;
let client: SynthorgClient;
let config: SynthorgConfig;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  if (!database) return;
  const temporalAddress = inject('temporalAddress');
  config = {
    ...loadConfig(killTestEnvironment),
    taskQueue: `pools-${randomUUID()}`,
    temporalAddress,
    databaseUrl: database.url,
  };
  connection = await Connection.connect({ address: temporalAddress });
  client = new SynthorgClient(connection, { config, ownsConnection: false });
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await connection?.close();
  await database?.stop();
});

function startWorker(pools: string[], environment: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, [workerEntry, ...pools.flatMap((pool) => ['--pool', pool])], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: config.temporalAddress,
      DATABASE_URL: database!.url,
      SYNTHORG_TASK_QUEUE: config.taskQueue,
      SYNTHORG_LOG_LEVEL: 'ERROR',
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  workers.push(child);
  return child;
}

describe.skipIf(!database)('worker pools in three processes', () => {
  it(`loses nothing and does nothing twice when a pool worker is SIGKILLed under load (${database ? 'real PostgreSQL' : noRealPostgresReason})`, async () => {
    startWorker(['default']);
    // B, the one killed, asks for a 2 s sticky-queue timeout (killedWorkerEnvironment): the workflow tasks the
    // server sends to its sticky queue after the kill then move to A and C after 2 s, not the SDK's 10 s.
    const both = startWorker(['default', 'gpu'], killedWorkerEnvironment);
    startWorker(['gpu']);
    const base = teamTemplate('full');
    await client.startCompany({
      id: 'pooled',
      template: { ...base, placement: { roles: { 'Operations Engineer': { pool: 'gpu' } } } },
    });
    const goals = await Promise.all(
      ['Plan the launch', 'Write the FAQ', 'Draft the pricing page', 'Prepare the demo script'].map((goal) =>
        client.submitGoal('pooled', goal),
      ),
    );
    // Under load: engineers' (gpu) model calls have started to land in the ledger.
    await until(
      'gpu work to start',
      async () => {
        const { rows } = await database!.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ledger WHERE company_id = 'pooled' AND agent_id IN ('worker', 'second')`,
        );
        return (rows[0]?.n ?? 0) >= 2;
      },
      { timeoutMs: 120_000, ignoreErrors: true },
    );
    both.kill('SIGKILL');

    for (const goal of goals) {
      const done = await client.waitForTask('pooled', goal.id, { pollIntervalMs: 500 });
      expect(done.status).toBe('COMPLETED');
    }
    // The killed worker may have held the company's workflow task: its queries wait for the takeover.
    const company = await statusOnceAnswered(client, 'pooled');
    let steps = 0;
    const stickyWaits = stickyWaitsMs(await client.temporal.workflow.getHandle('company:pooled').fetchHistory());
    for (const task of company.tasks) {
      expect(task.status).toBe('COMPLETED');
      const handle = client.temporal.workflow.getHandle(taskWorkflowId('pooled', task.id));
      steps += (await handle.query(stateQuery)).steps;
      stickyWaits.push(...stickyWaitsMs(await handle.fetchHistory()));
    }
    // No workflow task waited out a sticky-queue timeout near the SDK's 10 s (test/helpers/sticky-waits.ts).
    expect(stickyWaits.filter((waited) => waited >= 5_000)).toEqual([]);
    const { rows } = await database!.pool.query<{ calls: number; keys: number }>(
      `SELECT count(*)::int AS calls, count(DISTINCT call_key)::int AS keys FROM ledger WHERE company_id = 'pooled'`,
    );
    expect(rows[0]!.calls).toBe(steps);
    expect(rows[0]!.keys).toBe(steps);
  }, 300_000);
});
