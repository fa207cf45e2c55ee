/**
 * Records the replay history of a company run that waited for a retirement's tell to be delivered before it
 * continued as new: `node test/replay/record-retirement-delivery-histories.ts`. As
 * test/scaling/retirement-continue-sends.test.ts does: with no worker running, a report of task `a` naming a retired
 * agent and reports past the history limit reach the company together, so one workflow task tells `a` and is due to
 * continue as new; the run takes patch company-sends-delivered-before-close (workflows/company.ts) and continues only
 * once the tell is delivered. The history saved is that first run's. Re-record only for an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { reportPastTheLimit, startCompanyAfterRetirement, startReceivingTask } from '../helpers/retirement-probes.ts';
import { until } from '../helpers/shift-desk-probes.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('retirement-delivery');
const { client } = stack;
const companyId = 'replay-retirement-delivery';
const historyLimit = 300;
const company = client.temporal.workflow.getHandle(companyWorkflowId(companyId));
try {
  await startReceivingTask(client.temporal, companyId, 'a');
  let firstRun = '';
  await (
    await stack.worker()
  ).runUntil(async () => {
    await startCompanyAfterRetirement(client.temporal, { companyId, taskQueue: 'record', historyLimit });
    firstRun = (await company.describe()).runId;
  });
  await reportPastTheLimit(client.temporal, companyId, 'a', historyLimit);
  await (
    await stack.worker()
  ).runUntil(async () => {
    await until('the company to continue as new', async () => (await company.describe()).runId !== firstRun, 60_000);
  });
  await stack.save('scaling-company-retirement-delivery', companyWorkflowId(companyId), firstRun);
  await company.terminate('recorded');
  await client.temporal.workflow.getHandle(taskWorkflowId(companyId, 'a')).terminate('recorded');
} finally {
  await stack.close();
}
