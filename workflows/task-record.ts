import type { TaskEventInput } from '../activities/records.ts';
import { addUsd } from '../src/domain/budget.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { TaskSummary } from '../src/domain/types.ts';
import type { AgentTaskInput, AgentTaskResult, AgentTaskState } from './contracts/task.ts';

/** Claim check: what a workflow keeps of a long text; the database keeps the whole. */
export const summaryLimit = 2_000;

/**
 * What a task tells of itself — status, assignee, reviewer, costs, ending — and the views built from it: the
 * summary the company and the parent hear, the workflow's result, the projection write. Plain data that the
 * task's workflow (workflows/agent-task.ts) changes; no Temporal call here.
 */
export class TaskRecord {
  status: TaskStatus = 'CREATED';
  assignee: string;
  reviewer: string | null = null;
  ownCostUsd = 0;
  childCostUsd = 0;
  /** The status version a report carries, so the company keeps the newest whatever order reports arrive in. */
  version = 0;
  resultText: string | undefined;
  failureReason: string | undefined;
  /** Something an operator should know about an ended task (a workspace left behind). */
  notice: string | undefined;
  /** Why the task waits (budget, provider), shown in the company view while it does. */
  waitReason: string | undefined;
  private readonly input: AgentTaskInput;
  private readonly workflowId: string;

  constructor(input: AgentTaskInput, workflowId: string) {
    this.input = input;
    this.workflowId = workflowId;
    this.assignee = input.assignee;
  }

  summary(): TaskSummary {
    const { taskId, companyId, parentId, title } = this.input;
    return {
      id: taskId,
      parentId,
      title,
      status: this.status,
      assignee: this.assignee,
      reviewer: this.reviewer,
      costUsd: addUsd(this.ownCostUsd, this.childCostUsd),
      ownCostUsd: this.ownCostUsd,
      // Claim check: the company, the parent and the workflow result carry the beginning; Postgres and `task show` the whole.
      ...(this.resultText !== undefined
        ? { result: cutText(this.resultText, summaryLimit, `whole result: synthorg task show ${companyId} ${taskId}`) }
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

  /** The projection write of the task's current state. */
  taskEvent(event: string, details?: Record<string, unknown>): TaskEventInput {
    const summary = this.summary();
    return {
      companyId: this.input.companyId,
      workflowId: this.workflowId,
      task: this.resultText === undefined ? summary : { ...summary, result: this.resultText },
      description: this.input.description,
      version: this.version,
      event,
      ...(details ? { details } : {}),
      actor: this.assignee,
    };
  }

  /** The state query's answer: the result, whole (a query is no history event), and the task's progress. */
  state(progress: Omit<AgentTaskState, keyof AgentTaskResult | 'title' | 'parentId'>): AgentTaskState {
    const { failovers, ...rest } = progress;
    return {
      ...this.result(),
      ...(this.resultText !== undefined ? { result: this.resultText } : {}),
      title: this.input.title,
      parentId: this.input.parentId,
      ...rest,
      ...(failovers !== undefined && failovers.length > 0 ? { failovers } : {}),
    };
  }
}
