/**
 * The company's side of direct goal admission (docs/faults-and-load.md, "Direct admission"): a client
 * reads what it needs to start a goal's task (`admission` query), starts the task workflow itself and
 * then tells the company (`goalAdmitted` signal), so goals no longer queue one update at a time through
 * the company workflow. The company lists the task at once and brings it in line with its own state:
 * a company paused or stopped since the client read it pauses or cancels the task.
 *
 * Only histories that hold a `goalAdmitted` signal run this handler, and no history before it has one,
 * so it needs no patch; the query is no history event.
 */
import { getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { isTerminal, taskStatuses } from '../src/domain/task-state.ts';
import type { CompanySnapshot, CompanyStatus, TaskSummary } from '../src/domain/types.ts';
import type { GoalAdmitted } from './contracts/company.ts';
import { admissionQuery, goalAdmittedSignal } from './contracts/company.ts';
import { pauseSignal, resumeSignal } from './contracts/task.ts';

/** What the company workflow lends the handlers. */
export interface GoalAdmissionHooks {
  company: CompanySnapshot;
  tasks: Map<string, TaskSummary>;
  status(): CompanyStatus;
  registered(): boolean;
  /** Called when the signal made a task known to the company (the headcount desk counts it). */
  listed(task: TaskSummary): void;
}

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
  setHandler(goalAdmittedSignal, async (admitted) => {
    if (!isGoalAdmitted(admitted)) return;
    const { task, paused } = admitted;
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
  });
}
