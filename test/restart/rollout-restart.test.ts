import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { rolloutWorkflowId } from '../../src/domain/rollout.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { killProcess } from '../helpers/stack-processes.ts';
import { until } from '../helpers/until.ts';
import { killTestEnvironment, killedWorkerEnvironment } from '../helpers/status-once-answered.ts';
import { stickyWaitsMs } from '../helpers/sticky-waits.ts';

/**
 * A worker SIGKILLed in the middle of a staged rollout (docs/self-improvement.md): the rollout's
 * stage and every goal's assignment survive in Temporal and Postgres, the next worker carries on,
 * and no goal is assigned twice or runs under another version than the one it was assigned.
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

let database: TestDatabase;
let connection: Connection;
let client: SynthorgClient;
const taskQueue = `rollout-restart-${randomUUID()}`;

beforeAll(async () => {
  database = await startTestDatabase();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new SynthorgClient(connection, {
    config: {
      ...loadConfig(killTestEnvironment),
      taskQueue,
      temporalAddress: inject('temporalAddress'),
      databaseUrl: database.url,
    },
    ownsConnection: false,
  });
});
afterAll(async () => {
  await connection?.close();
  await database?.stop();
});

function startWorker(environment: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [workerEntry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: database.url,
      SYNTHORG_TASK_QUEUE: taskQueue,
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

describe('a worker killed mid-rollout', () => {
  it('keeps the stage and the assignments; the next worker finishes the rollout; no goal assigned twice', async () => {
    const id = 'rollout-killed';
    // The worker killed below asks for a 2 s sticky-queue timeout (killedWorkerEnvironment): the rollout's next
    // workflow task, sent to its sticky queue after the kill, then waits 2 s for the new worker, not the SDK's 10 s.
    let worker = startWorker(killedWorkerEnvironment);
    try {
      await client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
      const configuration = client.configuration;
      const candidate = await configuration.propose(id, {
        roles: { 'Operations Engineer': { instructions: 'Show evidence for each acceptance criterion.' } },
      });
      await configuration.startRollout(id, candidate.version, {
        stages: [
          { percent: 50, minSamples: 3, maxDuration: '30m' },
          { percent: 100, minSamples: 1, maxDuration: '30m' },
        ],
        mode: 'manual',
        checkEvery: '1s',
        // The kill itself slows whichever goals were in flight: a real latency difference between the
        // arms that, on a slow machine, the gate rightly calls a regression. This test is about what
        // survives the kill, so latency may not roll the candidate back here (the other gates stay).
        thresholds: { maxLatencyRise: 1000 },
      });
      const goals = [];
      for (let index = 1; index <= 10; index++)
        goals.push((await client.submitGoal(id, `[steps=1] Entry ${index}`)).id);
      // Kill once goals are assigned and some are mid-flight.
      await until(
        'assignments',
        async () => {
          const { rows } = await database.pool.query<{ count: string }>(
            'SELECT count(*) FROM task_configurations WHERE company_id = $1',
            [id],
          );
          return Number(rows[0]?.count) >= 4 ? true : undefined;
        },
        { timeoutMs: 150_000, ignoreErrors: true },
      );
      const before = await database.pool.query<{ root_task_id: string; version: number; arm: string }>(
        'SELECT root_task_id, version, arm FROM task_configurations WHERE company_id = $1 ORDER BY root_task_id',
        [id],
      );
      await killProcess(worker);
      const stageWhileDead = await database.pool.query<{ status: string; stage_index: number; percent: number }>(
        'SELECT status, stage_index, percent FROM rollouts WHERE company_id = $1',
        [id],
      );
      expect(stageWhileDead.rows[0]).toMatchObject({ stage_index: 0, percent: 50 });

      worker = startWorker();
      let seen = '';
      const gate = await until(
        'the gate to pass',
        async () => {
          const view = await configuration.rollout(id, candidate.version);
          seen = JSON.stringify({ rollout: view.rollout, live: view.live });
          const ended = ['ROLLED_BACK', 'ABORTED', 'PROMOTED'].includes(view.rollout.status);
          return ended || view.live?.awaitingApproval ? view : undefined;
        },
        { timeoutMs: 150_000, ignoreErrors: true, describe: () => `last seen: ${seen}` },
      );
      // A rollout that ended before its gate passed fails here with its verdict, not after the deadline.
      expect(gate.live?.awaitingApproval, seen).toBe(true);
      expect(gate.live?.stageIndex).toBe(0);
      await configuration.approveRollout(id, candidate.version, { stage: 1 });
      await until(
        'the promotion',
        async () => {
          const { rollout } = await configuration.rollout(id, candidate.version);
          return rollout.status === 'PROMOTED' ? rollout : undefined;
        },
        { timeoutMs: 150_000, ignoreErrors: true },
      );
      // No workflow task of the rollout waited out a sticky-queue timeout near the SDK's 10 s.
      const rolloutHistory = await client.temporal.workflow
        .getHandle(rolloutWorkflowId(id, candidate.version))
        .fetchHistory();
      expect(stickyWaitsMs(rolloutHistory).filter((waited) => waited >= 5_000)).toEqual([]);
      for (const goal of goals) {
        const done = await client.waitForTask(id, goal, { pollIntervalMs: 300 });
        expect(['COMPLETED', 'FAILED']).toContain(done.status);
      }

      const after = await database.pool.query<{ root_task_id: string; version: number; arm: string }>(
        'SELECT root_task_id, version, arm FROM task_configurations WHERE company_id = $1 ORDER BY root_task_id',
        [id],
      );
      // Assignments made before the kill are unchanged, and there is exactly one per goal.
      for (const row of before.rows) expect(after.rows).toContainEqual(row);
      expect(after.rows.map((row) => row.root_task_id).sort()).toEqual([...goals].sort());
      const mismatched = await database.pool.query(
        `SELECT t.id FROM tasks t JOIN task_configurations c ON c.company_id = t.company_id AND c.root_task_id = split_part(t.id, '.', 1)
          WHERE t.company_id = $1 AND t.config_version IS DISTINCT FROM c.version`,
        [id],
      );
      expect(mismatched.rows).toEqual([]);
      // Both arms were used during the rollout. A goal whose assignment came after the promotion (the
      // worker was down, or the goals before it were still running) runs on the current version, which
      // by then is the candidate.
      const arms = new Set(after.rows.map((row) => row.arm));
      expect(arms).toContain('candidate');
      expect(arms).toContain('baseline');
      for (const row of after.rows.filter((entry) => !['candidate', 'baseline'].includes(entry.arm)))
        expect(row).toMatchObject({ arm: 'current', version: candidate.version });
    } finally {
      await killProcess(worker);
    }
  }, 300_000);
});
