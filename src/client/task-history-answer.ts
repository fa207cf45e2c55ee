import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { taskWorkflowId } from '../domain/ids.ts';
import { isTerminal } from '../domain/task-state.ts';
import { withTaskState } from './task-view.ts';
import type { TaskView } from './types.ts';
import type { AgentTaskInput, AgentTaskResult } from '../../workflows/contracts/task.ts';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/**
 * A closed task as a full read (`task()`) shows it, from its workflow's own history: the server keeps it, so no
 * worker is asked (docs/faults-and-load-rounds.md, "Eighth round: the client's wait after the close"). A quiet wait
 * used to read the company's view after the task's result came back, and the company's workflow answers that
 * query behind the workflow tasks that take its tasks' reports: at ten goals the last wait returned ~1.8 s after
 * the last task closed.
 *
 * What `task()` returns for a task whose workflow completed, and where it is here: status, assignee, reviewer,
 * cost and failure reason are the task's state at its close, which is the workflow's result; id, parent and
 * title are the company's copy of the task's input (every report carries `input.title` and `input.parentId`),
 * here the input in the run's first event. Undefined, so the caller asks the company as before, when those do
 * not give every field:
 * - the run did not complete (failed, terminated, timed out, continued as new), or is not this task's;
 * - the result was cut by the claim check (`task()` reads the whole text from the task's state);
 * - a workspace cleanup did not complete: its notice (workflows/task-sandbox.ts `release`) reaches the company
 *   and not the result.
 *
 * A field added to `TaskView`, or another way for a task to get a notice, has to be added here too:
 * test/workflows/quiet-wait.test.ts and company.test.ts compare this answer with `task()`.
 *
 * The task's ending was reported to the company before the run closed (the `endTask` local activity, or on older
 * runs the signal the run awaited), so the company's next read shows what this returns; no repair is sent.
 */
export async function taskViewFromHistory(
  temporal: Client,
  companyId: string,
  taskId: string,
  closed?: AgentTaskResult,
): Promise<TaskView | undefined> {
  // The result in hand already says when the history cannot answer: no need to read a history of megabytes.
  if (closed && !answerable(closed, companyId, taskId)) return undefined;
  const history = await temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).fetchHistory();
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const completed = events.at(-1)?.workflowExecutionCompletedEventAttributes;
  if (!started || !completed || started.workflowType?.name !== 'agentTaskWorkflow') return undefined;
  const converter = temporal.options.loadedDataConverter;
  const input = await decodeFromPayloadsAtIndex<AgentTaskInput>(converter, 0, started.input?.payloads);
  const result = await decodeFromPayloadsAtIndex<AgentTaskResult>(converter, 0, completed.result?.payloads);
  if (input.companyId !== companyId || input.taskId !== taskId || !answerable(result, companyId, taskId))
    return undefined;
  if (!workspacesReleased(events)) return undefined;
  return withTaskState({ id: taskId, parentId: input.parentId, title: input.title }, result);
}

/** A terminal result of this task, whole: what a full read would show of it. */
function answerable(result: AgentTaskResult, companyId: string, taskId: string): boolean {
  if (result.taskId !== taskId || !isTerminal(result.status)) return false;
  return result.result === undefined || !cutByClaimCheck(result.result, companyId, taskId);
}

/**
 * Whether a task's result is the claim check's cut (agent-task.ts `summary()`: `cutText` pointing at
 * `task show`), whose whole text only the task's state and the database hold. A result that merely ends the
 * same way is taken for cut too: that costs a company read, never a wrong answer.
 */
export function cutByClaimCheck(result: string, companyId: string, taskId: string): boolean {
  return result.endsWith(`more characters not shown; whole result: synthorg task show ${companyId} ${taskId}]`);
}

/** True when every `destroyWorkspace` the run scheduled completed: only one that did not leaves a notice. */
function workspacesReleased(events: HistoryEvent[]): boolean {
  const open = new Set<string>();
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'destroyWorkspace')
      open.add(String(event.eventId));
    const done = event.activityTaskCompletedEventAttributes;
    if (done) open.delete(String(done.scheduledEventId));
  }
  return open.size === 0;
}
