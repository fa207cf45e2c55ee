import * as nexus from 'nexus-rpc';
import { WorkflowRunOperationHandler, startWorkflow } from '@temporalio/nexus';
import { delegationService } from '../../workflows/contracts/nexus-delegation.ts';
import type { NexusDelegationInput, NexusDelegationResult } from '../../workflows/contracts/nexus-delegation.ts';
import type { nexusServedTaskWorkflow } from '../../workflows/nexus-delegation.ts';

/**
 * The handler of the `SynthorgDelegation` Nexus service, registered on every SynthOrg worker: the
 * `delegate` operation starts `nexusServedTaskWorkflow` in the worker's namespace. Its workflow id
 * carries the operation's request id, which the caller's server keeps across retries of the start,
 * so a start retried (a handler worker killed after starting it) finds the same workflow: one task.
 * Cancelling the operation cancels that workflow, which cancels the company task.
 */
export const delegationServiceHandler = nexus.serviceHandler(delegationService, {
  delegate: new WorkflowRunOperationHandler<NexusDelegationInput, NexusDelegationResult>(async (context, input) =>
    startWorkflow<typeof nexusServedTaskWorkflow>(context, 'nexusServedTaskWorkflow', {
      workflowId: `company:${input.sellerCompanyId}:nexus:${context.requestId}`,
      args: [input],
      staticSummary: `Goal of ${input.buyerCompanyId} delegated to ${input.sellerCompanyId} over Nexus`,
    }),
  ),
});
