import { delegateExternally, externalDelegationPatch } from './external-delegation.ts';
import { recordProjection } from './projection-writes.ts';
import type { ExternalDelegationTask } from './external-delegation.ts';
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { AgentAction, AgentStepResult, ReviewVerdict, TranscriptEntry } from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { addUsd } from '../src/domain/budget.ts';
import { planDecomposition } from '../src/domain/decomposition.ts';
import { durationToMs } from '../src/domain/duration.ts';
import { cutText } from '../src/domain/text-cut.ts';
import { companyWorkflowId, taskWorkflowId } from '../src/domain/ids.ts';
import {
  checkDelegation,
  chooseReviewer,
  effectiveOversight,
  findAgent,
  requiresApproval,
  subtaskAssignees,
} from '../src/domain/org-chart.ts';
import { agentIdKey, companyIdKey, costUsdKey, roleKey, taskStatusKey } from '../src/domain/search-attributes.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import { isTerminal, transition } from '../src/domain/task-state.ts';
import type { PendingApproval, TaskSummary } from '../src/domain/types.ts';
import { taskUpdateSignal } from './contracts/company.ts';
import { TaskPlacement } from './placement.ts';
import type { WaitingTask } from './step-waits.ts';
import { waitOutStepFailure } from './step-waits.ts';
import type { AgentTaskInput, AgentTaskResult, AgentTaskState, ApprovalAnswer } from './contracts/task.ts';
import { dropMalformedSignalsPatch, isApprovalAnswer, isTaskMessage } from './signal-payloads.ts';
import { closedApprovalMessage, failureReasonOf, settledChild, taskEndsVisiblyPatch } from './task-endings.ts';
import { configVersionsPatch, configureTask } from './configured-task.ts';
import { configuredStepFields } from '../src/domain/configuration.ts';
import { ShiftGate } from './shift-gate.ts';
import type { ShiftGateHooks } from './shift-gate.ts';
import { RetirementHandover } from './retirement-handover.ts';
import {
  approveUpdate,
  budgetRaisedSignal,
  denyUpdate,
  messageSignal,
  pauseSignal,
  resumeSignal,
  stateQuery,
} from './contracts/task.ts';

const { agentStep } = proxyActivities<Activities>({
  // A local model on a slow CPU can take minutes for one reply and its repair; heartbeats still
  // notice a dead worker within 30 s, so the long ceiling only spares slow live calls.
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: Object.values(FailureType),
  },
});

const sandbox = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  // The workflow moves on only once the code has really stopped.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** Versioning (docs/architecture.md, "Versioning"): status reports to the company stopped waiting for the server's ack. */
const reportsWithoutWaitingPatch = 'reports-without-waiting';

/** A runaway loop guard: steps one attempt may take before the task fails. */
const maxStepsPerAttempt = 40;
/** Claim check: what a workflow keeps of a long text; the database keeps the whole. */
const summaryLimit = 2_000;
/** Recalled memory ids kept for reinforcement after review (ids only: the memories stay in the database). */
const maxRecalledMemories = 100;

/**
 * One task, worked by one agent (docs/architecture.md, "Workflows"): an agent loop of model-call activities that can
 * decompose into concurrent child tasks, delegate, remember/recall, ask for approval, and ends in a
 * review by an agent other than the author.
 */
export async function agentTaskWorkflow(input: AgentTaskInput): Promise<AgentTaskResult> {
  const run = new TaskRun(input);
  run.installHandlers();
  try {
    // The configuration version (docs/self-improvement.md) shapes the company snapshot the run reads.
    if (patched(configVersionsPatch)) await configureTask(input);
    if (run.shifts.enabled) await run.shifts.routeAtStart();
    await run.setStatus('ASSIGNED', 'task assigned');
    return await run.work();
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => run.finish('CANCELLED', undefined, 'cancelled by operator'));
      return run.result();
    }
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
      // A permanent failure (bad model output, unknown model) ends this task, not its parent's workflow.
      await run.finish('FAILED', undefined, `${error.cause.type ?? 'error'}: ${error.cause.message}`);
      return run.result();
    }
    if (!patched(taskEndsVisiblyPatch)) throw error;
    await run.failUnlessEnded(failureReasonOf(error));
    return run.result();
  } finally {
    await CancellationScope.nonCancellable(async () => {
      await run.releaseSandbox();
      await run.flushWrites();
    });
  }
}

class TaskRun {
  private readonly workflowId = workflowInfo().workflowId;
  private status: TaskStatus = 'CREATED';
  private assignee: string;
  private reviewer: string | null = null;
  private chain: string[];
  private ownCostUsd = 0;
  private childCostUsd = 0;
  private steps = 0;
  private version = 0;
  private revision = 0;
  private transcript: TranscriptEntry[] = [];
  private feedback: string[] = [];
  private children: string[] = [];
  private pendingApproval: PendingApproval | null = null;
  private approvalAnswer: { approved: boolean; answer: ApprovalAnswer } | null = null;
  /** Why the last approval no longer takes answers (timed out, already answered). */
  private approvalClosed: string | null = null;
  private budgetRaises = 0;
  private paused: boolean;
  private resultText: string | undefined;
  private failureReason: string | undefined;
  /** Something an operator should know about an ended task (a workspace left behind). */
  private notice: string | undefined;
  private readonly writes: Promise<void>[] = [];
  /** Memories recalled since the last review: the review's outcome reinforces or weakens them. */
  private recalledMemoryIds: number[] = [];
  private usedSandbox = false;
  private reinforcements = 0;
  /** Why the task waits (budget, provider), shown in the company view while it does. */
  private waitReason: string | undefined;
  /** What a step that cannot go on for money or provider reasons needs (workflows/step-waits.ts). */
  private readonly waiting: WaitingTask;
  /** Routing to on-duty agents and handoffs at shift changes (workflows/shift-gate.ts); inert without a roster. */
  readonly shifts: ShiftGate;
  /** Handovers from agents the company retired or fired (workflows/retirement-handover.ts, fire-handover.ts). */
  private readonly retirements: RetirementHandover;
  /** Worker pools of the agents' activities, and failovers (workflows/placement.ts). */
  private readonly placement: TaskPlacement;

  private readonly input: AgentTaskInput;

  constructor(input: AgentTaskInput) {
    this.input = input;
    this.assignee = input.assignee;
    this.chain = [...input.chain];
    this.paused = input.paused ?? false;
    this.placement = new TaskPlacement(input.company, input.taskId, () => this.steps);
    this.waiting = {
      status: () => this.status,
      setStatus: (next, event, waitReason) => this.setStatus(next, event, waitReason),
      budgetRaises: () => this.budgetRaises,
      timeZone: input.company.timezone,
    };
    const handover: ShiftGateHooks = {
      status: () => this.status,
      setStatus: (next, event, waitReason) => this.setStatus(next, event, waitReason),
      assignee: () => this.assignee,
      reassign: (to, event, note, costUsd) => {
        this.assignee = to;
        this.ownCostUsd = addUsd(this.ownCostUsd, costUsd);
        if (note) this.transcript.push({ kind: 'note', text: note });
        this.writes.push(this.report(event));
      },
      recent: () => this.transcript.slice(-5).map((entry) => entry.text),
    };
    this.shifts = new ShiftGate(input, handover);
    this.retirements = new RetirementHandover(input, handover);
  }

  installHandlers(): void {
    setHandler(stateQuery, () => this.state());
    this.shifts.install();
    this.retirements.install();
    setHandler(budgetRaisedSignal, () => void this.budgetRaises++);
    setHandler(pauseSignal, () => void (this.paused = true));
    setHandler(resumeSignal, () => void (this.paused = false));
    setHandler(messageSignal, (message) => {
      if (!isTaskMessage(message) && patched(dropMalformedSignalsPatch)) return;
      const { from, text } = message;
      this.transcript.push({ kind: 'note', text: `message from ${from}: ${cutText(text, 500)}` });
    });
    const answer = (approved: boolean) => (reply: ApprovalAnswer) => {
      this.approvalAnswer = { approved, answer: reply };
    };
    const validate = (reply: ApprovalAnswer) => {
      // Validators reject without a history event, so this needs no patch; the raw client can send anything.
      if (!isApprovalAnswer(reply)) throw new Error('an approval answer is an object { by?: string, reason?: string }');
      if (this.status !== 'AWAITING_APPROVAL' || this.approvalAnswer || !this.pendingApproval) {
        // An answer after the timeout would be accepted and then ignored: say what happened instead.
        throw new Error(
          this.approvalClosed ?? `task ${this.input.taskId} is not awaiting approval (status ${this.status})`,
        );
      }
    };
    setHandler(approveUpdate, answer(true), { validator: validate });
    setHandler(denyUpdate, answer(false), { validator: validate });
  }

  async work(): Promise<AgentTaskResult> {
    const policies = this.input.company.policies;
    for (;;) {
      await this.setStatus('IN_PROGRESS', this.revision === 0 ? 'work started' : `revision ${this.revision}`);
      const draft = await this.workUntilAnswer();
      if (draft === undefined) return this.result();
      if (!policies.reviewRequired) return this.complete(draft);

      this.reviewer = this.shifts.enabled
        ? await this.shifts.reviewer(() => null)
        : chooseReviewer(this.input.company, this.assignee);
      if (this.reviewer === null) return this.complete(draft, 'no other agent can review; accepted unreviewed');
      await this.setStatus('IN_REVIEW', `review by ${this.reviewer}`);
      const verdict = (await this.step('review', this.reviewer, draft)).action as ReviewVerdict;
      if (verdict.verdict === 'approve') {
        await this.reinforceRecalled('approve');
        return this.complete(draft);
      }

      this.feedback.push(`${this.reviewer}: ${verdict.feedback}`);
      this.transcript.push({ kind: 'review-feedback', text: cutText(verdict.feedback, summaryLimit) });
      if (this.revision >= policies.maxRevisions) {
        await this.finish(
          'FAILED',
          undefined,
          `rejected after ${this.revision + 1} reviews: ${this.feedback.join(' | ')}`,
        );
        return this.result();
      }
      await this.reinforceRecalled('reject');
      this.revision++;
    }
  }

  /** Runs the agent loop until the agent answers; undefined when the task ended another way. */
  private async workUntilAnswer(): Promise<string | undefined> {
    for (let stepsThisAttempt = 0; stepsThisAttempt < maxStepsPerAttempt; stepsThisAttempt++) {
      const outcome = await this.step('work', this.assignee);
      const action = outcome.action as AgentAction;
      switch (action.type) {
        case 'answer':
          return action.text;
        case 'recall':
          this.transcript.push({ kind: 'recall', text: cutText(outcome.observation ?? '', summaryLimit) });
          break;
        case 'remember':
          this.transcript.push({ kind: 'remembered', text: cutText(outcome.observation ?? '', summaryLimit) });
          break;
        case 'decompose':
          await this.decompose(action.subtasks);
          break;
        case 'delegate':
          await this.delegate(action.to, action.note);
          break;
        case 'request_approval':
          if (!(await this.approval(action))) return undefined;
          break;
        case 'delegate_external':
          if (patched(externalDelegationPatch) && !(await delegateExternally(this.external(), action)))
            return undefined;
          break;
        case 'run_code':
          if (!(await this.runCode(action))) return undefined;
          break;
        case 'forget':
          this.transcript.push({ kind: 'forgotten', text: cutText(outcome.observation ?? '', summaryLimit) });
          break;
        case 'graph_query':
          this.transcript.push({ kind: 'graph', text: cutText(outcome.observation ?? '', summaryLimit) });
          break;
        case 'compact_context':
          // A compaction was applied in step(); without one the agent learns there was nothing to compact.
          if (!outcome.compaction) {
            this.transcript.push({ kind: 'note', text: outcome.observation ?? 'nothing to compact' });
          }
          break;
      }
    }
    await this.finish('FAILED', undefined, `no answer after ${maxStepsPerAttempt} steps`);
    return undefined;
  }

  private async decompose(requested: Extract<AgentAction, { type: 'decompose' }>['subtasks']): Promise<void> {
    const { company } = this.input;
    const plan = planDecomposition(requested.length, {
      depth: this.input.depth,
      maxDepth: company.policies.maxDecompositionDepth,
      maxChildren: company.policies.maxChildrenPerTask,
      allowance: this.input.allowance - this.children.length,
    });
    if (plan.accepted === 0) {
      this.transcript.push({ kind: 'decomposition-refused', text: plan.reason ?? 'no subtasks allowed' });
      return;
    }
    const allowedAssignees = subtaskAssignees(company, this.assignee);
    const specs = requested.slice(0, plan.accepted).map((subtask, index) => {
      const childId = `${this.input.taskId}.${this.children.length + index + 1}`;
      const assignee =
        subtask.assignee && allowedAssignees.includes(subtask.assignee)
          ? subtask.assignee
          : (allowedAssignees[index % allowedAssignees.length] as string);
      return { childId, subtask, assignee, allowance: plan.childAllowances[index] ?? 0 };
    });
    this.children.push(...specs.map((spec) => spec.childId));
    await this.setStatus('BLOCKED', `waiting for ${specs.length} subtasks`);
    const settle = patched(taskEndsVisiblyPatch);
    const results = await Promise.all(
      specs.map(({ childId, subtask, assignee, allowance }) => {
        const agent = findAgent(company, assignee);
        const child = executeChild(agentTaskWorkflow, {
          workflowId: taskWorkflowId(this.input.companyId, childId),
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          staticSummary: `${company.name} · ${agent?.role ?? assignee} (${assignee}) · ${subtask.title}`,
          typedSearchAttributes: [
            { key: companyIdKey, value: this.input.companyId },
            { key: agentIdKey, value: assignee },
            { key: roleKey, value: agent?.role ?? 'unknown' },
            { key: taskStatusKey, value: 'CREATED' },
          ],
          args: [
            {
              companyId: this.input.companyId,
              company,
              taskId: childId,
              parentId: this.input.taskId,
              title: subtask.title,
              description: subtask.description,
              acceptanceCriteria: subtask.acceptanceCriteria,
              assignee,
              depth: this.input.depth + 1,
              allowance,
              chain: [],
              paused: this.paused,
              ...this.shifts.subtaskPriority(),
            },
          ],
        });
        return settle
          ? settledChild(child, {
              companyId: this.input.companyId,
              parentId: this.input.taskId,
              taskId: childId,
              assignee,
            })
          : child;
      }),
    );
    this.childCostUsd = addUsd(this.childCostUsd, ...results.map((child) => child.costUsd));
    // Claim check: the model-call activity reads the subtasks' whole results from Postgres by id.
    const lines = results.map(
      (child) =>
        `- ${child.taskId} ${child.status} by ${child.assignee}: ${cutText(child.result ?? child.failureReason ?? '', 400)}`,
    );
    if (plan.reason) lines.push(`(${plan.reason})`);
    this.transcript.push({
      kind: 'subtask-results',
      text: lines.join('\n'),
      taskIds: results.map((child) => child.taskId),
    });
    await this.setStatus('IN_PROGRESS', 'subtasks finished');
  }

  private async delegate(to: string, note: string): Promise<void> {
    const check = checkDelegation(this.input.company, this.assignee, to, this.chain);
    if (!check.ok) {
      this.transcript.push({ kind: 'delegation-refused', text: check.reason });
      return;
    }
    this.chain.push(this.assignee);
    const from = this.assignee;
    this.assignee = to;
    this.transcript.push({ kind: 'delegated', text: cutText(`from ${from}: ${note}`, summaryLimit) });
    await this.setStatus('ASSIGNED', `delegated by ${from} to ${to}`);
    await this.setStatus('IN_PROGRESS', `${to} started`);
  }

  /**
   * Runs the agent's code in the task's sandbox workspace (kept across the task's steps). Running code
   * is a medium-risk action: above the agent's oversight level it waits for an approval first.
   * False when the task ended (approval denied).
   */
  private async runCode(action: Extract<AgentAction, { type: 'run_code' }>): Promise<boolean> {
    const allowed = await this.approval({
      type: 'request_approval',
      action: 'run_code',
      risk: 'medium',
      reason: `run ${action.language} code in the sandbox`,
    });
    if (!allowed) return false;
    this.usedSandbox = true;
    const run = await this.placement.activity(
      this.assignee,
      'runTaskCode',
      sandbox.runTaskCode,
    )({
      runKey: `${this.workflowId}#code-${this.steps}`,
      companyId: this.input.companyId,
      taskId: this.input.taskId,
      agentId: this.assignee,
      run: {
        workspace: { lifecycle: 'task', id: this.workflowId },
        language: action.language,
        code: action.code,
        files: action.files,
      },
    });
    const limits = run.limitsHit.length > 0 ? `; limits hit: ${run.limitsHit.join(', ')}` : '';
    this.transcript.push({
      kind: 'code-result',
      text: cutText(
        `exit ${run.exitCode ?? 'none'} in ${Math.round(run.durationMs)} ms${limits}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
        summaryLimit,
      ),
    });
    return true;
  }

  /** Deletes the task's sandbox workspace once the task has ended; its runs stay in the database. */
  async releaseSandbox(): Promise<void> {
    if (!this.usedSandbox) return;
    const destroyWorkspace = this.placement.activity(this.assignee, 'destroyWorkspace', sandbox.destroyWorkspace);
    if (!patched(taskEndsVisiblyPatch)) {
      await destroyWorkspace({ workspaceId: this.workflowId });
      return;
    }
    try {
      await destroyWorkspace({ workspaceId: this.workflowId });
    } catch (error) {
      // The task's outcome stands; the leftover workspace is the operator's to remove.
      this.notice = `workspace ${this.workflowId} was not cleaned up: ${failureReasonOf(error)}`;
      this.writes.push(this.report('workspace cleanup failed', { notice: this.notice }));
    }
  }

  /** Ends a task whose work threw: FAILED with the reason, unless it had already ended. */
  async failUnlessEnded(reason: string): Promise<void> {
    if (!isTerminal(this.status)) await this.finish('FAILED', undefined, reason);
  }

  /** What delegate_external (workflows/external-delegation.ts) needs of this task. */
  private external(): ExternalDelegationTask {
    const { companyId, taskId } = this.input;
    return {
      companyId,
      taskId,
      workflowId: this.workflowId,
      assignee: () => this.assignee,
      step: () => this.steps,
      setStatus: (next, event, reason) => this.setStatus(next, event, reason),
      approve: (request) => this.approval(request),
      remember: (entry) => void this.transcript.push(entry),
    };
  }

  /** True when the action may go ahead; false when the task ended (denied). */
  private async approval(action: Extract<AgentAction, { type: 'request_approval' }>): Promise<boolean> {
    const { company } = this.input;
    const level = effectiveOversight(company, this.assignee);
    if (!requiresApproval(level, action.risk)) {
      this.transcript.push({
        kind: 'approval',
        text: `${action.action} allowed without approval (oversight ${level})`,
      });
      return true;
    }
    const requestKey = `${this.workflowId}#approval-${this.steps}`;
    this.pendingApproval = {
      taskId: this.input.taskId,
      agentId: this.assignee,
      action: action.action,
      requestedAt: new Date().toISOString(),
    };
    this.approvalAnswer = null;
    await records.recordApprovalRequest({
      requestKey,
      companyId: this.input.companyId,
      taskId: this.input.taskId,
      agentId: this.assignee,
      action: action.action,
      risk: action.risk,
      reason: action.reason,
      requestedAt: this.pendingApproval.requestedAt,
    });
    await this.setStatus('AWAITING_APPROVAL', `${this.assignee} asks to ${action.action} (${action.risk} risk)`);
    await condition(() => this.approvalAnswer !== null, durationToMs(company.policies.approvalTimeout));
    const reply = this.currentAnswer();
    this.approvalClosed = closedApprovalMessage(this.input.taskId, action.action, reply, company.policies);
    const approved = reply ? reply.approved : company.policies.approvalDefault === 'approve';
    const decidedBy = reply ? (reply.answer.by ?? 'operator') : 'timeout';
    const reason = reply
      ? (reply.answer.reason ?? '')
      : `no answer within ${company.policies.approvalTimeout}; policy default is ${company.policies.approvalDefault}`;
    this.pendingApproval = null;
    await records.recordApprovalDecision({
      requestKey,
      decision: approved ? 'approved' : 'denied',
      decidedBy,
      reason,
    });
    if (!approved) {
      await this.finish(
        'FAILED',
        undefined,
        `approval to ${action.action} denied by ${decidedBy}${reason ? `: ${reason}` : ''}`,
      );
      return false;
    }
    this.transcript.push({
      kind: 'approval',
      text: `${action.action} approved by ${decidedBy}${reason ? `: ${reason}` : ''}`,
    });
    await this.setStatus('IN_PROGRESS', `${action.action} approved by ${decidedBy}`);
    return true;
  }

  private currentAnswer(): { approved: boolean; answer: ApprovalAnswer } | null {
    return this.approvalAnswer;
  }

  /** One model call; parks the task at the budget ceiling until an operator raises it. */
  private async step(mode: 'work' | 'review', agentId: string, draft?: string): Promise<AgentStepResult> {
    const { company } = this.input;
    for (;;) {
      await condition(() => !this.paused);
      if (this.shifts.enabled) agentId = await this.shifts.beforeStep(mode, agentId);
      if (this.retirements.enabled) agentId = await this.retirements.beforeStep(mode, agentId);
      const agent = findAgent(company, agentId);
      if (!agent)
        throw ApplicationFailure.nonRetryable(`agent ${agentId} is not in the company`, FailureType.invalidInput);
      const delegates = agent.canDelegateTo.filter((id) => !this.chain.includes(id) && id !== agentId);
      const assignees = subtaskAssignees(company, agentId);
      const plan = planDecomposition(company.policies.maxChildrenPerTask, {
        depth: this.input.depth,
        maxDepth: company.policies.maxDecompositionDepth,
        maxChildren: company.policies.maxChildrenPerTask,
        allowance: this.input.allowance - this.children.length,
      });
      const teamRoles = Object.fromEntries(
        [...new Set([...delegates, ...assignees])].map((id) => [id, findAgent(company, id)?.role ?? 'unknown']),
      );
      const maxOutputTokens = agent.maxOutputTokens ?? company.policies.maxOutputTokens;
      this.steps++;
      try {
        const outcome = await this.placement.activity(
          agentId,
          'agentStep',
          agentStep,
        )({
          companyId: this.input.companyId,
          workflowId: this.workflowId,
          step: this.steps,
          mode,
          agent: {
            id: agent.id,
            name: agent.name,
            role: agent.role,
            seniority: agent.seniority,
            department: agent.department,
            model: agent.model,
            ...(agent.actions !== undefined ? { actions: agent.actions } : {}),
            ...configuredStepFields(agent),
          },
          task: {
            id: this.input.taskId,
            title: this.input.title,
            description: this.input.description,
            acceptanceCriteria: this.input.acceptanceCriteria,
            depth: this.input.depth,
            maxSubtasks: this.children.length > 0 ? 0 : plan.accepted,
            delegates,
            subtaskAssignees: assignees,
            teamRoles,
            revision: this.revision,
          },
          transcript: this.transcript,
          ...(draft !== undefined
            ? { draft: cutText(draft, summaryLimit * 4, 'the reviewer sees the beginning only') }
            : {}),
          ...(agent.budgetLimitUsd !== undefined ? { agentBudgetLimitUsd: agent.budgetLimitUsd } : {}),
          ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
          // Only templates that set it pass it: the inputs of running workflows' steps stay as they were.
          ...(mode === 'review' && company.policies.reviewStyle ? { reviewStyle: company.policies.reviewStyle } : {}),
        });
        // A reused (stored) answer is still this step's one payment: the workflow sees each step once.
        this.ownCostUsd = addUsd(this.ownCostUsd, outcome.costUsd);
        this.absorbMemory(outcome);
        return outcome;
      } catch (error) {
        if (!(await waitOutStepFailure(error, this.waiting))) throw error;
      }
    }
  }

  /** Applies a step's context compaction (the agent's or the automatic one) and notes the memories it recalled. */
  private absorbMemory(outcome: AgentStepResult): void {
    if (outcome.compaction) {
      this.transcript = [outcome.compaction.entry, ...this.transcript.slice(outcome.compaction.replaced)];
    }
    for (const id of outcome.recalledMemoryIds ?? []) {
      if (this.recalledMemoryIds.length >= maxRecalledMemories) break;
      if (!this.recalledMemoryIds.includes(id)) this.recalledMemoryIds.push(id);
    }
  }

  /** Reinforces (approve) or weakens (reject, fail) the memories recalled into this attempt; never fails the task. */
  private async reinforceRecalled(outcome: 'approve' | 'reject' | 'fail'): Promise<void> {
    if (this.recalledMemoryIds.length === 0) return;
    const memoryIds = this.recalledMemoryIds;
    this.recalledMemoryIds = [];
    this.reinforcements++;
    try {
      await records.reinforceMemories({
        companyId: this.input.companyId,
        memoryIds,
        outcome,
        key: `${this.workflowId}#reinforce-${this.reinforcements}`,
      });
    } catch (error) {
      log.warn('memory reinforcement failed', { error: String(error) });
    }
  }

  private async complete(text: string, note?: string): Promise<AgentTaskResult> {
    await this.finish('COMPLETED', text, undefined, note);
    return this.result();
  }

  async finish(status: TaskStatus, result?: string, failureReason?: string, note?: string): Promise<void> {
    if (status === 'FAILED') await this.reinforceRecalled('fail');
    this.resultText = result;
    this.failureReason = failureReason;
    await this.setStatus(status, note ?? failureReason ?? 'done');
  }

  async setStatus(next: TaskStatus, event: string, waitReason?: string): Promise<void> {
    this.status = transition(this.status, next);
    this.waitReason = waitReason;
    this.shifts.statusChanged(next);
    const report = this.report(event);
    // The report need not hold up the next step (a round trip per status change): it carries the
    // status version, and the company keeps the newest should the server deliver reports out of
    // order. Runs that started before this change wait, as they did when their histories were written.
    if (patched(reportsWithoutWaitingPatch)) this.writes.push(report);
    else await report;
  }

  /** Writes the projection and tells the company; returns the company report still in flight. */
  private report(event: string, details?: Record<string, unknown>): Promise<void> {
    this.version++;
    const summary = this.summary();
    upsertSearchAttributes([
      { key: taskStatusKey, value: this.status },
      { key: agentIdKey, value: this.assignee },
      { key: costUsdKey, value: summary.costUsd },
    ]);
    // The projection write runs beside the next step; versions keep late writes from winning.
    this.writes.push(
      recordProjection({
        companyId: this.input.companyId,
        workflowId: this.workflowId,
        task: this.resultText === undefined ? summary : { ...summary, result: this.resultText },
        description: this.input.description,
        version: this.version,
        event,
        ...(details ? { details } : {}),
        actor: this.assignee,
      }),
    );
    const report = getExternalWorkflowHandle(companyWorkflowId(this.input.companyId))
      .signal(taskUpdateSignal, { task: summary, pendingApproval: this.pendingApproval })
      .catch((error: unknown) => {
        // A stopped company no longer listens; the task's own state and the database still record it.
        log.warn('company did not take the task update', { error: String(error) });
      });
    return report;
  }

  async flushWrites(): Promise<void> {
    await Promise.all(this.writes);
  }

  private summary(): TaskSummary {
    return {
      id: this.input.taskId,
      parentId: this.input.parentId,
      title: this.input.title,
      status: this.status,
      assignee: this.assignee,
      reviewer: this.reviewer,
      costUsd: addUsd(this.ownCostUsd, this.childCostUsd),
      ownCostUsd: this.ownCostUsd,
      // Claim check: the company, the parent and the workflow result carry the beginning; Postgres and `task show` the whole.
      ...(this.resultText !== undefined
        ? { result: cutText(this.resultText, summaryLimit, this.whereTheWholeIs()) }
        : {}),
      ...(this.failureReason !== undefined ? { failureReason: this.failureReason } : {}),
      ...(this.notice !== undefined ? { notice: this.notice } : {}),
      ...(this.waitReason !== undefined ? { waitReason: this.waitReason } : {}),
      version: this.version,
    };
  }

  result(): AgentTaskResult {
    const summary = this.summary();
    return {
      taskId: summary.id,
      status: summary.status,
      assignee: summary.assignee,
      reviewer: summary.reviewer,
      costUsd: summary.costUsd,
      ...(summary.result !== undefined ? { result: summary.result } : {}),
      ...(summary.failureReason !== undefined ? { failureReason: summary.failureReason } : {}),
    };
  }

  private whereTheWholeIs(): string {
    return `whole result: synthorg task show ${this.input.companyId} ${this.input.taskId}`;
  }

  private state(): AgentTaskState {
    return {
      ...this.result(),
      // A query is no history event: `task show` gets the whole result.
      ...(this.resultText !== undefined ? { result: this.resultText } : {}),
      title: this.input.title,
      parentId: this.input.parentId,
      steps: this.steps,
      revision: this.revision,
      transcript: this.transcript,
      pendingApproval: this.pendingApproval,
      children: this.children,
      ...(this.placement.failovers.length > 0 ? { failovers: this.placement.failovers } : {}),
    };
  }
}
