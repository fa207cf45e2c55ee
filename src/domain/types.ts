import type { ShiftsSpec } from '../config/shift-schema.ts';
import type { TrainingSpec } from '../config/training-schema.ts';
import type {
  AgentSpec,
  CompanyPlacementSpec,
  CompanyTemplate,
  ModelPriceSpec,
  OversightLevel,
  PolicySpec,
  RoleScalingSpec,
} from '../config/schemas.ts';
import type { TaskStatus } from './task-state.ts';

/** The live shape of a company inside its workflow: the template's org chart plus operator changes. */
export interface CompanySnapshot {
  id: string;
  name: string;
  templateName: string;
  /** The template package (and version) the company was started from, for `template stats`; absent otherwise. */
  templatePackage?: { name: string; version: string; integrity: string };
  monthlyBudgetUsd: number;
  /** Budget months start at midnight in this IANA zone; UTC when unset (companies started before it existed). */
  timezone?: string;
  /** Configured model prices (the template's `company.prices`); the ledger refuses unpriced paid models. */
  prices?: Record<string, ModelPriceSpec>;
  oversight: OversightLevel;
  departments: CompanyTemplate['departments'];
  agents: AgentSpec[];
  policies: PolicySpec;
  /** The template's roster (docs/shifts.md); absent: every agent always on duty, as before shifts. */
  shifts?: ShiftsSpec;
  /** Worker pools by role and the failover delay (docs/scaling.md); none: every agent on the company's queue. */
  placement?: CompanyPlacementSpec;
  /** Headcount bounds per role (docs/scaling.md). */
  scaling?: RoleScalingSpec[];
  /** Juniors in training and their seniors (docs/self-improvement.md, "Training"); absent: no training. */
  training?: TrainingSpec;
  /**
   * Heartbeat timeout of the model-call steps in seconds, from the starting client's
   * SYNTHORG_STEP_HEARTBEAT_SECONDS (src/domain/step-heartbeat.ts); absent: 30. Not the template's: an upgrade keeps it.
   */
  stepHeartbeatSeconds?: number;
}

/** The projection of one task that queries, the CLI and the database show. */
export interface TaskSummary {
  id: string;
  parentId: string | null;
  title: string;
  status: TaskStatus;
  assignee: string;
  reviewer: string | null;
  /** This task's model calls plus its subtasks'. */
  costUsd: number;
  /** This task's own model calls only; the company sums these. */
  ownCostUsd: number;
  result?: string;
  failureReason?: string;
  /** Something an operator should know about an ended task, e.g. a sandbox workspace left behind. */
  notice?: string;
  /** Why the task waits (PARKED_BUDGET, WAITING_FOR_PROVIDER): the ceiling, the provider's rate limit or quota message. */
  waitReason?: string;
  /**
   * The task workflow's count of status changes when it sent this summary. Reports travel as separate
   * signals, which the server may deliver out of order after retries or a restart; the higher wins.
   */
  version?: number;
}

export type CompanyStatus = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface PendingApproval {
  taskId: string;
  agentId: string;
  action: string;
  requestedAt: string;
  /** What the person deciding should weigh: for an escalated review, the reviewers' feedback (bounded). */
  reason?: string;
}
