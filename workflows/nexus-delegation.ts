import {
  CancellationScope,
  createNexusServiceClient,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { createNexusDelegationActivities } from '../activities/nexus-delegation.ts';
import { delegationService } from './contracts/nexus-delegation.ts';
import type { NexusBuyerInput, NexusDelegationInput, NexusDelegationResult } from './contracts/nexus-delegation.ts';

type NexusActivities = ReturnType<typeof createNexusDelegationActivities>;

const company = proxyActivities<NexusActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

const waitForTask = proxyActivities<NexusActivities>({
  startToCloseTimeout: '7 days',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The seller's side of a Nexus delegation (`company:<seller>:nexus:<request id>`, started by the
 * `delegate` operation's handler, so a retried start of the same request finds this workflow): the
 * goal becomes a task of the company (an update whose id is this workflow's id, so a retried submit
 * is one task), and the task's ending is the operation's result. Cancelled by the caller, it cancels
 * the task.
 */
export async function nexusServedTaskWorkflow(input: NexusDelegationInput): Promise<NexusDelegationResult> {
  const taskId = await company.submitDelegatedGoal({
    companyId: input.sellerCompanyId,
    goal: input.goal,
    ...(input.acceptanceCriteria ? { acceptanceCriteria: input.acceptanceCriteria } : {}),
    updateId: workflowInfo().workflowId,
  });
  try {
    const ended = await waitForTask.awaitCompanyTask({ companyId: input.sellerCompanyId, taskId });
    return {
      sellerCompanyId: input.sellerCompanyId,
      sellerTaskId: taskId,
      status: ended.status,
      ...(ended.result !== undefined ? { result: ended.result } : {}),
      ...(ended.failureReason !== undefined ? { failureReason: ended.failureReason } : {}),
    };
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() =>
        company.cancelCompanyTask({ companyId: input.sellerCompanyId, taskId }),
      );
    }
    throw error;
  }
}

/**
 * The buyer's side: calls the seller's `delegate` operation through the Nexus endpoint that targets
 * the seller's namespace and task queue, and waits for its result. Cancelling this workflow cancels
 * the operation, and with it the seller's task.
 */
export async function nexusDelegationWorkflow(input: NexusBuyerInput): Promise<NexusDelegationResult> {
  const { endpoint, ...request } = input;
  const seller = createNexusServiceClient({ endpoint, service: delegationService });
  return seller.executeOperation('delegate', request, { scheduleToCloseTimeout: '7 days' });
}
