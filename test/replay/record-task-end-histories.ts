/**
 * Records the replay histories of the task's ending in one local activity (docs/faults-and-load-rounds.md, "Seventh
 * round: the task's end"): `node test/replay/record-task-end-histories.ts`. A duo company takes a goal (the
 * offline boss delegates to the worker, who is reviewed) and ends it COMPLETED; one under semi oversight is
 * cancelled while it waits for an approval; the startup company decomposes a goal into subtasks, each ending on
 * its own. Every ending is one `endTask` local activity (patch `task-end-in-one`). Offline model (a deterministic
 * simulator). Re-record only for an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { until } from '../helpers/until.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('task-end');
const { client } = stack;

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'end-duo', template: duoTemplate({ oversight: 'full' }) });
    const notes = await client.submitGoal('end-duo', 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask('end-duo', notes.id, { pollIntervalMs: 200 });

    await client.startCompany({ id: 'end-semi', template: duoTemplate({ oversight: 'semi' }) });
    const deploy = await client.submitGoal('end-semi', 'Deploy the new pricing page', { goalId: 'deploy' });
    await until('the approval asked', async () => (await client.listApprovals('end-semi')).length > 0);
    await client.temporal.workflow.getHandle(taskWorkflowId('end-semi', deploy.id)).cancel();
    await client.waitForTask('end-semi', deploy.id, { pollIntervalMs: 200 });
    await client.stopCompany('end-semi');

    await client.startCompany({ id: 'end-startup', template: 'startup' });
    const brief = await client.submitGoal('end-startup', 'Write a product brief for a note-taking app', {
      goalId: 'brief',
    });
    await client.waitForTask('end-startup', brief.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('end-startup', approval.taskId, 'recorded approval'),
    });
    await client.stopCompany('end-startup');
  });
  await stack.save('end-task', taskWorkflowId('end-duo', 'g-notes'));
  await stack.save('end-task-cancelled', taskWorkflowId('end-semi', 'g-deploy'));
  await stack.save('end-task-root', taskWorkflowId('end-startup', 'g-brief'));
  await stack.save('end-task-subtask', taskWorkflowId('end-startup', 'g-brief.1'));
  // The company still running: it heard the ending as a signal from the worker's client, with a request id.
  await stack.save('end-company', companyWorkflowId('end-duo'));
} finally {
  await stack.close();
}
