import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TranscriptEntry } from '../../src/domain/agent-action.ts';
import type { TaskStatus } from '../../src/domain/task-state.ts';
import type { CompanySnapshot, PendingApproval } from '../../src/domain/types.ts';

export interface AgentTaskInput {
  companyId: string;
  company: CompanySnapshot;
  taskId: string;
  parentId: string | null;
  title: string;
  description: string;
  acceptanceCriteria: string;
  assignee: string;
  depth: number;
  /** Tasks this subtree may still create below this one (policy maxTasksPerGoal). */
  allowance: number;
  /** Agents the task has passed through by delegation; delegation never loops back. */
  chain: string[];
  /** Whether the company was paused when this task started. */
  paused?: boolean;
  /** `urgent`: with shifts, an on-call agent is called in when nobody of the role is on duty (docs/shifts.md). */
  priority?: 'normal' | 'urgent';
}

export interface AgentTaskResult {
  taskId: string;
  status: TaskStatus;
  assignee: string;
  reviewer: string | null;
  result?: string;
  failureReason?: string;
  /** This task's own model calls plus its subtasks'. */
  costUsd: number;
}

export interface AgentTaskState extends AgentTaskResult {
  title: string;
  parentId: string | null;
  steps: number;
  revision: number;
  transcript: TranscriptEntry[];
  pendingApproval: PendingApproval | null;
  children: string[];
}

export interface ApprovalAnswer {
  reason?: string;
  by?: string;
}

export const approveUpdate = defineUpdate<void, [ApprovalAnswer]>('approve');
export const denyUpdate = defineUpdate<void, [ApprovalAnswer]>('deny');
export const budgetRaisedSignal = defineSignal<[]>('budgetRaised');
export const pauseSignal = defineSignal<[]>('pause');
export const resumeSignal = defineSignal<[]>('resume');
export const messageSignal = defineSignal<[{ from: string; text: string }]>('message');
export const stateQuery = defineQuery<AgentTaskState>('state');
