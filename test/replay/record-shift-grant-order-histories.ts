/**
 * Records the replay history of a task whose route grant reached it before the stale "wait" of the same request:
 * `node test/replay/record-shift-grant-order-histories.ts`. As test/shifts/shift-grant-order.test.ts does: a goal
 * task of a shift company asks a company without a desk, and with no worker running the recorder signals the grant,
 * then the "wait"; the task takes the grant (`grantOutlivesWaitPatch`, workflows/shift-gate.ts) and starts working.
 * The history ends at its first model call's result. Re-record only for an intended, versioned change.
 */
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { RouteReply } from '../../workflows/contracts/shifts.ts';
import { goalTask } from '../../workflows/contracts/goal-task.ts';
import { until, untilTaskAsks } from '../helpers/shift-desk-probes.ts';
import { teamTemplate } from '../helpers/templates.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('shift-grant-order');
const { client } = stack;
const companyId = 'replay-grant-order';
const handle = client.temporal.workflow.getHandle(taskWorkflowId(companyId, 't1'));
try {
  await (
    await stack.worker()
  ).runUntil(async () => {
    await client.startCompany({ id: companyId, template: teamTemplate('full') });
    const shiftCompany = snapshotFromTemplate(companyId, CompanyTemplate.parse(shiftTeamTemplate()));
    const { input } = goalTask(shiftCompany, 't1', { goal: 'Audit the backups' }, false);
    await client.temporal.workflow.start('agentTaskWorkflow', {
      workflowId: handle.workflowId,
      taskQueue: 'record',
      args: [input],
    });
    await untilTaskAsks(handle);
  });
  const granted: RouteReply = { requestId: 'route-1', agentId: 'boss' };
  const stale: RouteReply = { requestId: 'route-1', waiting: 'every Operations Lead on duty is at maxConcurrentTasks' };
  await handle.signal('routeReply', granted);
  await handle.signal('routeReply', stale);
  await (
    await stack.worker()
  ).runUntil(
    until('t1 to finish its first model call', async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const step = events.find(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'agentStep',
      );
      return events.some(
        (event) =>
          step !== undefined &&
          String(event.activityTaskCompletedEventAttributes?.scheduledEventId) === String(step.eventId),
      );
    }),
  );
  await stack.save('shifts5-task-grant-order', handle.workflowId);
  await handle.terminate('recorded');
  await client.temporal.workflow.getHandle(companyWorkflowId(companyId)).terminate('recorded');
} finally {
  await stack.close();
}
