/**
 * Direct goal admission (docs/faults-and-load-rounds.md, "Direct admission"): the client starts a goal's task
 * workflow itself instead of asking the company workflow to, and then tells the company with a signal.
 *
 * Through the company, every goal was one update: a workflow task of the company to run the handler,
 * another once the child had started, all on one workflow, so goals queued one at a time (4.5 s a goal
 * on the loaded 2-core VM, at most 24 tasks in flight in the 1,000-task run). Here the company is read
 * once per burst (a query, no history event), the task's workflow id comes from the goal id with
 * `USE_EXISTING` and `REJECT_DUPLICATE`, so a retried admission finds the task it started instead of
 * starting a second, and the signal lists the task in the company view (one signal for the goals that started
 * while the previous one was on its way: src/client/admission-signals.ts).
 *
 * What the company's update did and where it is now:
 * - validation (goal text, criteria, priority, a stopped company): here, before anything starts;
 * - the root agent, the allowance (maxTasksPerGoal), the org chart and `paused`: from the company's own
 *   snapshot, read by the `admission` query;
 * - a company paused or stopped after that read: the company's `goalAdmitted` handler pauses or cancels
 *   the task; a company that has already ended takes no signal, and the client cancels the task itself;
 * - budget, approvals and shift routing were never decided at admission: the task's model-call activity
 *   checks the ledger against the company's ceiling in the database, the task asks for approvals by its
 *   company's oversight, and it asks the company's shift desk for an on-duty agent, on either path.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { companyWorkflowId, taskWorkflowId } from '../domain/ids.ts';
import type { TaskSummary } from '../domain/types.ts';
import type { AdmissionView, GoalAdmitted } from '../../workflows/contracts/company.ts';
import { goalProblem, goalTask } from '../../workflows/contracts/goal-task.ts';
import { admissionQuery } from '../../workflows/contracts/company.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import type { SubmitGoalOptions } from './types.ts';
import { InvalidInputError } from './types.ts';
import { withTaskState } from './task-view.ts';
import type { AdmissionSignalling } from './admission-signals.ts';
import { AdmissionSignals } from './admission-signals.ts';

/**
 * How long one read of the company serves further goals before the next goal asks for a newer one. A burst
 * of goals then costs the busy company one query, not one each (under the 1,000-task load the company's
 * queries timed out at the server).
 *
 * Past it, a goal still does not wait: it is admitted on the last read while the newer one is under way,
 * however old that read is (under the 1,000-task load an admission query queued minutes behind the worker's
 * backlog, and goals that waited for it took 1,225 s of a 1,572 s run). What the last read can miss: a pause
 * or stop since then, which the company's `goalAdmitted` handler catches the task up on (and a company that
 * has ended refuses the signal, so the task is cancelled); a hire or a new root agent, which that goal's org
 * chart does not have, as for a goal admitted just before it. Budget was never read here (the model call
 * reserves against the ledger), and the goal id still names one task. Refusals are not made on an old read:
 * a company not yet registered or stopped is read again first.
 */
const admissionReadTtlMs = 2_000;
export const goalIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The task of a directly admitted goal: `g-` keeps it apart from the company's own `t<N>` numbering. */
export function goalTaskId(goalId: string): string {
  return `g-${goalId}`;
}

/** A fresh goal id when the caller has none (48 random bits). */
export function newGoalId(): string {
  return randomBytes(6).toString('hex');
}

export interface GoalAdmissionDeps {
  /** The client's Temporal client (a getter: the owner sets it up after this). */
  temporal(): Client;
  /** Runs a company query with the client's no-worker check. */
  query<T>(companyId: string, run: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Waits until the company is registered in the database. */
  ready(companyId: string): Promise<boolean>;
  /** The clock reads are aged by (tests age them without waiting); default Date.now. */
  now?: () => number;
  /** One signal per goal (the code before the ninth round, for benches) or per burst (the default). */
  signalling?: AdmissionSignalling;
}

/**
 * Starts a goal's task workflow. A goal id names one goal: a retry while it runs finds it (`USE_EXISTING`), and
 * after it ended the start is refused (`REJECT_DUPLICATE`, WorkflowExecutionAlreadyStartedError).
 */
export async function startGoalTask(
  temporal: Client,
  workflowId: string,
  taskQueue: string,
  task: ReturnType<typeof goalTask>,
): Promise<void> {
  await temporal.workflow.start('agentTaskWorkflow', {
    workflowId,
    taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    staticSummary: task.staticSummary,
    typedSearchAttributes: task.typedSearchAttributes,
    args: [task.input],
  });
}

/** One company's reads: the last answer and the query under way, if any. */
interface CompanyReads {
  last?: { view: AdmissionView; at: number };
  refreshing?: { view: Promise<AdmissionView>; startedAt: number } | undefined;
}

export class GoalAdmission {
  private readonly deps: GoalAdmissionDeps;
  /** One admission read per company, shared by the goals submitted while it is in flight or fresh. */
  private readonly reads = new Map<string, CompanyReads>();
  private readonly now: () => number;
  private readonly signals: AdmissionSignals;

  constructor(deps: GoalAdmissionDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.signals = new AdmissionSignals(deps.temporal, deps.signalling);
  }

  /** Starts the goal's task (once per goal id) and lists it with the company; the task as the company lists it. */
  async admit(companyId: string, goal: string, options: SubmitGoalOptions & { goalId: string }): Promise<TaskSummary> {
    const { goalId, acceptanceCriteria, priority } = options;
    if (!goalIdPattern.test(goalId)) {
      throw new InvalidInputError(
        `goalId "${goalId}": use letters, digits, "_" and "-", starting with a letter or digit, up to 64 characters`,
      );
    }
    const problem = goalProblem({ goal, acceptanceCriteria, priority });
    if (problem) throw new InvalidInputError(problem);

    let view = await this.read(companyId);
    // Not on an old read: the company may have registered, or started again, since.
    if (!view.registered || view.status === 'STOPPED') view = await this.read(companyId, this.now());
    if (!view.registered) {
      await this.deps.ready(companyId);
      view = await this.read(companyId, this.now());
    }
    if (view.status === 'STOPPED') throw new InvalidInputError(`company ${companyId} is stopped`);
    const { company } = view;
    const taskId = goalTaskId(goalId);
    const paused = view.status === 'PAUSED';
    const task = goalTask(company, taskId, { goal, acceptanceCriteria, priority }, paused);
    const summary: TaskSummary = { ...task.summary, version: 0 };
    const workflowId = taskWorkflowId(companyId, taskId);
    try {
      await startGoalTask(this.deps.temporal(), workflowId, view.taskQueue, task);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // The goal ran before and has ended: it is the same goal, not a new one, and the company has heard its end.
      const state = await this.deps.temporal().workflow.getHandle(workflowId).query(stateQuery);
      return withTaskState(summary, state);
    }
    const admitted: GoalAdmitted = { task: summary, paused };
    try {
      await this.signals.tell(companyId, admitted);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The company ended (stopped) after it was read: its task must not run on without it.
      await this.deps
        .temporal()
        .workflow.getHandle(workflowId)
        .cancel()
        .catch(() => undefined);
      throw new InvalidInputError(`company ${companyId} is stopped`);
    }
    return summary;
  }

  /**
   * The company's admission view: a read under 2 s old; else the last read while a newer one is under way,
   * whatever its age (admissionReadTtlMs); with `notBefore`, or before any read, a read started no earlier.
   */
  private read(companyId: string, notBefore?: number): Promise<AdmissionView> {
    const entry = this.reads.get(companyId) ?? {};
    this.reads.set(companyId, entry);
    const { last } = entry;
    if (notBefore === undefined && last && this.now() - last.at < admissionReadTtlMs) return Promise.resolve(last.view);
    const refreshing = this.refresh(companyId, entry, notBefore ?? -Infinity);
    if (notBefore === undefined && last) {
      refreshing.catch(() => undefined);
      return Promise.resolve(last.view);
    }
    // A company whose worker is too busy to answer in time (its queries wait behind hundreds of tasks'
    // workflow tasks) admits with the last read it gave rather than not at all (see admissionReadTtlMs).
    return last ? refreshing.catch(() => last.view) : refreshing;
  }

  /** The read under way if it started at `notBefore` or later, else a new one after it: one query at a time. */
  private refresh(companyId: string, entry: CompanyReads, notBefore: number): Promise<AdmissionView> {
    const under = entry.refreshing;
    if (under && under.startedAt >= notBefore) return under.view;
    const startedAt = this.now();
    const view = (under ? under.view.then(noop, noop) : Promise.resolve())
      .then(() =>
        this.deps.query(companyId, () =>
          this.deps.temporal().workflow.getHandle(companyWorkflowId(companyId)).query(admissionQuery),
        ),
      )
      .then((answer) => {
        entry.last = { view: answer, at: this.now() };
        return answer;
      })
      .finally(() => {
        if (entry.refreshing?.view === view) entry.refreshing = undefined;
      });
    entry.refreshing = { view, startedAt };
    return view;
  }
}

function noop(): void {}
