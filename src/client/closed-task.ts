import type { Client } from '@temporalio/client';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { companyWorkflowId, taskWorkflowId } from '../domain/ids.ts';
import { isTerminal } from '../domain/task-state.ts';
import { taskUpdateSignal } from '../../workflows/contracts/company.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import type { TaskView } from './types.ts';

/**
 * The ending of a task whose workflow has closed although the company view still shows it running
 * (a workflow failed, was terminated or timed out, or its last report never reached the company).
 * Undefined while the workflow runs. Callers waiting on a task use it so they never wait forever.
 */
export async function closedTaskEnding(
  temporal: Client,
  companyId: string,
  task: TaskView,
): Promise<TaskView | undefined> {
  const handle = temporal.workflow.getHandle(taskWorkflowId(companyId, task.id));
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return { ...task, status: 'FAILED', failureReason: 'the task workflow no longer exists' };
    }
    throw error;
  }
  if (status === 'RUNNING' || status === 'CONTINUED_AS_NEW') return undefined;
  if (status === 'COMPLETED') {
    const state = await handle.query(stateQuery).catch(() => undefined);
    if (state && isTerminal(state.status)) {
      return {
        ...task,
        status: state.status,
        costUsd: state.costUsd,
        ...(state.result !== undefined ? { result: state.result } : {}),
        ...(state.failureReason !== undefined ? { failureReason: state.failureReason } : {}),
      };
    }
  }
  return { ...task, status: 'FAILED', failureReason: await closeReason(handle.result(), status) };
}

async function closeReason(result: Promise<unknown>, status: string): Promise<string> {
  try {
    await result;
    return `the task workflow closed (${status.toLowerCase()}) without reporting an ending`;
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? (error.cause?.message ?? error.message) : String(error);
    return `the task workflow ${status.toLowerCase()}: ${cause}`;
  }
}

/**
 * Tells the company how a task whose workflow closed without saying so ended, so its view (and its
 * pending approvals) stop showing the task running. Nothing else can: the task's workflow is gone,
 * and a root task has no parent to report it.
 */
export async function reportClosedTask(temporal: Client, companyId: string, ending: TaskView): Promise<void> {
  await temporal.workflow
    .getHandle(companyWorkflowId(companyId))
    .signal(taskUpdateSignal, {
      task: {
        id: ending.id,
        parentId: ending.parentId,
        status: ending.status,
        assignee: ending.assignee,
        ...(ending.failureReason !== undefined ? { failureReason: ending.failureReason } : {}),
      },
      pendingApproval: null,
    })
    // A stopped company keeps its last view; the caller still gets the ending.
    .catch(() => undefined);
}
