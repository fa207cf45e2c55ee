import { executeChild, patched, proxyActivities } from '@temporalio/workflow';
import { delegateOverNexus } from './external-nexus.ts';
import type { createFederationActivities } from '../activities/federation.ts';
import type { AgentAction, TranscriptEntry } from '../src/domain/agent-action.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { BuyerNegotiationInput, BuyerNegotiationResult } from './contracts/negotiation.ts';
import type { buyerNegotiationWorkflow } from './negotiation.ts';

/** Versioning: agent tasks can buy work from partner companies (delegate_external). */
export const externalDelegationPatch = 'delegate-external';

/** Versioning: delegate_external goes over Nexus to a partner of kind nexus (workflows/external-nexus.ts). */
export const externalNexusPatch = 'delegate-external-nexus';

const { delegationPartners, nexusDelegationPartners } = proxyActivities<ReturnType<typeof createFederationActivities>>({
  startToCloseTimeout: '30 seconds',
});

/** What delegate_external needs of its task. */
export interface ExternalDelegationTask {
  companyId: string;
  taskId: string;
  workflowId: string;
  assignee(): string;
  step(): number;
  setStatus(next: TaskStatus, event: string, waitReason?: string): Promise<void>;
  /** The task's approval rule; false when the approval was denied and the task ended. */
  approve(action: Extract<AgentAction, { type: 'request_approval' }>): Promise<boolean>;
  remember(entry: TranscriptEntry): void;
}

type DelegateExternal = Extract<AgentAction, { type: 'delegate_external' }>;

/**
 * Buys a task's work from a partner: it spends money outside the company, so it takes at least a
 * medium-risk approval; then the buyer's negotiation workflow (a child: cancelling the task cancels
 * the partner's task) negotiates, pays once and waits while the task shows WAITING_FOR_PARTNER. The
 * partner's result enters the transcript; the agent's answer built on it is reviewed as any answer.
 * False when the task ended (approval denied).
 */
export async function delegateExternally(task: ExternalDelegationTask, action: DelegateExternal): Promise<boolean> {
  const approved = await task.approve({
    type: 'request_approval',
    action: `buy "${action.skill}" from a partner for up to $${action.maxPriceUsd}`,
    risk: action.maxPriceUsd > 100 ? 'high' : 'medium',
    reason: cutText(action.brief, 300),
  });
  if (!approved) return false;
  if (patched(externalNexusPatch)) {
    // Partners on this cluster (nexus:<endpoint>) come first: no HTTP, exactly-once start.
    const overNexus = await nexusDelegationPartners({ companyId: task.companyId });
    if (overNexus.length > 0) return delegateOverNexus(task, action, overNexus[0]!);
  }
  const partners = await delegationPartners({ companyId: task.companyId, skill: action.skill });
  if (partners.length === 0) {
    task.remember({ kind: 'note', text: `external delegation of ${action.skill}: no partner offers it` });
    return true;
  }
  await task.setStatus('WAITING_FOR_PARTNER', `negotiating ${action.skill} with ${partners.join(', ')}`, 'partner');
  const result: BuyerNegotiationResult = await executeChild<typeof buyerNegotiationWorkflow>(
    'buyerNegotiationWorkflow',
    {
      workflowId: `${task.workflowId}:external:${task.step()}`,
      args: [
        {
          companyId: task.companyId,
          taskId: task.taskId,
          agentId: task.assignee(),
          partners,
          skill: action.skill,
          brief: action.brief,
          maxPriceUsd: action.maxPriceUsd,
          deadline: action.deadline,
        } satisfies BuyerNegotiationInput,
      ],
      staticSummary: `${task.assignee()} buys ${action.skill} from a partner for up to $${action.maxPriceUsd}`,
    },
  );
  await task.setStatus('IN_PROGRESS', `partner delegation ${result.status.toLowerCase()}`);
  const outcome =
    result.status === 'COMPLETED'
      ? `${result.partnerId} delivered for $${result.priceUsd}: ${result.result ?? ''}`
      : `${result.status}${result.reason ? `: ${result.reason}` : ''}`;
  task.remember({ kind: 'note', text: cutText(`external delegation of ${action.skill}: ${outcome}`, 2_000) });
  return true;
}
