import type { AgentStepInput, TranscriptEntry } from '../src/domain/agent-action.ts';
import { configuredStepFields } from '../src/domain/configuration.ts';
import { planDecomposition } from '../src/domain/decomposition.ts';
import { subtaskAssignees, findAgent } from '../src/domain/org-chart.ts';
import type { AgentSpec } from '../src/config/schemas.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput } from './contracts/task.ts';

/** Where a task stands when it asks an agent for a step. */
export interface StepContext {
  input: AgentTaskInput;
  workflowId: string;
  /** This step's number in the task (1-based; keys the ledger row). */
  step: number;
  mode: 'work' | 'review';
  agent: AgentSpec;
  chain: readonly string[];
  children: readonly string[];
  revision: number;
  transcript: TranscriptEntry[];
  draft?: string;
  /** What the reviewer sees of a draft at most (the cut is marked). */
  draftLimit: number;
}

/**
 * The model-call activity's input for one step (activities/agent-step.ts): the agent, what this step
 * may do (subtasks left, delegates, team), the transcript so far and, for a review, the draft.
 */
export function stepInput(context: StepContext): AgentStepInput {
  const { input, agent, mode, draft } = context;
  const { company } = input;
  const delegates = agent.canDelegateTo.filter((id) => !context.chain.includes(id) && id !== agent.id);
  const assignees = subtaskAssignees(company, agent.id);
  const plan = planDecomposition(company.policies.maxChildrenPerTask, {
    depth: input.depth,
    maxDepth: company.policies.maxDecompositionDepth,
    maxChildren: company.policies.maxChildrenPerTask,
    allowance: input.allowance - context.children.length,
  });
  const teamRoles = Object.fromEntries(
    [...new Set([...delegates, ...assignees])].map((id) => [id, findAgent(company, id)?.role ?? 'unknown']),
  );
  const maxOutputTokens = agent.maxOutputTokens ?? company.policies.maxOutputTokens;
  return {
    companyId: input.companyId,
    workflowId: context.workflowId,
    step: context.step,
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
      id: input.taskId,
      title: input.title,
      description: input.description,
      acceptanceCriteria: input.acceptanceCriteria,
      depth: input.depth,
      maxSubtasks: context.children.length > 0 ? 0 : plan.accepted,
      delegates,
      subtaskAssignees: assignees,
      teamRoles,
      revision: context.revision,
    },
    transcript: context.transcript,
    ...(draft !== undefined
      ? { draft: cutText(draft, context.draftLimit, 'the reviewer sees the beginning only') }
      : {}),
    ...(agent.budgetLimitUsd !== undefined ? { agentBudgetLimitUsd: agent.budgetLimitUsd } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    // Only templates that set it pass it: the inputs of running workflows' steps stay as they were.
    ...(mode === 'review' && company.policies.reviewStyle ? { reviewStyle: company.policies.reviewStyle } : {}),
  };
}
