/**
 * Records the replay history of a task's ending heard while its request waited for a slot:
 * `node test/replay/record-shift-ended-waiting-histories.ts`. As test/shifts/shift-ended-waiting.test.ts does:
 * task `a` holds the lead's one slot, `b` waits and is cancelled, so the run takes `endedTasksStopWaitingPatch`
 * (workflows/shift-desk.ts) and drops `b`'s request; `a`'s release then grants nobody. Re-record only for an
 * intended, versioned change.
 */
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { startCappedShiftCompany, until } from '../helpers/shift-desk-probes.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('shift-ended-waiting');
const { client } = stack;
const companyId = 'replay-ended-waiting';
const company = client.temporal.workflow.getHandle(companyWorkflowId(companyId));
try {
  await (
    await stack.worker()
  ).runUntil(async () => {
    const desk = await startCappedShiftCompany(client.temporal, {
      companyId,
      taskQueue: 'record',
      historyLimit: 2_000,
    });
    await desk.slotHeldAndOneWaiting();
    await desk.report('b', 'CANCELLED', 2);
    await desk.release('a');
    await until('the company to take the release', async () =>
      ((await company.fetchHistory()).events ?? []).some((event, index, events) => {
        const signal = event.workflowExecutionSignaledEventAttributes;
        return (
          signal?.signalName === 'releaseSlot' &&
          events.slice(index).some((later) => later.workflowTaskCompletedEventAttributes)
        );
      }),
    );
    await client.stopCompany(companyId);
  });
  await stack.save('shifts7-company-ended-waiting', companyWorkflowId(companyId));
} finally {
  await stack.close();
}
