import { taskWorkflowId } from '../../src/domain/ids.ts';
import { duoTemplate } from '../helpers/templates.ts';
import type { RecordingStack } from './recording-stack.ts';

/**
 * The goals both task-start recorders run (record-task-start-histories.ts, record-task-start-local-histories.ts),
 * and their four saved histories: a duo company with a partner's channel message takes a goal (the offline boss
 * delegates to the worker, who is reviewed), one under semi oversight waits for an approval, and the startup
 * company decomposes a goal into subtasks (which read no inbox). Companies `<prefix>-duo`, `<prefix>-semi`,
 * `<prefix>-startup`; histories `<name>`, `<name>-approval`, `<name>-root`, `<name>-subtask`.
 */
export async function recordTaskStartGoals(stack: RecordingStack, prefix: string, name: string): Promise<void> {
  const { client, pool } = stack;
  const [duo, semi, startup] = [`${prefix}-duo`, `${prefix}-semi`, `${prefix}-startup`];
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: duo, template: duoTemplate({ oversight: 'full' }) });
    await pool.query(
      `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at,
                                     signature, acked_at)
       VALUES ($1, 'globex', 'ops', 'in', 1, 'm-1', 'globex:lead', 'The launch moves to Friday', now(), 's', now())`,
      [duo],
    );
    const notes = await client.submitGoal(duo, 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask(duo, notes.id, { pollIntervalMs: 200 });
    await client.stopCompany(duo);

    await client.startCompany({ id: semi, template: duoTemplate({ oversight: 'semi' }) });
    const deploy = await client.submitGoal(semi, 'Deploy the new pricing page', { goalId: 'deploy' });
    await client.waitForTask(semi, deploy.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve(semi, approval.taskId, 'looks safe'),
    });
    await client.stopCompany(semi);

    await client.startCompany({ id: startup, template: 'startup' });
    const brief = await client.submitGoal(startup, 'Write a product brief for a note-taking app', {
      goalId: 'brief',
    });
    await client.waitForTask(startup, brief.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve(startup, approval.taskId, 'recorded approval'),
    });
    await client.stopCompany(startup);
  });
  await stack.save(name, taskWorkflowId(duo, 'g-notes'));
  await stack.save(`${name}-approval`, taskWorkflowId(semi, 'g-deploy'));
  await stack.save(`${name}-root`, taskWorkflowId(startup, 'g-brief'));
  await stack.save(`${name}-subtask`, taskWorkflowId(startup, 'g-brief.1'));
}
