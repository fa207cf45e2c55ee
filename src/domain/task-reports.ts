import type { TaskStatus } from './task-state.ts';
import { isTerminal } from './task-state.ts';
import type { PendingApproval, TaskSummary } from './types.ts';

/**
 * Statuses between which a task works on its own: the company acts on none of these moves (its views
 * show them, the tasks table and the task's own query hold them exactly), so it need not hear each one.
 */
const workingStatuses = new Set<TaskStatus>(['ASSIGNED', 'IN_PROGRESS', 'IN_REVIEW']);

/** What a task last told its company, as far as deciding the next report goes. */
export interface SentTaskReport {
  status: TaskStatus;
  assignee: string;
  reviewer: string | null;
  /** The pending approval's identity (task, agent, action, requested at), or null. */
  approval: string | null;
  waitReason: string | undefined;
  notice: string | undefined;
  /** Workflow time (ms) the report was sent. */
  atMs: number;
}

export function sentTaskReport(
  task: TaskSummary,
  pendingApproval: PendingApproval | null,
  atMs: number,
): SentTaskReport {
  return {
    status: task.status,
    assignee: task.assignee,
    reviewer: task.reviewer,
    approval: approvalIdentity(pendingApproval),
    waitReason: task.waitReason,
    notice: task.notice,
    atMs,
  };
}

function approvalIdentity(approval: PendingApproval | null): string | null {
  return approval ? `${approval.taskId}|${approval.agentId}|${approval.action}|${approval.requestedAt}` : null;
}

/**
 * Whether a task's status change must reach its company now (docs/faults-and-load.md, "Fewer reports to
 * the company"). It must when the company acts on what changed: the first report (a subtask, or a goal
 * whose client died before telling the company, is listed by it), an ending (views, spending, the
 * search attribute of cost, what pause/stop/budget raises are sent to), an approval asked or answered
 * (`synthorg approvals`), a new assignee or reviewer (shift routing, firing and retirement handovers),
 * entering or leaving a wait (shift desk, the view's wait reason), a notice. A move between ASSIGNED,
 * IN_PROGRESS and IN_REVIEW that changes none of these waits for the next report that must go, or goes
 * once `refreshMs` have passed since the last one, so a long task's view and spending still refresh.
 */
export function reportNeeded(
  last: SentTaskReport | undefined,
  task: TaskSummary,
  pendingApproval: PendingApproval | null,
  nowMs: number,
  refreshMs: number,
): boolean {
  if (last === undefined || isTerminal(task.status)) return true;
  if (!workingStatuses.has(task.status) || !workingStatuses.has(last.status)) return true;
  if (task.assignee !== last.assignee || task.reviewer !== last.reviewer) return true;
  if (approvalIdentity(pendingApproval) !== last.approval) return true;
  if (task.waitReason !== last.waitReason || task.notice !== last.notice) return true;
  return nowMs - last.atMs >= refreshMs;
}
