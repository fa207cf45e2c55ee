/**
 * Records the replay histories of the task's start as a local activity in its first workflow task
 * (docs/faults-and-load.md, "Tenth round: the task's start in its first workflow task"):
 * `node test/replay/record-task-start-local-histories.ts`. The same goals as
 * record-task-start-histories.ts (a duo company with a partner's channel message, one waiting for an approval,
 * the startup company decomposing into subtasks); every task takes patch `task-start-local`: its start is one
 * local activity that also tells the company IN_PROGRESS, and its first step is scheduled in the same workflow
 * task. Offline model (a deterministic simulator). Re-record only for an intended, versioned change.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('task-start-local');
const { client, pool } = stack;

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'local-duo', template: duoTemplate({ oversight: 'full' }) });
    await pool.query(
      `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at,
                                     signature, acked_at)
       VALUES ('local-duo', 'globex', 'ops', 'in', 1, 'm-1', 'globex:lead', 'The launch moves to Friday', now(), 's', now())`,
    );
    const notes = await client.submitGoal('local-duo', 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask('local-duo', notes.id, { pollIntervalMs: 200 });
    await client.stopCompany('local-duo');

    await client.startCompany({ id: 'local-semi', template: duoTemplate({ oversight: 'semi' }) });
    const deploy = await client.submitGoal('local-semi', 'Deploy the new pricing page', { goalId: 'deploy' });
    await client.waitForTask('local-semi', deploy.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('local-semi', approval.taskId, 'looks safe'),
    });
    await client.stopCompany('local-semi');

    await client.startCompany({ id: 'local-startup', template: 'startup' });
    const brief = await client.submitGoal('local-startup', 'Write a product brief for a note-taking app', {
      goalId: 'brief',
    });
    await client.waitForTask('local-startup', brief.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('local-startup', approval.taskId, 'recorded approval'),
    });
    await client.stopCompany('local-startup');
  });
  await stack.save('start-local-task', taskWorkflowId('local-duo', 'g-notes'));
  await stack.save('start-local-task-approval', taskWorkflowId('local-semi', 'g-deploy'));
  await stack.save('start-local-task-root', taskWorkflowId('local-startup', 'g-brief'));
  await stack.save('start-local-task-subtask', taskWorkflowId('local-startup', 'g-brief.1'));
} finally {
  await stack.close();
}
