import type { GraduationPolicySpec } from '../../src/config/training-schema.ts';
import type { GraduationCheck, TrainingStatus } from '../../src/domain/training.ts';

/** What `synthorg train status|start|stop` asks of the worker (docs/self-improvement.md, "Training"). */
export interface TrainingRequest {
  kind: 'status' | 'start' | 'stop';
  companyId: string;
  /** One junior; all of the template's juniors when absent. */
  agentId?: string;
  actor?: string;
  reason?: string;
}

export interface TrainingAuditEntry {
  id: number;
  agentId: string;
  event: 'started' | 'graduated' | 'stopped';
  actor: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface JuniorTrainingView {
  agentId: string;
  seniors: string[];
  status: TrainingStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** First-review figures over the policy window of the current (or last) training period. */
  window: GraduationCheck;
}

export interface TrainingResponse {
  companyId: string;
  graduation: GraduationPolicySpec;
  juniors: JuniorTrainingView[];
  /** Juniors the request changed (start: entered training; stop: left it); empty for status. */
  changed: string[];
  audit: TrainingAuditEntry[];
}

export const trainingRequestWorkflowId = (companyId: string, requestId: string) =>
  `company:${companyId}:train:${requestId}`;
