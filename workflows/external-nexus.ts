import { ChildWorkflowFailure, executeChild } from '@temporalio/workflow';
import type { AgentAction } from '../src/domain/agent-action.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { NexusBuyerInput, NexusDelegationResult } from './contracts/nexus-delegation.ts';
import type { ExternalDelegationTask } from './external-delegation.ts';
import type { nexusDelegationWorkflow } from './nexus-delegation.ts';

/**
 * delegate_external to a partner on the same Temporal cluster (`synthorg partner add <co> <partner>
 * nexus:<endpoint>`): the brief becomes a goal of the partner company (whose id is the partner id)
 * through its Nexus endpoint, in a child `nexusDelegationWorkflow` (cancelling the task cancels the
 * partner's task), while the task shows WAITING_FOR_PARTNER. No negotiation and no money: the
 * partner's own budget pays for the work. The ending enters the transcript; the agent's answer built on
 * it is reviewed like any answer. Always true (the task goes on).
 */
export async function delegateOverNexus(
  task: ExternalDelegationTask,
  action: Extract<AgentAction, { type: 'delegate_external' }>,
  partner: { partnerId: string; endpoint: string },
): Promise<boolean> {
  await task.setStatus(
    'WAITING_FOR_PARTNER',
    `delegating ${action.skill} to ${partner.partnerId} over Nexus`,
    'partner',
  );
  let outcome: string;
  try {
    const result: NexusDelegationResult = await executeChild<typeof nexusDelegationWorkflow>(
      'nexusDelegationWorkflow',
      {
        workflowId: `${task.workflowId}:external:${task.step()}`,
        args: [
          {
            endpoint: partner.endpoint,
            buyerCompanyId: task.companyId,
            sellerCompanyId: partner.partnerId,
            goal: `${action.skill}: ${action.brief}`,
          } satisfies NexusBuyerInput,
        ],
        staticSummary: `${task.assignee()} delegates ${action.skill} to ${partner.partnerId} over Nexus`,
      },
    );
    outcome =
      result.status === 'COMPLETED'
        ? `${partner.partnerId} delivered over Nexus (task ${result.sellerTaskId}): ${result.result ?? ''}`
        : `${partner.partnerId} over Nexus: ${result.status}${result.failureReason ? `: ${result.failureReason}` : ''}`;
  } catch (error) {
    if (!(error instanceof ChildWorkflowFailure)) throw error;
    outcome = `${partner.partnerId} over Nexus failed: ${error.cause?.message ?? error.message}`;
  }
  await task.setStatus('IN_PROGRESS', `partner delegation over Nexus ended`);
  task.remember({ kind: 'note', text: cutText(`external delegation of ${action.skill}: ${outcome}`, 2_000) });
  return true;
}
