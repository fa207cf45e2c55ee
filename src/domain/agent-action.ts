import { z } from 'zod';
import type { ReviewStyle } from './review-style.ts';

/**
 * What one agent step (one model call) decides. The same shape comes from the offline simulator and,
 * parsed and validated, from a real model's JSON answer.
 */
export const SubtaskRequest = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  acceptanceCriteria: z.string().max(1000).default(''),
  assignee: z.string().optional(),
});
export type SubtaskRequest = z.infer<typeof SubtaskRequest>;

export const AgentAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('answer'), text: z.string().min(1) }),
  z.object({ type: z.literal('decompose'), subtasks: z.array(SubtaskRequest).min(1).max(20) }),
  z.object({ type: z.literal('delegate'), to: z.string().min(1), note: z.string().default('') }),
  z.object({
    type: z.literal('remember'),
    content: z.string().min(1).max(4000),
    /** Who may recall it: the agent alone, its department, or the whole company (the default). */
    scope: z.enum(['agent', 'department', 'company']).optional(),
    category: z.enum(['episodic', 'semantic', 'procedural', 'social']).optional(),
    importance: z.number().min(0).max(1).optional(),
    /** A named company memory (e.g. `policy/pricing`), written with compare-and-set on `expectedVersion`. */
    slot: z.string().min(1).max(120).optional(),
    expectedVersion: z.number().int().min(0).optional(),
  }),
  z.object({
    type: z.literal('recall'),
    query: z.string().min(1).max(500),
    /** Memory ids to bring back (pointers left by context compaction). */
    ids: z.array(z.number().int().positive()).max(20).optional(),
  }),
  z.object({
    type: z.literal('forget'),
    ids: z.array(z.number().int().positive()).min(1).max(20),
    reason: z.string().max(500).default(''),
  }),
  z.object({
    type: z.literal('graph_query'),
    /** An entity name; empty asks for an overview of the whole company. */
    entity: z.string().max(200).default(''),
    /** With an empty entity, a question about the whole company: community summaries are ranked by it. */
    question: z.string().max(500).default(''),
    hops: z.number().int().min(1).max(3).default(2),
  }),
  z.object({
    type: z.literal('compact_context'),
    /** Most recent transcript entries kept verbatim. */
    keep: z.number().int().min(0).max(20).default(4),
    note: z.string().max(500).default(''),
  }),
  z.object({
    type: z.literal('run_code'),
    language: z.enum(['bash', 'node', 'python']),
    code: z.string().min(1).max(100_000),
    files: z
      .array(z.object({ path: z.string().min(1).max(200), content: z.string().max(200_000) }))
      .max(20)
      .default([]),
  }),
  z.object({
    /** Buy the work from a partner company over A2A (docs/federation.md): negotiated, charged once, reviewed here. */
    type: z.literal('delegate_external'),
    skill: z.string().min(1).max(100),
    brief: z.string().min(1).max(8_000),
    maxPriceUsd: z.number().positive().max(10_000),
    /** How long the partner may take, e.g. "2h". */
    deadline: z
      .string()
      .regex(/^\d{1,5}(s|m|h|d)$/)
      .default('2h'),
  }),
  z.object({
    type: z.literal('request_approval'),
    action: z.string().min(1).max(100),
    risk: z.enum(['low', 'medium', 'high']),
    reason: z.string().default(''),
  }),
]);
export type AgentAction = z.infer<typeof AgentAction>;

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

export const ReviewVerdict = z.object({
  type: z.literal('review'),
  verdict: z.enum(['approve', 'reject']),
  feedback: z.string().default(''),
});
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

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
