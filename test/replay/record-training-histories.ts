/**
 * Records the replay histories of training mode (docs/self-improvement.md, "Training"):
 * `node test/replay/record-training-histories.ts`. Writes `training-*.json` beside the others:
 * a junior's task with the senior's critique and revision, a senior's task distilled into an
 * exemplar, a `train status` request, and a junior's task of a training company recorded by the
 * code before training mode (the training gate fixed to false), for the replay guard.
 */
import { Worker } from '@temporalio/worker';
import { createSandbox, loadSandboxConfig } from '../../src/sandbox/index.ts';
import { createActivities } from '../../activities/index.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { trainingRequestWorkflowId } from '../../workflows/contracts/training.ts';
import { trainingTemplate } from '../helpers/training-template.ts';
import { trainingGateBundle } from './training-bundle.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('training');
const { pool, config, client, connection, nativeConnection } = stack;
const activities = createActivities({ pool, config, sandbox: await createSandbox(loadSandboxConfig({})) });

try {
  const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'record', workflowsPath, activities });
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'replay-train', template: trainingTemplate({ window: 2, threshold: 1 }) });
    for (const topic of ['pricing', 'hiring']) {
      const goal = await client.submitGoal('replay-train', `[steps=1] Memo on ${topic}`);
      await client.waitForTask('replay-train', goal.id, { pollIntervalMs: 200 });
    }
    const { Client } = await import('@temporalio/client');
    await new Client({ connection }).workflow.execute('trainingRequestWorkflow', {
      workflowId: trainingRequestWorkflowId('replay-train', 'recorded-status'),
      taskQueue: 'record',
      args: [{ kind: 'status', companyId: 'replay-train' }],
    });
    await client.stopCompany('replay-train');
  });

  // The code before training mode, on a company with a training section: no critique, no marker.
  const before = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'record',
    workflowBundle: await trainingGateBundle(false),
    activities,
  });
  await before.runUntil(async () => {
    await client.startCompany({ id: 'replay-train-old', template: trainingTemplate({ window: 2, threshold: 1 }) });
    const goal = await client.submitGoal('replay-train-old', '[steps=1] Memo on pricing');
    await client.waitForTask('replay-train-old', goal.id, { pollIntervalMs: 200 });
    await client.stopCompany('replay-train-old');
  });

  await stack.save('training-task-junior-critiqued', taskWorkflowId('replay-train', 't1'));
  await stack.save('training-task-senior-exemplar', taskWorkflowId('replay-train', 't2'));
  await stack.save('training-request-status', trainingRequestWorkflowId('replay-train', 'recorded-status'));
  await stack.save('training-task-before-training-mode', taskWorkflowId('replay-train-old', 't1'));
} finally {
  await stack.close();
}
