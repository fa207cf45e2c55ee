/**
 * Records the replay history of a company run that waited for its desk's grant to be delivered before it continued
 * as new: `node test/replay/record-shift-desk-delivery-histories.ts`. As test/shifts/shift-continue-sends.test.ts
 * does: task `a` holds the lead's one slot, `b` waits; with no worker running, `a`'s ending and reports past the
 * history limit reach the company together, so one workflow task grants the slot to `b` and is due to continue as
 * new; the run takes `shiftDeskDeliversBeforeClosePatch` (workflows/shift-desk.ts) and continues only once the grant
 * is delivered. The history saved is that first run's. Re-record only for an intended, versioned change.
 */
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { startCappedShiftCompany, until } from '../helpers/shift-desk-probes.ts';
import type { ShiftDeskProbe } from '../helpers/shift-desk-probes.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('shift-desk-delivery');
const { client } = stack;
const companyId = 'replay-desk-delivery';
const historyLimit = 300;
const company = client.temporal.workflow.getHandle(companyWorkflowId(companyId));
try {
  let desk: ShiftDeskProbe | undefined;
  let firstRun = '';
  await (
    await stack.worker()
  ).runUntil(async () => {
    desk = await startCappedShiftCompany(client.temporal, { companyId, taskQueue: 'record', historyLimit });
    await desk.slotHeldAndOneWaiting(shiftWorkflowId(companyId));
    firstRun = (await company.describe()).runId;
  });
  await desk!.endingPastTheLimit(historyLimit);
  await (
    await stack.worker()
  ).runUntil(async () => {
    await until('the company to continue as new', async () => (await company.describe()).runId !== firstRun, 60_000);
    await client.stopCompany(companyId);
  });
  await stack.save('shifts6-company-desk-delivery', companyWorkflowId(companyId), firstRun);
} finally {
  await stack.close();
}
