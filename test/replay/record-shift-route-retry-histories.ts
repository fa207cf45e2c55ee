/**
 * Records the replay history of a route request the company was not found for:
 * `node test/replay/record-shift-route-retry-histories.ts`. A goal task of a shift company that has stopped
 * sends its route request three times, a second apart (`routeRequestRetriesPatch`, workflows/route-request.ts),
 * and fails, as test/shifts/shift-route-retry.test.ts checks. Re-record only for an intended, versioned change.
 */
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { goalTask } from '../../workflows/contracts/goal-task.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('shift-route-retry');
const { client } = stack;
const companyId = 'replay-route-retry';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const template = CompanyTemplate.parse(shiftTeamTemplate());
    await client.startCompany({ id: companyId, template });
    await client.stopCompany(companyId);
    const { input } = goalTask(snapshotFromTemplate(companyId, template), 't1', { goal: 'Renew a domain' }, false);
    const handle = await client.temporal.workflow.start('agentTaskWorkflow', {
      workflowId: taskWorkflowId(companyId, 't1'),
      taskQueue: 'record',
      args: [input],
    });
    await handle.result();
  });
  await stack.save('shifts4-task-route-retry', taskWorkflowId(companyId, 't1'));
} finally {
  await stack.close();
}
