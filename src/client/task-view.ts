import type { TaskSummary } from '../domain/types.ts';
import type { TaskView } from './types.ts';
import type { AgentTaskResult } from '../../workflows/contracts/task.ts';

/** Statuses in which a task waits for something outside it; only these show their reason. */
const waitingStatuses: ReadonlySet<TaskSummary['status']> = new Set([
  'PARKED_BUDGET',
  'WAITING_FOR_PROVIDER',
  'WAITING_FOR_SHIFT',
]);

/** What callers see of a task from the company's view (a summary; `task` reads the whole). */
export function toTaskView(task: TaskSummary): TaskView {
  return {
    id: task.id,
    parentId: task.parentId,
    title: task.title,
    status: task.status,
    assignee: task.assignee,
    reviewer: task.reviewer,
    costUsd: task.costUsd,
    ...(task.result !== undefined ? { result: task.result } : {}),
    ...(task.failureReason !== undefined ? { failureReason: task.failureReason } : {}),
    ...(task.notice !== undefined ? { notice: task.notice } : {}),
    // The company merges each report into the last, so a reason can outlive its wait there.
    ...(task.waitReason !== undefined && waitingStatuses.has(task.status) ? { waitReason: task.waitReason } : {}),
  };
}

/** A task as the company last heard of it, brought up to date with the task workflow's own state. */
export function withTaskState<T extends object>(known: T, state: AgentTaskResult): T & AgentTaskResultFields {
  return {
    ...known,
    status: state.status,
    assignee: state.assignee,
    reviewer: state.reviewer,
    costUsd: state.costUsd,
    ...(state.result !== undefined ? { result: state.result } : {}),
    ...(state.failureReason !== undefined ? { failureReason: state.failureReason } : {}),
  };
}

type AgentTaskResultFields = Omit<AgentTaskResult, 'taskId'>;
