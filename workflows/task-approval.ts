import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { AgentAction, TranscriptEntry } from '../src/domain/agent-action.ts';
import { durationToMs } from '../src/domain/duration.ts';
import { effectiveOversight, requiresApproval } from '../src/domain/org-chart.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import type { ReviewEscalation } from '../src/domain/review-escalation.ts';
import type { PendingApproval } from '../src/domain/types.ts';
import type { AgentTaskInput, ApprovalAnswer } from './contracts/task.ts';
import { approveUpdate, denyUpdate } from './contracts/task.ts';
import { isApprovalAnswer } from './signal-payloads.ts';
import { closedApprovalMessage } from './task-endings.ts';

// The same options the task's other bookkeeping activities have (workflows/agent-task.ts).
const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** What an approval needs of its task (workflows/agent-task.ts). */
export interface ApprovingTask {
  input: AgentTaskInput;
  workflowId: string;
  assignee(): string;
  /** The task's step count: one approval per step at most, so it keys the request. */
  step(): number;
  status(): TaskStatus;
  setStatus(next: TaskStatus, event: string): Promise<void>;
  /** Ends the task FAILED with the reason. */
  fail(reason: string): Promise<void>;
  note(entry: TranscriptEntry): void;
}

type ApprovalRequest = Extract<AgentAction, { type: 'request_approval' }>;

/**
 * A task's approvals (docs/architecture.md, "Task lifecycle"): an action above the agent's oversight level
 * waits for an operator's approve/deny update, or the policy's default at the timeout. The request and
 * the decision are rows in Postgres; the pending one is in the task's state and the company view.
 */
export class TaskApprovals {
  private pendingApproval: PendingApproval | null = null;
  private answer: { approved: boolean; answer: ApprovalAnswer } | null = null;
  /** Why an answer now comes too late (the last approval closed), for the update's validator. */
  private closed: string | null = null;
  /** Who decided the last approval: the answer's `by`, or `timeout`. */
  private lastDecidedBy = 'operator';
  private readonly task: ApprovingTask;

  constructor(task: ApprovingTask) {
    this.task = task;
  }

  pending(): PendingApproval | null {
    return this.pendingApproval;
  }

  decidedBy(): string {
    return this.lastDecidedBy;
  }

  install(): void {
    const answer = (approved: boolean) => (reply: ApprovalAnswer) => {
      this.answer = { approved, answer: reply };
    };
    const validate = (reply: ApprovalAnswer) => {
      // Validators reject without a history event, so this needs no patch; the raw client can send anything.
      if (!isApprovalAnswer(reply)) throw new Error('an approval answer is an object { by?: string, reason?: string }');
      if (this.task.status() !== 'AWAITING_APPROVAL' || this.answer || !this.pendingApproval) {
        // An answer after the timeout would be accepted and then ignored: say what happened instead.
        throw new Error(
          this.closed ?? `task ${this.task.input.taskId} is not awaiting approval (status ${this.task.status()})`,
        );
      }
    };
    setHandler(approveUpdate, answer(true), { validator: validate });
    setHandler(denyUpdate, answer(false), { validator: validate });
  }

  /**
   * True when the action may go ahead; false when the task ended (denied). An escalated review
   * (src/domain/review-escalation.ts) always asks, shows the reviewers' feedback, and fails unanswered.
   */
  async ask(action: ApprovalRequest, escalation?: ReviewEscalation): Promise<boolean> {
    const { input, workflowId } = this.task;
    const { company } = input;
    const agentId = this.task.assignee();
    const level = effectiveOversight(company, agentId);
    if (!escalation && !requiresApproval(level, action.risk)) {
      this.task.note({ kind: 'approval', text: `${action.action} allowed without approval (oversight ${level})` });
      return true;
    }
    const requestKey = `${workflowId}#approval-${this.task.step()}`;
    this.pendingApproval = {
      taskId: input.taskId,
      agentId,
      action: action.action,
      requestedAt: new Date().toISOString(),
      ...(escalation ? { reason: escalation.pendingReason } : {}),
    };
    this.answer = null;
    await records.recordApprovalRequest({
      requestKey,
      companyId: input.companyId,
      taskId: input.taskId,
      agentId,
      action: action.action,
      risk: action.risk,
      reason: action.reason,
      requestedAt: this.pendingApproval.requestedAt,
    });
    await this.task.setStatus('AWAITING_APPROVAL', `${agentId} asks to ${action.action} (${action.risk} risk)`);
    await condition(() => this.answer !== null, durationToMs(company.policies.approvalTimeout));
    const reply = this.currentAnswer();
    this.closed = escalation
      ? escalation.closed(input.taskId, reply, company.policies.approvalTimeout)
      : closedApprovalMessage(input.taskId, action.action, reply, company.policies);
    // An escalation never passes by default: only a person's word overrules the reviewers.
    const approved = reply ? reply.approved : !escalation && company.policies.approvalDefault === 'approve';
    const decidedBy = reply ? (reply.answer.by ?? 'operator') : 'timeout';
    this.lastDecidedBy = decidedBy;
    const unanswered = escalation
      ? 'an escalation fails unanswered'
      : `policy default is ${company.policies.approvalDefault}`;
    const reason = reply
      ? (reply.answer.reason ?? '')
      : `no answer within ${company.policies.approvalTimeout}; ${unanswered}`;
    this.pendingApproval = null;
    await records.recordApprovalDecision({
      requestKey,
      decision: approved ? 'approved' : 'denied',
      decidedBy,
      reason,
    });
    if (!approved) {
      await this.task.fail(
        escalation
          ? escalation.denied(decidedBy, reason)
          : `approval to ${action.action} denied by ${decidedBy}${reason ? `: ${reason}` : ''}`,
      );
      return false;
    }
    this.task.note({
      kind: 'approval',
      text: `${action.action} approved by ${decidedBy}${reason ? `: ${reason}` : ''}`,
    });
    await this.task.setStatus('IN_PROGRESS', `${action.action} approved by ${decidedBy}`);
    return true;
  }

  // A method, not a field read: TypeScript narrows `this.answer` to null after the assignment above.
  private currentAnswer(): { approved: boolean; answer: ApprovalAnswer } | null {
    return this.answer;
  }
}
