import type { TaskSummary } from './types.ts';

/**
 * Whether a task holds back its report of a status change from its company (docs/faults-and-load-rounds.md,
 * "Fewer reports to the company"). ASSIGNED is held: a task is assigned only to start work at once, in
 * the same workflow task — its own work, a delegate's, or an agent's on duty (workflows/agent-task.ts,
 * `run.setStatus('ASSIGNED')` before `work()`, and the delegation) — so the IN_PROGRESS report that follows
 * in the same batch of commands carries the assignee and everything else. Every other change goes: the
 * company acts on endings, approvals, waits, assignees and reviewers, and its views show each working
 * status. The projection (the tasks table) still records the ASSIGNED change.
 */
export function reportHeld(task: Pick<TaskSummary, 'status'>): boolean {
  return task.status === 'ASSIGNED';
}
