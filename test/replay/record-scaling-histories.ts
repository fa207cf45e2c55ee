/**
 * Records the replay histories of the scaling workflows (docs/scaling.md): `node test/replay/record-scaling-histories.ts`.
 * A task whose placed agent fails over from pool gpu (no worker) to default, and an autoscaler run that
 * reads a backlog, scales a pool up and continues as new. Re-record only for an intended, versioned change.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { poolTaskQueue } from '../../src/domain/placement.ts';
import { startAutoscalerHost } from '../../src/scaling/autoscaler-host.ts';
import type { WorkerScaler } from '../../src/scaling/worker-scaler.ts';
import { defaultPoolScaling } from '../../src/domain/autoscaling.ts';
import { startRecordingStack } from './recording-stack.ts';
import { teamTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('scaling');
const { server, config, client } = stack;

/** A scaler that only counts: the history records the decisions, not what a real scaler did. */
const counts = new Map<string, number>();
const countingScaler: WorkerScaler = {
  kind: 'local',
  current: async (name) => counts.get(name) ?? 0,
  scaleTo: async (name, count) => void counts.set(name, count),
  close: async () => {},
};
let autoscalerRunId = '';
let placedTaskId = '';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const base = teamTemplate('full');
    await client.startCompany({
      id: 'replay-placed',
      template: {
        ...base,
        agents: base.agents.map((agent) =>
          agent.id === 'worker' ? { ...agent, placement: { pool: 'gpu', fallback: 'default' } } : agent,
        ),
        placement: { failoverAfter: '2s' },
      },
    });
    const root = await client.submitGoal('replay-placed', 'Write the onboarding checklist');
    await client.waitForTask('replay-placed', root.id, { pollIntervalMs: 200 });
    placedTaskId = (await client.status('replay-placed')).tasks.find((task) => task.assignee === 'worker')?.id ?? 't1';
    await client.stopCompany('replay-placed');

    // The gpu queue has a backlog (a placed task waits there, no gpu worker): the autoscaler scales it up.
    await client.startCompany({
      id: 'replay-backlog',
      template: { ...base, placement: { roles: { 'Operations Engineer': { pool: 'gpu' } } } },
    });
    await client.submitGoal('replay-backlog', 'Write the onboarding checklist');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const host = await startAutoscalerHost({
      config,
      temporalAddress: server.address,
      scaler: countingScaler,
      intervalMs: 1_000,
      ticksPerRun: 3,
      pools: [{ ...defaultPoolScaling, pool: 'gpu', taskQueue: poolTaskQueue('record', 'gpu'), maxWorkers: 2 }],
    });
    const hosting = host.run();
    autoscalerRunId = (await host.client.workflow.getHandle(host.workflowId).describe()).runId;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await host.stop();
    await hosting;
    await client.stopCompany('replay-backlog');
  });
  const save = (name: string, workflowId: string, runId?: string) => stack.save(name, workflowId, runId);
  await save('scaling-task-failover', taskWorkflowId('replay-placed', placedTaskId));
  await save('scaling-autoscaler', 'autoscaler:record', autoscalerRunId);
  process.stdout.write(`scaler counts: ${JSON.stringify([...counts])}\n`);
} finally {
  await stack.close();
}
