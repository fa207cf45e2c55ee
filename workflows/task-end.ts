import { patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { TaskEventInput } from '../activities/records.ts';
import type { createTaskEndActivities } from '../activities/task-end.ts';
import type { TaskUpdate } from './contracts/company.ts';

type TaskEndActivities = ReturnType<typeof createTaskEndActivities>;

const { endTask } = proxyLocalActivities<TaskEndActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Versioning (docs/faults-and-load-rounds.md, "Seventh round: the task's end"): a task's ending (its projection write
 * and its report to the company) is one local activity in the workflow task that closes the run, instead of an
 * activity and a signal the run waited for in two more workflow tasks. Asked at the first ending, so runs that
 * were under way when it shipped take it too; runs that ended before replay as they ran.
 */
export const taskEndPatch = 'task-end-in-one';

/**
 * Versioning (docs/faults-and-load-rounds.md, "Eighth round: an ending never overtakes a report"): an ending waits
 * for the task's reports still on their way to the company. Asked only when one is, so most endings carry no
 * marker; runs whose ending went ahead of a report replay as they ran.
 */
export const taskEndAfterReportsPatch = 'task-end-after-reports';

/**
 * A task's ending. The server drops a signal a workflow issues in the workflow task that closes it (the transfer
 * task finds its sender closed: `processSignalExecution` returns `ErrWorkflowCompleted`), so the report cannot
 * simply ride along with the close; a local activity sends it from the worker before the close is sent, with a
 * request id the company's run accepts once (a retried activity, or a workflow task that runs it again after a
 * worker died, is dropped by the server).
 */
export class TaskEnd {
  private taken: boolean | undefined;

  /** Whether this run's endings go as one local activity; decided once, at its first ending. */
  takes(): boolean {
    this.taken ??= patched(taskEndPatch);
    return this.taken;
  }

  /**
   * Writes the ending to the projection and tells the company; resolves when both are done. `undelivered`:
   * the task's earlier reports still on their way, which the ending must not overtake (the company keeps the
   * newest version of a task it knows, but one it has dropped would come back open with a late report).
   */
  send(event: TaskEventInput, report: TaskUpdate, undelivered: Promise<void> | undefined): Promise<void> {
    const { workflowId, runId } = workflowInfo();
    const requestId = `task-end:${workflowId}:${runId}:${event.version}`;
    const end = () => endTask({ event, report, requestId });
    // The projection shows the ending at once (a loaded server has delivered reports minutes late); the company
    // hears it once the reports before it are in its history. The second write of the same version is a no-op.
    if (undelivered && patched(taskEndAfterReportsPatch))
      return endTask({ event, requestId })
        .then(() => undelivered)
        .then(end);
    return end();
  }
}
