import { patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { createTaskStartActivities, TaskBeginning, TaskBegun } from '../activities/task-start.ts';
import { reportHeld } from '../src/domain/task-reports.ts';
import { bookkeepingActivityOptions } from './configured-task.ts';
import type { StartWrites } from './task-start.ts';

type TaskStartActivities = ReturnType<typeof createTaskStartActivities>;

// The start activity's timeout and retries; a local activity takes no heartbeat or task queue.
const { beginTask: beginTaskLocally } = proxyLocalActivities<TaskStartActivities>({
  startToCloseTimeout: bookkeepingActivityOptions.startToCloseTimeout,
  retry: bookkeepingActivityOptions.retry,
});

/**
 * Versioning (docs/faults-and-load-rounds.md, "Tenth round: the task's start in its first workflow task"): the start
 * activity (`beginTask`: configuration version, channel inbox, first projection rows) runs as a local activity in
 * the task's first workflow task and also tells the company the task's first report (IN_PROGRESS), so the first
 * step is scheduled in that same workflow task. Before, the start was an activity dispatched through the server
 * and heard back in a second workflow task, and the report a signal whose acknowledgement woke a third. Asked at
 * the start of runs on the `task-start-in-one` path; runs that started without it replay as they ran.
 */
export const taskStartLocalPatch = 'task-start-local';

/**
 * Runs the start: as a local activity that also sends the first report when the run takes the patch (and notes in
 * `writes` which report the company has heard), else as the activity `remote`.
 *
 * Safe to run twice, as the activity is: a worker that dies before the workflow task completes loses the local
 * activity's marker, and the next attempt runs it again — its rows are guarded by version and audit key, and its
 * signal carries a request id derived from the run and the report's version, which the company's run accepts once.
 */
export async function beginTaskOnce(
  request: Omit<TaskBeginning, 'report'>,
  writes: StartWrites,
  remote: (request: TaskBeginning) => Promise<TaskBegun>,
): Promise<TaskBegun> {
  if (!patched(taskStartLocalPatch)) return remote(request);
  // The newest of the start's status changes the company hears (ASSIGNED is held: src/domain/task-reports.ts).
  const told = [...request.events].reverse().find((event) => !reportHeld(event.task));
  const { workflowId, runId } = workflowInfo();
  const begun = await beginTaskLocally({
    ...request,
    ...(told
      ? {
          report: {
            // What the task's own report of that status carries (workflows/agent-task.ts, `report()`).
            update: { task: told.task, pendingApproval: null },
            requestId: `task-start:${workflowId}:${runId}:${told.version}`,
          },
        }
      : {}),
  });
  writes.toldCompany(told?.version);
  return begun;
}
