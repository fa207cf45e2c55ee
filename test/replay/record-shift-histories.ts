/**
 * Records the shift histories the replay test replays: `node test/replay/record-shift-histories.ts`.
 * A company with a roster (routing, a handoff of a task waiting for approval, a call-in, a swap) and a
 * shift workflow that continues as new. Re-record only for an intended, versioned change (docs/shifts.md).
 */
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { emptyRoster } from '../../src/domain/shifts/roster.ts';
import { startRecordingStack } from './recording-stack.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';

const stack = await startRecordingStack('shifts');
const { client } = stack;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let handedTaskId = '';
let renewingRunId = '';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const shifts = client.shifts();
    await client.startCompany({ id: 'replay-shifts', template: shiftTeamTemplate({ oversight: 'supervised' }) });
    while ((await shifts.now('replay-shifts')).onDuty.length < 3) await pause(100);
    const root = await client.submitGoal('replay-shifts', 'Deploy the new pricing page');
    let approvals = await client.listApprovals('replay-shifts');
    while (approvals.length === 0) {
      await pause(100);
      approvals = await client.listApprovals('replay-shifts');
    }
    const { taskId, agentId } = approvals[0]!;
    handedTaskId = taskId;
    const incoming = agentId === 'worker' ? 'second' : 'worker';
    await shifts.offDuty('replay-shifts', agentId);
    while ((await client.task('replay-shifts', taskId)).assignee !== incoming) await pause(100);
    await client.waitForTask('replay-shifts', root.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('replay-shifts', approval.taskId, 'recorded approval'),
    });
    await shifts.callIn('replay-shifts', agentId, 3_600_000);
    await shifts.swap('replay-shifts', { rotation: 'late', from: 'second', to: 'worker', date: '2099-01-01' });
    await client.stopCompany('replay-shifts');

    // A shift workflow on its own with a tiny history limit: roster changes make it continue as new.
    const renewing = await client.temporal.workflow.start('shiftWorkflow', {
      workflowId: shiftWorkflowId('replay-renewing'),
      taskQueue: 'record',
      args: [
        {
          company: {
            id: 'replay-renewing',
            agents: [
              { id: 'boss', role: 'lead', department: 'ops' },
              { id: 'worker', role: 'engineer', department: 'ops' },
              { id: 'second', role: 'engineer', department: 'ops' },
            ],
            departments: [{ name: 'ops', head: 'boss' }],
          },
          roster: emptyRoster(ShiftsSpec.parse(shiftTeamTemplate().shifts)),
          historyLimit: 30,
        },
      ],
    });
    renewingRunId = renewing.firstExecutionRunId;
    while (!(await shifts.now('replay-renewing')).onDuty.some((duty) => duty.agentId === 'worker')) await pause(100);
    await shifts.offDuty('replay-renewing', 'worker');
    while ((await shifts.now('replay-renewing')).generation === 0) {
      await shifts.callIn('replay-renewing', 'second', 60_000);
    }
    await renewing.signal('stopShifts');
  });
  const save = (name: string, workflowId: string, runId?: string) => stack.save(`shifts-${name}`, workflowId, runId);
  await save('company', companyWorkflowId('replay-shifts'));
  await save('task-root', taskWorkflowId('replay-shifts', 't1'));
  if (handedTaskId !== 't1') await save('task-handed-over', taskWorkflowId('replay-shifts', handedTaskId));
  await save('shift-workflow', shiftWorkflowId('replay-shifts'));
  await save('shift-workflow-continued', shiftWorkflowId('replay-renewing'), renewingRunId);
} finally {
  await stack.close();
}
