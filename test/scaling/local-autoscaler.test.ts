import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { defaultPoolScaling } from '../../src/domain/autoscaling.ts';
import { poolTaskQueue } from '../../src/domain/placement.ts';
import { startAutoscalerHost } from '../../src/scaling/autoscaler-host.ts';
import type { AutoscalerHost } from '../../src/scaling/autoscaler-host.ts';
import { LocalScaler } from '../../src/scaling/local-scaler.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { newTestStack, testSandboxConfig } from '../helpers/sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { autoscalerStateQuery } from '../../workflows/contracts/autoscaler.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { teamTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

/**
 * The autoscaler with the local scaler (docs/scaling.md): a burst of goals whose engineers are placed
 * on pool "gpu", which starts with no worker. The autoscaler reads the gpu queue's backlog from the
 * dev server, starts real `synthorg worker --pool gpu` processes, and drains them once the work is
 * done. The workflows run on an in-process worker of the default pool; PostgreSQL is real.
 */
const database: TestDatabase | undefined = await startTestRealPostgres();

let connection: Connection;
let client: SynthorgClient;
let config: SynthorgConfig;
let sandbox: Sandbox;
/** The started gpu workers and the in-process one are one stack: they share its workspaces. */
const sandboxStack = newTestStack();
beforeAll(async () => {
  if (!database) return;
  quietRuntime();
  const temporalAddress = inject('temporalAddress');
  config = {
    ...loadConfig({}),
    taskQueue: `scale-${randomUUID()}`,
    temporalAddress,
    databaseUrl: database.url,
  };
  connection = await Connection.connect({ address: temporalAddress });
  client = new SynthorgClient(connection, { config, ownsConnection: false });
  sandbox = await createSandbox(testSandboxConfig(sandboxStack));
});
afterAll(async () => {
  await connection?.close();
  await sandbox?.close();
  await database?.stop();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!database)('local autoscaler', () => {
  it(`starts gpu workers under a burst and drains them after (${database ? 'real PostgreSQL' : noRealPostgresReason})`, async () => {
    const temporalAddress = config.temporalAddress as string;
    const logs: string[] = [];
    const scaler = new LocalScaler({
      environment: {
        ...process.env,
        TEMPORAL_ADDRESS: temporalAddress,
        DATABASE_URL: database!.url,
        SYNTHORG_TASK_QUEUE: config.taskQueue,
        SYNTHORG_LOG_LEVEL: 'ERROR',
        SYNTHORG_SANDBOX_STACK: sandboxStack,
      },
      drainTimeoutMs: 20_000,
      log: (line) => logs.push(`${new Date().toISOString()} ${line}`),
    });
    const host: AutoscalerHost = await startAutoscalerHost({
      config,
      temporalAddress,
      scaler,
      workflowBundle: await workflowBundle(),
      intervalMs: 1_000,
      pools: [
        {
          ...defaultPoolScaling,
          pool: 'gpu',
          taskQueue: poolTaskQueue(config.taskQueue, 'gpu'),
          minWorkers: 0,
          maxWorkers: 3,
          backlogPerWorker: 2,
          scaleUpCooldownMs: 2_000,
          scaleDownCooldownMs: 6_000,
        },
      ],
    });
    const hosting = host.run();
    const native = await NativeConnection.connect({ address: temporalAddress });
    const defaultPool = await Worker.create({
      connection: native,
      taskQueue: config.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ pool: database!.pool, config, sandbox }),
    });
    const counts: number[] = [];
    const pids = new Set<number>();
    const watch = setInterval(() => {
      counts.push(scaler.pids('gpu').length);
      for (const pid of scaler.pids('gpu')) pids.add(pid);
    }, 200);
    try {
      await defaultPool.runUntil(async () => {
        const base = teamTemplate('full');
        await client.startCompany({
          id: 'burst',
          template: { ...base, placement: { roles: { 'Operations Engineer': { pool: 'gpu' } } } },
        });
        const goals = await Promise.all(
          ['Plan the launch', 'Write the FAQ', 'Draft the pricing page', 'Prepare the demo script'].map((goal) =>
            client.submitGoal('burst', goal),
          ),
        );
        for (const goal of goals) {
          const done = await client.waitForTask('burst', goal.id, { pollIntervalMs: 300 });
          expect(done.status).toBe('COMPLETED');
        }
        await until('the gpu workers to be drained', () => scaler.pids('gpu').length === 0);
      });
      await until('the drained worker processes to exit', () => [...pids].every((pid) => !isAlive(pid)));
      const view = await host.client.workflow.getHandle(host.workflowId).query(autoscalerStateQuery);
      const gpu = view.decisions.filter((decision) => decision.pool === 'gpu');
      expect(gpu[0]).toMatchObject({ from: 0 });
      expect(gpu.at(-1)).toMatchObject({ to: 0 });
      expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...counts)).toBeLessThanOrEqual(3);
      // Every model call of the burst was charged exactly once, whichever worker ran it.
      const { rows } = await database!.pool.query<{ calls: number; keys: number }>(
        `SELECT count(*)::int AS calls, count(DISTINCT call_key)::int AS keys FROM ledger WHERE company_id = 'burst'`,
      );
      expect(rows[0]!.calls).toBe(rows[0]!.keys);
      expect(rows[0]!.calls).toBeGreaterThan(8);
    } catch (error) {
      const view = await host.client.workflow.getHandle(host.workflowId).query(autoscalerStateQuery).catch(String);
      process.stderr.write(`${logs.join('\n')}\n${JSON.stringify(view, null, 1)}\n`);
      throw error;
    } finally {
      clearInterval(watch);
      await host.stop();
      await hosting.catch(() => undefined);
      await native.close();
    }
  }, 300_000);
});
