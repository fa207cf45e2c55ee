/**
 * Records the replay history of a task whose bookkeeping runs as local activities (docs/faults-and-load.md,
 * "Where the time goes"; patch `local-bookkeeping`): `node test/replay/record-bookkeeping-histories.ts`. A
 * company takes one direct goal (the offline boss delegates to the worker, who is reviewed): its configuration
 * version, channel inbox and every projection write are markers of local activities. Saved are the company and
 * the task. Offline model (a deterministic simulator). Re-record only for an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('bookkeeping');
const { client } = stack;
const companyId = 'replay-bookkeeping';

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
    const notes = await client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask(companyId, notes.id, { pollIntervalMs: 200 });
    await client.stopCompany(companyId);
  });
  await stack.save('bookkeeping-company', companyWorkflowId(companyId));
  await stack.save('bookkeeping-task', taskWorkflowId(companyId, 'g-notes'));
} finally {
  await stack.close();
}
