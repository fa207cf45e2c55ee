import type { SplitFigures, TaskGrade } from '../../src/domain/evaluation.ts';
import type { StepAgent } from '../../src/domain/agent-action.ts';

/** `synthorg eval <co> --version <v> [--model …] [--role …]` (docs/self-improvement.md, "Evaluation"). */
export interface EvaluationInput {
  companyId: string;
  /** The configuration version to evaluate; the current one when unset. */
  version?: number;
  /** Replaces the evaluated role's model (e.g. the local model); the version's or template's when unset. */
  model?: string;
  /** The role that works the tasks; the first agent below lead seniority when unset. */
  role?: string;
}

/** Who works the evaluation tasks: one agent of the role, configured by the version. */
export interface EvaluationSubject {
  version: number;
  agent: StepAgent;
  maxOutputTokens?: number;
}

export interface EvaluationReport {
  companyId: string;
  workflowId: string;
  version: number;
  role: string;
  agentId: string;
  /** The model the steps ran on, as the ledger names it. */
  model: string;
  /** True when the offline simulator answered: then the figures are the simulator's, not a model's. */
  offline: boolean;
  /** Kept apart on purpose: a change tuned on the tuned set must show on the held-out set too. */
  tuned: SplitFigures;
  heldOut: SplitFigures;
  grades: TaskGrade[];
  costUsd: number;
}

export function evaluationWorkflowId(companyId: string, runKey: string): string {
  return `company:${companyId}:eval:${runKey}`;
}
