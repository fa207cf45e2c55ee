import type { AgentAction, ReviewVerdict } from './agent-action-schema.ts';
import type { ReviewStyle } from './review-style.ts';

// Types only: the zod schemas (src/domain/agent-action-schema.ts) stay out of the workflow bundle, which imports this module.
export type { AgentAction, ReviewVerdict, SubtaskRequest } from './agent-action-schema.ts';

/** The kinds of action a work step can choose; templates may narrow an agent to some of them. */
export const actionTypes = [
  'answer',
  'decompose',
  'delegate',
  'remember',
  'recall',
  'forget',
  'graph_query',
  'compact_context',
  'run_code',
  'request_approval',
  'delegate_external',
] as const satisfies readonly AgentAction['type'][];
export type ActionType = (typeof actionTypes)[number];

/** One remembered fact of the agent loop, fed back into the next step. Kept short (claim check). */
export interface TranscriptEntry {
  kind:
    | 'recall'
    | 'remembered'
    | 'subtask-results'
    | 'approval'
    | 'review-feedback'
    | 'delegated'
    | 'decomposition-refused'
    | 'delegation-refused'
    | 'note'
    | 'forgotten'
    | 'graph'
    | 'compacted'
    | 'code-result';
  text: string;
  /** subtask-results: the subtasks whose full results the model-call activity reads from Postgres. */
  taskIds?: string[];
}

export interface StepAgent {
  id: string;
  name: string;
  role: string;
  seniority: string;
  department: string;
  model: string;
  /** The actions this agent may choose (template `actions`); unset means all of them. */
  actions?: ActionType[];
  /** Its role's instructions in the task's configuration version (docs/self-improvement.md). */
  instructions?: string;
  /** Sampling temperature from the configuration version; unset means 0. */
  temperature?: number;
}

export interface StepTask {
  id: string;
  title: string;
  description: string;
  acceptanceCriteria: string;
  depth: number;
  /** Subtasks this step may ask for; 0 means the task must be worked, not decomposed. */
  maxSubtasks: number;
  /** Agents the assignee may hand subtasks or the task to. */
  delegates: string[];
  subtaskAssignees: string[];
  /** Roles of the agents in `delegates` and `subtaskAssignees`, by id. */
  teamRoles: Record<string, string>;
  /** Index of the current attempt; grows after each rejected review. */
  revision: number;
}

/** A task worked on its own, as an evaluation or a test gives it: no subtasks, no team, first attempt. */
export function standaloneStepTask(
  task: Pick<StepTask, 'id' | 'title' | 'description' | 'acceptanceCriteria'>,
): StepTask {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    acceptanceCriteria: task.acceptanceCriteria,
    depth: 0,
    maxSubtasks: 0,
    delegates: [],
    subtaskAssignees: [],
    teamRoles: {},
    revision: 0,
  };
}

export interface AgentStepInput {
  companyId: string;
  workflowId: string;
  /** Step number within the workflow; with workflowId the idempotency key of the model call. */
  step: number;
  mode: 'work' | 'review';
  agent: StepAgent;
  task: StepTask;
  transcript: TranscriptEntry[];
  /** The result under review (review mode). */
  draft?: string;
  /** Agent budget limit from the template, enforced beside the company ceiling. */
  agentBudgetLimitUsd?: number;
  /** Most output tokens the model may produce in this step; the budget reserves them before the call. */
  maxOutputTokens?: number;
  /** Review steps: the template's `policies.reviewStyle`; unset means the model's default (src/domain/review-style.ts). */
  reviewStyle?: ReviewStyle;
}

export interface AgentStepResult {
  action: AgentAction | ReviewVerdict;
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** True when a retried activity found the stored result of an earlier attempt and paid nothing. */
  reused: boolean;
  /** What a recall found or a remember stored; the activity performs both within the same call. */
  observation?: string;
  /** Ids of the memories a recall brought into this task (for reinforcement after review). */
  recalledMemoryIds?: number[];
  /** Set when this step compacted the transcript: the workflow replaces the first `replaced` entries with `entry`. */
  compaction?: ContextCompaction;
}

/** Agent-controlled context compaction (or its automatic safety net): what replaced what. */
export interface ContextCompaction {
  /** Oldest transcript entries replaced. */
  replaced: number;
  /** The entry that replaces them: summary, counts by kind, pointers to the offloaded memories. */
  entry: TranscriptEntry;
  pointers: number[];
  tokensBefore: number;
  tokensAfter: number;
}

/** Failure types activities raise as non-retryable ApplicationFailures; workflows match on them. */
export const FailureType = {
  budgetExceeded: 'BudgetExceeded',
  badModelOutput: 'BadModelOutput',
  unknownModel: 'UnknownModel',
  invalidInput: 'InvalidInput',
  /** A paid model with no known price: refused instead of being recorded at $0. */
  unpricedModel: 'UnpricedModel',
} as const;

export interface BudgetExceededDetails {
  scope: 'company' | 'agent';
  spentUsd: number;
  limitUsd: number;
}
