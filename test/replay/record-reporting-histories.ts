/**
 * Records the replay histories of fewer reports to the company (docs/faults-and-load-rounds.md, "Fewer reports
 * to the company"): `node test/replay/record-reporting-histories.ts`. A company takes one direct goal
 * (the offline boss delegates to the worker, who is reviewed) and one under semi oversight that waits
 * for an approval; the task reports only what the company acts on (patch `coalesced-task-reports`).
 * Saved are the company and both tasks. Offline model (a deterministic simulator). Re-record only for
 * an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('reporting');
const { client } = stack;
const companyId = 'replay-reports';
const approvingId = 'replay-reports-semi';

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
    const notes = await client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask(companyId, notes.id, { pollIntervalMs: 200 });
    await client.stopCompany(companyId);

    await client.startCompany({ id: approvingId, template: duoTemplate({ oversight: 'semi' }) });
    const deploy = await client.submitGoal(approvingId, 'Deploy the new pricing page', { goalId: 'deploy' });
    await client.waitForTask(approvingId, deploy.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve(approvingId, approval.taskId, 'looks safe'),
    });
    await client.stopCompany(approvingId);
  });
  await stack.save('reports-company', companyWorkflowId(companyId));
  await stack.save('reports-task', taskWorkflowId(companyId, 'g-notes'));
  await stack.save('reports-task-approval', taskWorkflowId(approvingId, 'g-deploy'));
} finally {
  await stack.close();
}
