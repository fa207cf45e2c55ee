/**
 * Records the replay histories of shifts' second round: `node test/replay/record-shift-capacity-histories.ts`.
 * A company with a roster whose agents work one task at a time (maxConcurrentTasks: 1, work slots
 * granted and given back), an urgent goal whose subtasks page the on-call agent, and a hire placed in
 * a rotation. Re-record only for an intended, versioned change (docs/shifts.md).
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';

const stack = await startRecordingStack('shifts-capacity');
const { client } = stack;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const companyId = 'replay-capacity';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const base = shiftTeamTemplate({
      shifts: {
        timezone: 'UTC',
        rotations: [
          { name: 'lead', start: '00:00', end: '00:00', agents: ['boss'] },
          { name: 'early', start: '00:00', end: '00:00', agents: ['worker'] },
          { name: 'late', start: '00:00', end: '00:00', agents: ['second'] },
        ],
        onCall: { ops: 'second' },
      },
    });
    await client.startCompany({
      id: companyId,
      template: { ...base, agents: base.agents.map((agent) => ({ ...agent, maxConcurrentTasks: 1 })) },
    });
    while ((await client.shifts().now(companyId)).onDuty.length < 3) await pause(100);
    await client.hireAgent(companyId, { role: 'Operations Engineer', department: 'ops', id: 'third' });
    while (!(await client.shifts().now(companyId)).rostered.includes('third')) await pause(100);
    // The worker goes off duty: the urgent goal's subtasks for it go to a peer with room, or wait for one.
    await client.shifts().offDuty(companyId, 'worker');
    const goals = await Promise.all([
      client.submitGoal(companyId, 'Restore the payment service', { priority: 'urgent' }),
      client.submitGoal(companyId, 'Audit the backups'),
    ]);
    for (const goal of goals) await client.waitForTask(companyId, goal.id, { pollIntervalMs: 200 });
    await client.stopCompany(companyId);
  });
  const save = (name: string, workflowId: string) => stack.save(`shifts2-${name}`, workflowId);
  await save('company', companyWorkflowId(companyId));
  await save('task-urgent-root', taskWorkflowId(companyId, 't1'));
  await save('task-urgent-subtask', taskWorkflowId(companyId, 't1.1'));
  await save('task-normal-root', taskWorkflowId(companyId, 't2'));
  await save('shift-workflow', shiftWorkflowId(companyId));
} finally {
  await stack.close();
}
