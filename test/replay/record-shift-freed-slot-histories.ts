/**
 * Records the replay history of a freed work slot: `node test/replay/record-shift-freed-slot-histories.ts`.
 * A company whose agents work one task at a time hears a task's ending before the task's release of its
 * slot (the order test/shifts/shift-freed-slot.test.ts speaks with the raw client), so the run takes
 * `shiftFreedSlotRetriesPatch` and grants the waiting task. Re-record only for an intended, versioned change.
 */
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { ShiftDeskProbe, until } from '../helpers/shift-desk-probes.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('shift-freed-slot');
const { client } = stack;
const companyId = 'replay-freed-slot';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const base = shiftTeamTemplate();
    await client.startCompany({
      id: companyId,
      template: { ...base, agents: base.agents.map((agent) => ({ ...agent, maxConcurrentTasks: 1 })) },
    });
    const desk = new ShiftDeskProbe(client.temporal, companyId);
    await desk.heardWhoIsOnDuty();
    await desk.slotHeldAndOneWaiting();
    await desk.report('a', 'COMPLETED', 2);
    await desk.request('c', 'assign', 'worker');
    await desk.release('a');
    await until('b to be granted', async () => (await desk.grantedTo('b')) === 'boss');
    await client.stopCompany(companyId);
  });
  await stack.save('shifts3-company-freed-slot', companyWorkflowId(companyId));
} finally {
  await stack.close();
}
