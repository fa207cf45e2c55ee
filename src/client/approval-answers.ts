import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { taskWorkflowId } from '../domain/ids.ts';
import { approveUpdate, denyUpdate, stateQuery } from '../../workflows/contracts/task.ts';
import { InvalidInputError, NotFoundError } from './types.ts';

export interface ApprovalAnswerRequest {
  companyId: string;
  taskId: string;
  approved: boolean;
  reason?: string | undefined;
}

/**
 * An operator's approve/deny of a task's pending approval (the task's validator refuses answers that
 * come too late). A task whose workflow has closed says how it ended instead of "not found".
 */
export async function answerApproval(
  temporal: Client,
  { companyId, taskId, approved, reason }: ApprovalAnswerRequest,
  translate: (error: unknown) => Error,
): Promise<void> {
  const handle = temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
  const answer = { by: 'operator', ...(reason ? { reason } : {}) };
  try {
    await handle.executeUpdate(approved ? approveUpdate : denyUpdate, { args: [answer] });
  } catch (error) {
    // An update cannot reach a closed workflow: say how the task ended rather than "not found".
    if (!(error instanceof WorkflowUpdateFailedError)) {
      const ended = await endedTaskMessage(temporal, companyId, taskId);
      if (ended) throw new InvalidInputError(ended);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new NotFoundError(`company "${companyId}" has no running task "${taskId}"`);
    }
    throw translate(error);
  }
}

/** Why a task takes no more answers because its workflow has closed; undefined while it runs. */
async function endedTaskMessage(temporal: Client, companyId: string, taskId: string): Promise<string | undefined> {
  const handle = temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
  const description = await handle.describe().catch(() => undefined);
  if (!description || description.status.name === 'RUNNING') return undefined;
  const state = await handle.query(stateQuery).catch(() => undefined);
  const ending = state ? `${state.status}${state.failureReason ? `: ${state.failureReason}` : ''}` : 'closed';
  return `task ${taskId} has ended (${ending}); there is no approval left to answer`;
}
