import type { AgentSpec, CompanyTemplate, OversightLevel, PolicySpec } from '../config/schemas.ts';
import type { TaskStatus } from './task-state.ts';

/** The live shape of a company inside its workflow: the template's org chart plus operator changes. */
export interface CompanySnapshot {
  id: string;
  name: string;
  templateName: string;
  monthlyBudgetUsd: number;
  oversight: OversightLevel;
  departments: CompanyTemplate['departments'];
  agents: AgentSpec[];
  policies: PolicySpec;
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
}

export type CompanyStatus = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface PendingApproval {
  taskId: string;
  agentId: string;
  action: string;
  requestedAt: string;
}
