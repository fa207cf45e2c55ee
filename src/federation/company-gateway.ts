import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { BuyerMove, SellerReply } from '../domain/negotiation.ts';
import { buyerMoveUpdate } from '../../workflows/contracts/negotiation.ts';
import type { SellerNegotiationInput } from '../../workflows/contracts/negotiation.ts';
import type { sellerNegotiationWorkflow as SellerWorkflow } from '../../workflows/negotiation.ts';
import type { Client } from '@temporalio/client';
import { companyWorkflowId, taskWorkflowId } from '../domain/ids.ts';
import type { TaskView } from '../client/types.ts';
import type { SynthorgClient } from '../client/synthorg-client.ts';
import { submitGoalUpdate } from '../../workflows/contracts/company.ts';
import { channelInboxWorkflowId, channelReceiveUpdate } from '../../workflows/contracts/channels.ts';
import type { channelInboxWorkflow } from '../../workflows/channels.ts';
import type { ChannelEnvelope, InboundOutcome } from './channels.ts';

/** What the A2A server needs of the company it serves: start a task, read it, cancel it. */
export interface CompanyGateway {
  /** Starts a root task of the company; the same `idempotencyKey` twice starts one task. */
  submit(
    companyId: string,
    goal: string,
    acceptanceCriteria: string | undefined,
    idempotencyKey: string,
  ): Promise<string>;
  task(companyId: string, taskId: string): Promise<TaskView>;
  /** Cancels the task's workflow; a task that already ended is left as it is. */
  cancel(companyId: string, taskId: string): Promise<void>;
  /** Hands a buyer's move to the seller's negotiation workflow (started by the first); its answer. */
  negotiate(companyId: string, partnerId: string, move: BuyerMove, messageId: string): Promise<SellerReply>;
  /** Hands a partner's verified channel message to the company's inbox workflow (started by the first). */
  receiveChannelMessage(companyId: string, partnerId: string, envelope: ChannelEnvelope): Promise<InboundOutcome>;
}

/** The gateway over Temporal: a goal of the company, under its own review, budget and approval rules. */
export function temporalCompanyGateway(client: SynthorgClient, taskQueue: string): CompanyGateway {
  const temporal: Client = client.temporal;
  return {
    async submit(companyId, goal, acceptanceCriteria, idempotencyKey) {
      // The update id makes the server deduplicate a retried submit (a serve process that crashed
      // after sending it and retries) within the company's run.
      const task = await temporal.workflow.getHandle(companyWorkflowId(companyId)).executeUpdate(submitGoalUpdate, {
        args: [{ goal, ...(acceptanceCriteria ? { acceptanceCriteria } : {}) }],
        updateId: idempotencyKey,
      });
      return task.id;
    },
    task: (companyId, taskId) => client.task(companyId, taskId),
    async negotiate(companyId, partnerId, move, messageId) {
      const workflowId = `company:${companyId}:negotiation:${partnerId}:${move.rfqId}`;
      if (move.kind !== 'rfq') {
        return temporal.workflow
          .getHandle(workflowId)
          .executeUpdate(buyerMoveUpdate, { args: [move], updateId: messageId });
      }
      const { kind: _kind, ...request } = move;
      return temporal.workflow.executeUpdateWithStart(buyerMoveUpdate, {
        args: [move],
        updateId: messageId,
        startWorkflowOperation: new WithStartWorkflowOperation<typeof SellerWorkflow>('sellerNegotiationWorkflow', {
          workflowId,
          taskQueue,
          args: [{ companyId, partnerId, request } satisfies SellerNegotiationInput],
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: `Negotiation of ${companyId} with ${partnerId} on skill ${move.skill}`,
        }),
      });
    },
    receiveChannelMessage: (companyId, partnerId, envelope) =>
      receiveChannelMessage(temporal, taskQueue, { companyId, partnerId }, envelope),
    async cancel(companyId, taskId) {
      const handle = temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
      try {
        const description = await handle.describe();
        if (description.status.name === 'RUNNING') await handle.cancel();
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}

/**
 * A partner's channel message to the receiver's inbox workflow of that channel: update-with-start, the
 * update id being the message id, so a redelivery (the sender retrying after a lost acknowledgement) is
 * one update while the run lives and a duplicate the store recognises after.
 */
async function receiveChannelMessage(
  temporal: Client,
  taskQueue: string,
  partner: { companyId: string; partnerId: string },
  envelope: ChannelEnvelope,
): Promise<InboundOutcome> {
  const ref = { ...partner, channel: envelope.channel };
  return temporal.workflow.executeUpdateWithStart(channelReceiveUpdate, {
    args: [envelope],
    updateId: `${envelope.channel}:${envelope.seq}:${envelope.messageId}`,
    startWorkflowOperation: new WithStartWorkflowOperation<typeof channelInboxWorkflow>('channelInboxWorkflow', {
      workflowId: channelInboxWorkflowId(ref),
      taskQueue,
      args: [ref],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Channel #${ref.channel} from ${ref.partnerId} to ${ref.companyId}`,
    }),
  });
}
