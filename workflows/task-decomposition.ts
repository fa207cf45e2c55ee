import { ParentClosePolicy, executeChild, patched } from '@temporalio/workflow';
import type { AgentAction, TranscriptEntry } from '../src/domain/agent-action.ts';
import { planDecomposition } from '../src/domain/decomposition.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { findAgent, subtaskAssignees } from '../src/domain/org-chart.ts';
import { agentIdKey, companyIdKey, roleKey, taskStatusKey } from '../src/domain/search-attributes.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput, AgentTaskResult } from './contracts/task.ts';
import { settledChild, taskEndsVisiblyPatch } from './task-endings.ts';

/** What a decomposition needs of the task that decomposes (workflows/agent-task.ts). */
export interface DecomposingTask {
  input: AgentTaskInput;
  /** The task workflow itself, run once per subtask (passed in: this module cannot import it back). */
  workflow: (input: AgentTaskInput) => Promise<AgentTaskResult>;
  assignee(): string;
  /** Subtask ids so far; the decomposition appends the new ones. */
  children: string[];
  paused(): boolean;
  /** `{ priority: 'urgent' }` when urgency passes down to subtasks (workflows/shift-gate.ts). */
  subtaskPriority(): Pick<AgentTaskInput, 'priority'>;
  setStatus(next: TaskStatus, event: string): Promise<void>;
  note(entry: TranscriptEntry): void;
  /** Adds the subtasks' spend to the task's cost. */
  childrenCost(costs: number[]): void;
}

type Subtasks = Extract<AgentAction, { type: 'decompose' }>['subtasks'];

/**
 * Runs the subtasks the policy allows as concurrent child task workflows and waits for all of them
 * (docs/architecture.md, "Task lifecycle"). The transcript gets one line per subtask; the model-call
 * activity reads their whole results from Postgres by id (claim check).
 */
export async function decompose(task: DecomposingTask, requested: Subtasks): Promise<void> {
  const { input } = task;
  const { company } = input;
  const plan = planDecomposition(requested.length, {
    depth: input.depth,
    maxDepth: company.policies.maxDecompositionDepth,
    maxChildren: company.policies.maxChildrenPerTask,
    allowance: input.allowance - task.children.length,
  });
  if (plan.accepted === 0) {
    task.note({ kind: 'decomposition-refused', text: plan.reason ?? 'no subtasks allowed' });
    return;
  }
  const allowedAssignees = subtaskAssignees(company, task.assignee());
  const specs = requested.slice(0, plan.accepted).map((subtask, index) => {
    const childId = `${input.taskId}.${task.children.length + index + 1}`;
    const assignee =
      subtask.assignee && allowedAssignees.includes(subtask.assignee)
        ? subtask.assignee
        : (allowedAssignees[index % allowedAssignees.length] as string);
    return { childId, subtask, assignee, allowance: plan.childAllowances[index] ?? 0 };
  });
  task.children.push(...specs.map((spec) => spec.childId));
  await task.setStatus('BLOCKED', `waiting for ${specs.length} subtasks`);
  const settle = patched(taskEndsVisiblyPatch);
  const results = await Promise.all(
    specs.map(({ childId, subtask, assignee, allowance }) => {
      const agent = findAgent(company, assignee);
      const child = executeChild(task.workflow, {
        workflowId: taskWorkflowId(input.companyId, childId),
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        staticSummary: `${company.name} · ${agent?.role ?? assignee} (${assignee}) · ${subtask.title}`,
        typedSearchAttributes: [
          { key: companyIdKey, value: input.companyId },
          { key: agentIdKey, value: assignee },
          { key: roleKey, value: agent?.role ?? 'unknown' },
          { key: taskStatusKey, value: 'CREATED' },
        ],
        args: [
          {
            companyId: input.companyId,
            company,
            taskId: childId,
            parentId: input.taskId,
            title: subtask.title,
            description: subtask.description,
            acceptanceCriteria: subtask.acceptanceCriteria,
            assignee,
            depth: input.depth + 1,
            allowance,
            chain: [],
            paused: task.paused(),
            ...task.subtaskPriority(),
          },
        ],
      });
      return settle
        ? settledChild(child, { companyId: input.companyId, parentId: input.taskId, taskId: childId, assignee })
        : child;
    }),
  );
  task.childrenCost(results.map((child) => child.costUsd));
  // Claim check: the model-call activity reads the subtasks' whole results from Postgres by id.
  const lines = results.map(
    (child) =>
      `- ${child.taskId} ${child.status} by ${child.assignee}: ${cutText(child.result ?? child.failureReason ?? '', 400)}`,
  );
  if (plan.reason) lines.push(`(${plan.reason})`);
  task.note({ kind: 'subtask-results', text: lines.join('\n'), taskIds: results.map((child) => child.taskId) });
  await task.setStatus('IN_PROGRESS', 'subtasks finished');
}
