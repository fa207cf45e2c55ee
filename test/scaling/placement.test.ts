import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import type { AgentStepInput } from '../../src/domain/agent-action.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { poolTaskQueue } from '../../src/domain/placement.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { testSandboxConfig } from '../helpers/sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { startSynthorgTestEnv, workflowBundle } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { teamTemplate } from '../helpers/templates.ts';

/**
 * Placement (docs/scaling.md): an agent placed on pool "gpu" has its model calls run only by workers
 * of that pool's task queue; with no gpu worker, its work fails over to the fallback pool and the task
 * records the move. Real workers on the shared dev server, each serving its own queue.
 */
let env: SynthorgTestEnv;
let sandbox: Sandbox;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  sandbox = await createSandbox(testSandboxConfig(env.sandboxStack));
});
afterAll(async () => {
  await sandbox?.close();
  await env?.stop();
});

interface StepSeen {
  queue: string;
  agentId: string;
}

/** The real activities, noting which task queue ran each model call and for which agent. */
function observedActivities(seen: StepSeen[]) {
  const activities = createActivities({ pool: env.pool, config: env.config, sandbox });
  return {
    ...activities,
    agentStep: (input: AgentStepInput) => {
      seen.push({ queue: Context.current().info.taskQueue, agentId: input.agent.id });
      return activities.agentStep(input);
    },
  };
}

function gpuTemplate() {
  const base = teamTemplate('full');
  return {
    ...base,
    agents: base.agents.map((agent) =>
      agent.id === 'worker' ? { ...agent, placement: { pool: 'gpu', fallback: 'default' } } : agent,
    ),
    placement: { failoverAfter: '3s' },
  };
}

async function withPools<T>(pools: string[], seen: StepSeen[], run: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  try {
    const bundle = await workflowBundle();
    const workers = await Promise.all(
      pools.map((pool) =>
        Worker.create({
          connection,
          taskQueue: poolTaskQueue(env.taskQueue, pool),
          activities: observedActivities(seen),
          ...(pool === 'default' ? { workflowBundle: bundle } : {}),
        }),
      ),
    );
    const [first, ...others] = workers;
    const running = others.map((worker) => worker.run());
    try {
      return await first!.runUntil(run());
    } finally {
      for (const worker of others) worker.shutdown();
      await Promise.all(running);
    }
  } finally {
    await connection.close();
  }
}

describe('worker pools', () => {
  it('runs a gpu-placed agent’s steps only on the gpu pool and everyone else’s on the default pool', async () => {
    const seen: StepSeen[] = [];
    await withPools(['default', 'gpu'], seen, async () => {
      await env.client.startCompany({ id: 'placed', template: gpuTemplate() });
      const root = await env.client.submitGoal('placed', 'Write the onboarding checklist');
      const done = await env.client.waitForTask('placed', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const company = await env.client.status('placed');
      expect(company.tasks.some((task) => task.assignee === 'worker')).toBe(true);
    });
    const gpuQueue = poolTaskQueue(env.taskQueue, 'gpu');
    const workerSteps = seen.filter((step) => step.agentId === 'worker');
    expect(workerSteps.length).toBeGreaterThan(0);
    expect(new Set(workerSteps.map((step) => step.queue))).toEqual(new Set([gpuQueue]));
    const otherSteps = seen.filter((step) => step.agentId !== 'worker');
    expect(otherSteps.length).toBeGreaterThan(0);
    expect(new Set(otherSteps.map((step) => step.queue))).toEqual(new Set([env.taskQueue]));
  });

  it('moves the work to the fallback pool when no gpu worker polls, and records the move on the task', async () => {
    const seen: StepSeen[] = [];
    await withPools(['default'], seen, async () => {
      await env.client.startCompany({ id: 'failover', template: gpuTemplate() });
      const root = await env.client.submitGoal('failover', 'Write the onboarding checklist');
      const done = await env.client.waitForTask('failover', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const company = await env.client.status('failover');
      const placedTasks = company.tasks.filter((task) => task.assignee === 'worker');
      expect(placedTasks.length).toBeGreaterThan(0);
      for (const task of placedTasks) {
        const state = await env.client.temporal.workflow
          .getHandle(taskWorkflowId('failover', task.id))
          .query(stateQuery);
        // One move per task: later steps go straight to the fallback instead of waiting out the timeout again.
        expect(state.failovers).toHaveLength(1);
        expect(state.failovers?.[0]).toMatchObject({ agentId: 'worker', fromPool: 'gpu', toPool: 'default' });
      }
    });
    expect(seen.filter((step) => step.agentId === 'worker').every((step) => step.queue === env.taskQueue)).toBe(true);
    const audit = await env.pool.query<{ task_id: string; details: { fromPool: string } }>(
      `SELECT task_id, details FROM audit_log WHERE company_id = 'failover' AND event = 'work moved to fallback pool'`,
    );
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit.rows.every((row) => row.details.fromPool === 'gpu')).toBe(true);
  });
});
