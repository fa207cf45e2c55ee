import { delegateExternally, externalDelegationPatch, type ExternalDelegationTask } from './external-delegation.ts';
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskEventInput } from '../activities/records.ts';
import type { AgentAction, AgentStepResult, ReviewVerdict, TranscriptEntry } from '../src/domain/agent-action.ts';
import { addUsd } from '../src/domain/budget.ts';
import { cutText } from '../src/domain/text-cut.ts';
import { checkDelegation, chooseReviewer } from '../src/domain/org-chart.ts';
import { isTerminal, transition, type TaskStatus } from '../src/domain/task-state.ts';
import { RecalledMemories } from './recalled-memories.ts';
import { TaskPlacement } from './placement.ts';
import { TaskApprovals } from './task-approval.ts';
import { decompose } from './task-decomposition.ts';
import { TaskSandbox } from './task-sandbox.ts';
import type { WaitingTask } from './step-waits.ts';
import type { AgentTaskInput, AgentTaskResult, AgentTaskState } from './contracts/task.ts';
import { dropMalformedSignalsPatch, isTaskMessage } from './signal-payloads.ts';
import { failureReasonOf, taskEndsVisiblyPatch } from './task-endings.ts';
import {
  assignedEvent,
  startEvents,
  startTask,
  type StartWrites,
  taskStartPatch,
  workStartedEvent,
} from './task-start.ts';
import { rejectionReason, reviewEscalation, reviewEscalationPatch } from '../src/domain/review-escalation.ts';
import { ShiftGate, type ShiftGateHooks } from './shift-gate.ts';
import { TaskReporter } from './task-report.ts';
import { summaryLimit, TaskRecord } from './task-record.ts';
import { RetirementHandover } from './retirement-handover.ts';
import { TrainingDesk, trainingCritiquePatch } from './training.ts';
import { observationEntry, StepTaker } from './task-step.ts';
import { budgetRaisedSignal, messageSignal, pauseSignal, resumeSignal, stateQuery } from './contracts/task.ts';

/** Versioning (docs/architecture.md, "Versioning"): status reports to the company stopped waiting for the server's ack. */
const reportsWithoutWaitingPatch = 'reports-without-waiting';

/** A runaway loop guard: steps one attempt may take before the task fails. */
const maxStepsPerAttempt = 40;

/**
 * One task, worked by one agent (docs/architecture.md, "Workflows"): an agent loop of model-call activities that can
 * decompose into concurrent child tasks, delegate, remember/recall, ask for approval, and ends in a
 * review by an agent other than the author.
 */
export async function agentTaskWorkflow(input: AgentTaskInput): Promise<AgentTaskResult> {
  // Decided once: patched() is not memoised as false, and the run's other patch checks follow it.
  const run = new TaskRun(input, patched(taskStartPatch));
  run.installHandlers();
  try {
    await startTask(input, run.startsInOne, run);
    if (run.shifts.enabled) await run.shifts.routeAtStart();
    await run.setStatus('ASSIGNED', assignedEvent);
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
    if (!run.startsInOne && !patched(taskEndsVisiblyPatch)) throw error;
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
  /** Status, assignee, costs and ending as the task reports them (workflows/task-record.ts). */
  private readonly record: TaskRecord;
  private chain: string[];
  private steps = 0;
  private revision = 0;
  private transcript: TranscriptEntry[] = [];
  private feedback: string[] = [];
  private children: string[] = [];
  private budgetRaises = 0;
  private paused: boolean;
  private readonly writes: Promise<void>[] = [];
  private readonly recalled: RecalledMemories;
  /** What a step that cannot go on for money or provider reasons needs (workflows/step-waits.ts). */
  private readonly waiting: WaitingTask;
  /** Routing to on-duty agents and handoffs at shift changes (workflows/shift-gate.ts); inert without a roster. */
  readonly shifts: ShiftGate;
  /** Handovers from agents the company retired or fired (workflows/retirement-handover.ts, fire-handover.ts). */
  private readonly retirements: RetirementHandover;
  /** Worker pools of the agents' activities, and failovers (workflows/placement.ts). */
  private readonly placement: TaskPlacement;
  /** Approvals of actions above the agent's oversight level (workflows/task-approval.ts). */
  private readonly approvals: TaskApprovals;
  /** The task's sandbox workspace (workflows/task-sandbox.ts). */
  private readonly sandbox: TaskSandbox;
  /** Training mode: a senior's critique before a junior's first review (workflows/training.ts). */
  private readonly training: TrainingDesk;

  private readonly input: AgentTaskInput;
  /** Patch task-start-in-one (workflows/task-start.ts): the run takes older patches without asking. */
  readonly startsInOne: boolean;
  /** Status reports: projection writes, search attributes, the company's report (workflows/task-report.ts). */
  private readonly reporter: TaskReporter;
  /** The projection writes the start activity made (workflows/task-start.ts). */
  readonly startWrites: StartWrites;
  /** The task's model calls (workflows/task-step.ts). */
  private readonly stepper: StepTaker;

  constructor(input: AgentTaskInput, startsInOne: boolean) {
    this.input = input;
    this.record = new TaskRecord(input, this.workflowId);
    this.startsInOne = startsInOne;
    this.reporter = new TaskReporter({
      companyId: input.companyId,
      record: this.record,
      startsInOne,
      writes: this.writes,
      pendingApproval: () => this.approvals.pending(),
    });
    this.startWrites = this.reporter.startWrites;
    this.recalled = new RecalledMemories(input.companyId, this.workflowId);
    this.chain = [...input.chain];
    this.paused = input.paused ?? false;
    this.placement = new TaskPlacement(input.company, input.taskId, () => this.steps);
    this.waiting = {
      status: () => this.record.status,
      setStatus: (next, event, waitReason) => this.setStatus(next, event, waitReason),
      budgetRaises: () => this.budgetRaises,
      timeZone: input.company.timezone,
    };
    const handover: ShiftGateHooks = {
      status: () => this.record.status,
      setStatus: (next, event, waitReason) => this.setStatus(next, event, waitReason),
      assignee: () => this.record.assignee,
      reassign: (to, event, note, costUsd) => {
        this.record.assignee = to;
        this.record.ownCostUsd = addUsd(this.record.ownCostUsd, costUsd);
        if (note) this.transcript.push({ kind: 'note', text: note });
        this.writes.push(this.report(event));
      },
      recent: () => this.transcript.slice(-5).map((entry) => entry.text),
    };
    this.shifts = new ShiftGate(input, handover);
    this.retirements = new RetirementHandover(input, handover);
    this.approvals = new TaskApprovals({
      input,
      workflowId: this.workflowId,
      assignee: () => this.record.assignee,
      step: () => this.steps,
      status: () => this.record.status,
      setStatus: (next, event) => this.setStatus(next, event),
      fail: (reason) => this.finish('FAILED', undefined, reason),
      note: (entry) => void this.transcript.push(entry),
    });
    this.sandbox = new TaskSandbox({
      input,
      workflowId: this.workflowId,
      placement: this.placement,
      assignee: () => this.record.assignee,
      step: () => this.steps,
    });
    this.training = new TrainingDesk(input, {
      assignee: () => this.record.assignee,
      note: (entry) => void this.transcript.push(entry),
      revise: () => this.workUntilAnswer(),
      paid: (costUsd) => void (this.record.ownCostUsd = addUsd(this.record.ownCostUsd, costUsd)),
    });
    this.stepper = new StepTaker({
      input,
      workflowId: this.workflowId,
      shifts: this.shifts,
      retirements: this.retirements,
      placement: this.placement,
      waiting: this.waiting,
      paused: () => this.paused,
      nextStep: () => ++this.steps,
      context: () => ({
        chain: this.chain,
        children: this.children,
        revision: this.revision,
        transcript: this.transcript,
      }),
      absorb: (outcome) => this.absorb(outcome),
    });
  }

  note(entries: TranscriptEntry[]): void {
    this.transcript.push(...entries);
  }

  installHandlers(): void {
    setHandler(stateQuery, () => this.state());
    this.shifts.install();
    this.retirements.install();
    setHandler(budgetRaisedSignal, () => void this.budgetRaises++);
    setHandler(pauseSignal, () => void (this.paused = true));
    setHandler(resumeSignal, () => void (this.paused = false));
    setHandler(messageSignal, (message) => {
      if (!isTaskMessage(message) && (this.startsInOne || patched(dropMalformedSignalsPatch))) return;
      const { from, text } = message;
      this.transcript.push({ kind: 'note', text: `message from ${from}: ${cutText(text, 500)}` });
    });
    this.approvals.install();
  }

  async work(): Promise<AgentTaskResult> {
    const policies = this.input.company.policies;
    for (;;) {
      await this.setStatus('IN_PROGRESS', this.revision === 0 ? workStartedEvent : `revision ${this.revision}`);
      let draft = await this.workUntilAnswer();
      if (draft !== undefined && this.revision === 0 && this.takes(trainingCritiquePatch))
        draft = await this.training.coach(draft);
      if (draft === undefined) return this.result();
      if (!policies.reviewRequired) return this.complete(draft);

      this.record.reviewer = this.shifts.enabled
        ? await this.shifts.reviewer(() => null)
        : chooseReviewer(this.input.company, this.record.assignee);
      if (this.record.reviewer === null) return this.complete(draft, 'no other agent can review; accepted unreviewed');
      await this.setStatus('IN_REVIEW', `review by ${this.record.reviewer}`);
      const verdict = (await this.stepper.take('review', this.record.reviewer, draft)).action as ReviewVerdict;
      if (this.revision === 0 && this.takes(trainingCritiquePatch))
        await this.training.firstReview(verdict.verdict === 'approve', this.record.reviewer, draft);
      if (verdict.verdict === 'approve') {
        await this.recalled.reinforce('approve');
        return this.complete(draft);
      }

      this.feedback.push(`${this.record.reviewer}: ${verdict.feedback}`);
      this.transcript.push({ kind: 'review-feedback', text: cutText(verdict.feedback, summaryLimit) });
      if (this.revision >= policies.maxRevisions) {
        if (policies.onRevisionsExhausted === 'escalate' && this.takes(reviewEscalationPatch)) {
          const escalation = reviewEscalation(this.revision + 1, this.feedback);
          if (!(await this.approvals.ask(escalation.request, escalation))) return this.result();
          return this.complete(draft, escalation.acceptedNote(this.approvals.decidedBy()));
        }
        await this.finish('FAILED', undefined, rejectionReason(this.revision + 1, this.feedback));
        return this.result();
      }
      await this.recalled.reinforce('reject');
      this.revision++;
    }
  }

  /** Runs the agent loop until the agent answers; undefined when the task ended another way. */
  private async workUntilAnswer(): Promise<string | undefined> {
    for (let stepsThisAttempt = 0; stepsThisAttempt < maxStepsPerAttempt; stepsThisAttempt++) {
      const outcome = await this.stepper.take('work', this.record.assignee);
      const action = outcome.action as AgentAction;
      const observed = observationEntry(action, outcome);
      if (observed) this.transcript.push(observed);
      switch (action.type) {
        case 'answer':
          return action.text;
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
          if (this.takes(externalDelegationPatch) && !(await delegateExternally(this.external(), action)))
            return undefined;
          break;
        case 'run_code':
          if (!(await this.runCode(action))) return undefined;
          break;
      }
    }
    await this.finish('FAILED', undefined, `no answer after ${maxStepsPerAttempt} steps`);
    return undefined;
  }

  private decompose(requested: Extract<AgentAction, { type: 'decompose' }>['subtasks']): Promise<void> {
    return decompose(
      {
        input: this.input,
        workflow: agentTaskWorkflow,
        assignee: () => this.record.assignee,
        children: this.children,
        paused: () => this.paused,
        subtaskPriority: () => this.shifts.subtaskPriority(),
        setStatus: (next, event) => this.setStatus(next, event),
        note: (entry) => void this.transcript.push(entry),
        childrenCost: (costs) => void (this.record.childCostUsd = addUsd(this.record.childCostUsd, ...costs)),
      },
      requested,
    );
  }

  private async delegate(to: string, note: string): Promise<void> {
    const check = checkDelegation(this.input.company, this.record.assignee, to, this.chain);
    if (!check.ok) {
      this.transcript.push({ kind: 'delegation-refused', text: check.reason });
      return;
    }
    this.chain.push(this.record.assignee);
    const from = this.record.assignee;
    this.record.assignee = to;
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
    this.transcript.push(await this.sandbox.run(action, summaryLimit));
    return true;
  }

  /** Deletes the task's sandbox workspace once the task has ended; its runs stay in the database. */
  async releaseSandbox(): Promise<void> {
    const notice = await this.sandbox.release();
    if (notice === undefined) return;
    this.record.notice = notice;
    this.writes.push(this.report('workspace cleanup failed', { notice }));
  }

  /** Ends a task whose work threw: FAILED with the reason, unless it had already ended. */
  async failUnlessEnded(reason: string): Promise<void> {
    if (!isTerminal(this.record.status)) await this.finish('FAILED', undefined, reason);
  }

  /** What delegate_external (workflows/external-delegation.ts) needs of this task. */
  private external(): ExternalDelegationTask {
    const { companyId, taskId } = this.input;
    return {
      companyId,
      taskId,
      workflowId: this.workflowId,
      assignee: () => this.record.assignee,
      step: () => this.steps,
      setStatus: (next, event, reason) => this.setStatus(next, event, reason),
      approve: (request) => this.approval(request),
      remember: (entry) => void this.transcript.push(entry),
    };
  }

  /** True when the action may go ahead; false when the task ended (denied). */
  private approval(action: Extract<AgentAction, { type: 'request_approval' }>): Promise<boolean> {
    return this.approvals.ask(action);
  }

  /** Takes in a step's cost (a reused, stored answer is still its one payment), compaction and recalled memories. */
  private absorb(outcome: AgentStepResult): void {
    this.record.ownCostUsd = addUsd(this.record.ownCostUsd, outcome.costUsd);
    if (outcome.compaction) {
      this.transcript = [outcome.compaction.entry, ...this.transcript.slice(outcome.compaction.replaced)];
    }
    this.recalled.add(outcome.recalledMemoryIds ?? []);
  }

  private async complete(text: string, note?: string): Promise<AgentTaskResult> {
    await this.finish('COMPLETED', text, undefined, note);
    return this.result();
  }

  async finish(status: TaskStatus, result?: string, failureReason?: string, note?: string): Promise<void> {
    if (status === 'FAILED') await this.recalled.reinforce('fail');
    this.record.resultText = result;
    this.record.failureReason = failureReason;
    await this.setStatus(status, note ?? failureReason ?? 'done');
  }

  async setStatus(next: TaskStatus, event: string, waitReason?: string): Promise<void> {
    this.record.status = transition(this.record.status, next);
    this.record.waitReason = waitReason;
    this.shifts.statusChanged(next);
    const report = this.report(event);
    // The report need not hold up the next step (a round trip per status change): it carries the
    // status version, and the company keeps the newest should the server deliver reports out of
    // order. Runs that started before this change wait, as they did when their histories were written.
    if (this.takes(reportsWithoutWaitingPatch)) this.writes.push(report);
    else await report;
  }

  /** Whether the run takes a patch declared before task-start-in-one (see `startsInOne`). */
  private takes(patch: string): boolean {
    return this.startsInOne || patched(patch);
  }

  /** Writes the projection and tells the company (workflows/task-report.ts); returns the report still in flight. */
  private report(event: string, details?: Record<string, unknown>): Promise<void> {
    return this.reporter.report(event, details);
  }

  /** The start's status changes as report() will write them; none where routing to an agent on duty comes first. */
  startEvents(): TaskEventInput[] {
    return this.shifts.enabled ? [] : startEvents(this.record.taskEvent(assignedEvent));
  }

  async flushWrites(): Promise<void> {
    await Promise.all(this.writes);
  }

  result(): AgentTaskResult {
    return this.record.result();
  }

  private state(): AgentTaskState {
    const { steps, revision, transcript, children } = this;
    const failovers = this.placement.failovers;
    return this.record.state({
      steps,
      revision,
      transcript,
      pendingApproval: this.approvals.pending(),
      children,
      failovers,
    });
  }
}
