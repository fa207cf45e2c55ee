import { rootAgent } from '../../src/domain/org-chart.ts';
import { agentIdKey, companyIdKey, roleKey, taskStatusKey } from '../../src/domain/search-attributes.ts';
import type { CompanySnapshot, TaskSummary } from '../../src/domain/types.ts';
import type { AgentTaskInput } from './task.ts';

/** A goal as an operator gives it (`task submit`). */
export interface GoalRequest {
  goal: string;
  acceptanceCriteria?: string | undefined;
  priority?: 'normal' | 'urgent' | undefined;
}

/**
 * A goal's root task: the task workflow's input, the company's first summary of it, and how the Web
 * UI names and finds it. Both admissions build it here: the company workflow's `submitGoal` update and
 * the client's direct admission (src/client/goal-admission.ts). Pure, so workflow code may call it.
 */
export function goalTask(company: CompanySnapshot, taskId: string, request: GoalRequest, paused: boolean) {
  const root = rootAgent(company);
  const title = request.goal.trim().split('\n')[0]!.slice(0, 120);
  const input: AgentTaskInput = {
    companyId: company.id,
    company,
    taskId,
    parentId: null,
    title,
    description: request.goal.trim(),
    acceptanceCriteria: request.acceptanceCriteria?.trim() ?? '',
    assignee: root.id,
    depth: 0,
    allowance: company.policies.maxTasksPerGoal - 1,
    chain: [],
    paused,
    ...(request.priority === 'urgent' ? { priority: request.priority } : {}),
  };
  const summary: TaskSummary = {
    id: taskId,
    parentId: null,
    title,
    status: 'CREATED',
    assignee: root.id,
    reviewer: null,
    costUsd: 0,
    ownCostUsd: 0,
  };
  return {
    input,
    summary,
    staticSummary: `${company.name} · goal ${taskId} · ${title}`,
    typedSearchAttributes: [
      { key: companyIdKey, value: company.id },
      { key: agentIdKey, value: root.id },
      { key: roleKey, value: root.role },
      { key: taskStatusKey, value: 'CREATED' },
    ],
  };
}

/** The longest goal text a company takes. */
export const maxGoalLength = 4_000;

/** What is wrong with a goal request, or undefined when nothing is (the raw client can send anything). */
export function goalProblem({ goal, acceptanceCriteria, priority }: GoalRequest): string | undefined {
  if (priority !== undefined && priority !== 'normal' && priority !== 'urgent') {
    return 'priority must be "normal" or "urgent"';
  }
  if (typeof goal !== 'string' || goal.trim().length === 0) return 'the goal is empty';
  if (goal.length > maxGoalLength) return `the goal is longer than ${maxGoalLength} characters`;
  if (acceptanceCriteria !== undefined && typeof acceptanceCriteria !== 'string') {
    return 'acceptanceCriteria must be text';
  }
  return undefined;
}
