import {
  ActivityFailure,
  getExternalWorkflowHandle,
  log,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  TemporalFailure,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import { taskUpdateSignal } from './contracts/company.ts';
import type { AgentTaskInput, AgentTaskResult } from './contracts/task.ts';

const { recordLostTask } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Versioning (docs/architecture.md, "Versioning"): a task whose work throws ends FAILED with the
 * reason instead of failing its workflow, a failed child is a failed subtask of its parent, and a
 * workspace that cannot be cleaned up after the task ended no longer fails the ended task.
 */
export const taskEndsVisiblyPatch = 'task-ends-visibly';

/** One line saying why the task could not go on, for the company view and `task show`. */
export function failureReasonOf(error: unknown): string {
  if (error instanceof ChildWorkflowFailure)
    return `${error.execution.workflowId} ${error.cause?.message ?? error.message}`;
  if (error instanceof ActivityFailure) {
    const cause = error.cause;
    const what = `activity ${error.activityType}, retry state ${String(error.retryState)}`;
    if (cause instanceof ApplicationFailure) return `${cause.type ?? 'error'}: ${cause.message} (${what})`;
    return `${cause?.message ?? error.message} (${what})`;
  }
  if (error instanceof TemporalFailure) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `unexpected error ${error.name}: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}

/**
 * A child's outcome as its parent judges it: a child workflow that failed, timed out or was
 * terminated is a FAILED subtask with the reason, not a crash of the parent. Cancellation still
 * propagates: a parent being cancelled stops.
 */
export async function settledChild(
  child: Promise<AgentTaskResult>,
  lost: { companyId: string; parentId: string; taskId: string; assignee: string },
): Promise<AgentTaskResult> {
  try {
    return await child;
  } catch (error) {
    const cancelled = isCancellation(error);
    if (cancelled && CancellationScope.current().consideredCancelled) throw error;
    const ending: AgentTaskResult = {
      taskId: lost.taskId,
      status: cancelled ? 'CANCELLED' : 'FAILED',
      assignee: lost.assignee,
      reviewer: null,
      // The child's spending is in the ledger and the company view; the parent cannot know it.
      costUsd: 0,
      failureReason: `subtask workflow closed: ${failureReasonOf(error)}`,
    };
    await reportLostChild(lost.companyId, lost.parentId, ending);
    return ending;
  }
}

/**
 * Tells the company how a lost subtask ended: its own workflow can no longer report, and without this
 * the company view would show it running forever.
 */
async function reportLostChild(companyId: string, parentId: string, result: AgentTaskResult): Promise<void> {
  // The projection first: the parent's next model call reads its subtasks' endings from it.
  await recordLostTask({
    companyId,
    taskId: result.taskId,
    status: result.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED',
    failureReason: result.failureReason ?? 'subtask workflow closed',
    reportedBy: workflowInfo().workflowId,
  }).catch((error: unknown) => log.warn('the lost subtask was not recorded', { error: String(error) }));
  await getExternalWorkflowHandle(companyWorkflowId(companyId))
    .signal(taskUpdateSignal, {
      task: {
        id: result.taskId,
        parentId,
        status: result.status,
        assignee: result.assignee,
        ...(result.failureReason !== undefined ? { failureReason: result.failureReason } : {}),
      },
      pendingApproval: null,
    })
    .catch((error: unknown) => log.warn('company did not take the lost subtask', { error: String(error) }));
}

/** Why an approval takes no more answers: an answer after the timeout must not be accepted and ignored. */
export function closedApprovalMessage(
  taskId: string,
  action: string,
  reply: { approved: boolean } | null,
  policies: AgentTaskInput['company']['policies'],
): string {
  if (reply)
    return `the approval to ${action} for task ${taskId} was already ${reply.approved ? 'approved' : 'denied'}`;
  return `the approval to ${action} for task ${taskId} timed out after ${policies.approvalTimeout}; the policy default (${policies.approvalDefault}) was applied`;
}
