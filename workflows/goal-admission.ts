/**
 * The company's side of direct goal admission (docs/faults-and-load-rounds.md, "Direct admission"): a client
 * reads what it needs to start a goal's task (`admission` query), starts the task workflow itself and
 * then tells the company (`goalAdmitted` signal, or `goalsAdmitted` for the goals a client started while
 * its previous signal was on its way), so goals no longer queue one update at a time through the company
 * workflow. The company lists the task at once and brings it in line with its own state: a company paused
 * or stopped since the client read it pauses or cancels the task.
 *
 * Only histories that hold one of these signals run their handlers, and no history before them has one,
 * so they need no patch; the query is no history event. The one later change to what `goalAdmitted` does
 * (a dropped task is not listed again) is behind `goalAdmittedIgnoresDroppedPatch`.
 */
import { getExternalWorkflowHandle, log, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { isTerminal, taskStatuses } from '../src/domain/task-state.ts';
import type { CompanySnapshot, CompanyStatus, TaskSummary } from '../src/domain/types.ts';
import type { GoalAdmitted } from './contracts/company.ts';
import { admissionQuery, goalAdmittedSignal, goalsAdmittedSignal } from './contracts/company.ts';
import { pauseSignal, resumeSignal } from './contracts/task.ts';

/** What the company workflow lends the handlers. */
export interface GoalAdmissionHooks {
  company: CompanySnapshot;
  tasks: Map<string, TaskSummary>;
  status(): CompanyStatus;
  registered(): boolean;
  /** Called when the signal made a task known to the company (the headcount desk counts it). */
  listed(task: TaskSummary): void;
  /** Whether the company dropped this finished task at a continue-as-new (workflows/dropped-tasks.ts). */
  dropped(taskId: string): boolean;
}

/**
 * Versioning (docs/faults-and-load-rounds.md, "Ninth round"): a `goalAdmitted` for a finished task the company dropped
 * (a client's admission repeated after the task ended and was dropped) no longer lists it again. Asked only when
 * the signal names a dropped task, so other histories carry no marker and replay as they ran.
 */
export const goalAdmittedIgnoresDroppedPatch = 'goal-admitted-ignores-dropped-tasks';

const statuses: ReadonlySet<string> = new Set(taskStatuses);

/** The payload SynthOrg's client sends; anything else (the raw client can send anything) is dropped. */
export function isGoalAdmitted(value: unknown): value is GoalAdmitted {
  if (typeof value !== 'object' || value === null) return false;
  const { task, paused } = value as Record<string, unknown>;
  if (typeof paused !== 'boolean' || typeof task !== 'object' || task === null) return false;
  const summary = task as Record<string, unknown>;
  return (
    typeof summary.id === 'string' &&
    summary.parentId === null &&
    typeof summary.title === 'string' &&
    typeof summary.assignee === 'string' &&
    typeof summary.status === 'string' &&
    statuses.has(summary.status) &&
    typeof summary.costUsd === 'number' &&
    typeof summary.ownCostUsd === 'number'
  );
}

export function installGoalAdmission(hooks: GoalAdmissionHooks): void {
  const { company, tasks } = hooks;
  setHandler(admissionQuery, () => ({
    company,
    status: hooks.status(),
    registered: hooks.registered(),
    taskQueue: workflowInfo().taskQueue,
  }));
  /** Lists one admitted task and catches it up on the company's state; `ignoresDropped`: whether a dropped one is ignored. */
  const admit = async (admitted: GoalAdmitted, ignoresDropped: () => boolean): Promise<void> => {
    const { task, paused } = admitted;
    // A late or repeated admission of a finished task dropped at continue-as-new is not a new task.
    if (!tasks.has(task.id) && hooks.dropped(task.id) && ignoresDropped()) return;
    // The task's own first report may have come first: it is newer than the client's CREATED.
    if (!tasks.has(task.id)) {
      tasks.set(task.id, task);
      hooks.listed(task);
    }
    if (isTerminal(tasks.get(task.id)!.status)) return;
    // Pause, resume and stop reach the tasks the company knows; this one it knows only from now on.
    const handle = getExternalWorkflowHandle(taskWorkflowId(company.id, task.id));
    const status = hooks.status();
    const catchUp =
      status === 'STOPPED'
        ? handle.cancel()
        : status === 'PAUSED' && !paused
          ? handle.signal(pauseSignal)
          : status === 'RUNNING' && paused
            ? handle.signal(resumeSignal)
            : undefined;
    await catchUp?.catch((error: unknown) =>
      log.warn('admitted task did not take the company state', { task: task.id, error: String(error) }),
    );
  };
  setHandler(goalAdmittedSignal, async (admitted) => {
    if (!isGoalAdmitted(admitted)) return;
    await admit(admitted, () => patched(goalAdmittedIgnoresDroppedPatch));
  });
  // New with this signal: no history before it holds one, so a dropped task is ignored without asking a patch.
  setHandler(goalsAdmittedSignal, async (batch) => {
    const admitted = typeof batch === 'object' && batch !== null && Array.isArray(batch.admitted) ? batch.admitted : [];
    await Promise.all(admitted.filter(isGoalAdmitted).map((each) => admit(each, () => true)));
  });
}
