/**
 * Records the replay histories of the task's start in one activity (docs/faults-and-load.md, "Sixth round:
 * the task's start"): `node test/replay/record-task-start-histories.ts`. A duo company with a partner's
 * channel message takes a goal (the offline boss delegates to the worker, who is reviewed), one under semi
 * oversight waits for an approval, and the startup company decomposes a goal into subtasks (which read no
 * inbox). Every task starts with one `beginTask` activity (patch `task-start-in-one`) and takes the older
 * patches without their markers. Offline model (a deterministic simulator). Re-record only for an intended,
 * versioned change.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('task-start');
const { client, pool } = stack;

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'start-duo', template: duoTemplate({ oversight: 'full' }) });
    await pool.query(
      `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at,
                                     signature, acked_at)
       VALUES ('start-duo', 'globex', 'ops', 'in', 1, 'm-1', 'globex:lead', 'The launch moves to Friday', now(), 's', now())`,
    );
    const notes = await client.submitGoal('start-duo', 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask('start-duo', notes.id, { pollIntervalMs: 200 });
    await client.stopCompany('start-duo');

    await client.startCompany({ id: 'start-semi', template: duoTemplate({ oversight: 'semi' }) });
    const deploy = await client.submitGoal('start-semi', 'Deploy the new pricing page', { goalId: 'deploy' });
    await client.waitForTask('start-semi', deploy.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('start-semi', approval.taskId, 'looks safe'),
    });
    await client.stopCompany('start-semi');

    await client.startCompany({ id: 'start-startup', template: 'startup' });
    const brief = await client.submitGoal('start-startup', 'Write a product brief for a note-taking app', {
      goalId: 'brief',
    });
    await client.waitForTask('start-startup', brief.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('start-startup', approval.taskId, 'recorded approval'),
    });
    await client.stopCompany('start-startup');
  });
  await stack.save('start-task', taskWorkflowId('start-duo', 'g-notes'));
  await stack.save('start-task-approval', taskWorkflowId('start-semi', 'g-deploy'));
  await stack.save('start-task-root', taskWorkflowId('start-startup', 'g-brief'));
  await stack.save('start-task-subtask', taskWorkflowId('start-startup', 'g-brief.1'));
} finally {
  await stack.close();
}
