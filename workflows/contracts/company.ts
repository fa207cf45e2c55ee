import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentSpec } from '../../src/config/schemas.ts';
import type { HeadcountDeskState } from '../headcount-desk.ts';
import type { ShiftDeskState } from '../shift-desk.ts';
import type { CompanySnapshot, CompanyStatus, PendingApproval, TaskSummary } from '../../src/domain/types.ts';

export interface CompanyWorkflowInput {
  company: CompanySnapshot;
  /** Carried across continue-as-new. */
  state?: CompanyState;
  /** Continue-as-new after this many history events even if the server has not suggested it. */
  historyLimit?: number;
}

export interface CompanyState {
  status: CompanyStatus;
  nextTaskNumber: number;
  tasks: TaskSummary[];
  pendingApprovals: PendingApproval[];
  /** Times continue-as-new has run; shows in the company view. */
  generation: number;
  /** Spending of finished tasks no longer kept in state. */
  droppedSpentUsd: number;
  /** Ids of the finished tasks dropped, the most recent (workflows/dropped-tasks.ts); absent in older inputs. */
  droppedTaskIds?: string[];
  /** Who is on duty and the tasks waiting for a shift (companies with a roster; docs/shifts.md). */
  shiftDesk?: ShiftDeskState;
  /** The headcount desk (companies with `scaling`; docs/scaling.md). */
  headcount?: HeadcountDeskState;
}

export interface CompanyResult {
  id: string;
  status: CompanyStatus;
  tasks: number;
  spentUsd: number;
}

export interface SubmitGoalInput {
  goal: string;
  acceptanceCriteria?: string;
  /** `urgent` pages the on-call agent when nobody of the role is on duty (docs/shifts.md). */
  priority?: 'normal' | 'urgent';
}

export interface SetBudgetInput {
  limitUsd: number;
  /** Raise one agent's own limit instead of the company ceiling. */
  agentId?: string;
}

export interface CompanyViewState {
  company: CompanySnapshot;
  status: CompanyStatus;
  spentUsd: number;
  tasks: TaskSummary[];
  pendingApprovals: PendingApproval[];
  generation: number;
}

/**
 * A subtask's ending told by its parent because the subtask's own workflow closed without telling
 * (terminated, timed out): the company keeps what it knew of the task (cost) and takes the ending.
 */
export type LostTaskEnding = Pick<TaskSummary, 'id' | 'parentId' | 'status' | 'assignee' | 'failureReason'>;

/** Sent by task workflows to their company whenever their state changes. */
export interface TaskUpdate {
  task: TaskSummary | LostTaskEnding;
  pendingApproval: PendingApproval | null;
}

export const submitGoalUpdate = defineUpdate<TaskSummary, [SubmitGoalInput]>('submitGoal');
export const hireUpdate = defineUpdate<void, [AgentSpec]>('hire');
export const fireUpdate = defineUpdate<void, [{ agentId: string }]>('fire');
export const setBudgetUpdate = defineUpdate<void, [SetBudgetInput]>('setBudget');
export const pauseUpdate = defineUpdate<void, []>('pause');
export const resumeUpdate = defineUpdate<void, []>('resume');
export const stopUpdate = defineUpdate<void, []>('stop');
/** Completes once the company is registered in the database (its first write), so callers can rely on it. */
export const readyUpdate = defineUpdate<void, []>('ready');

export const taskUpdateSignal = defineSignal<[TaskUpdate]>('taskUpdate');

export const orgChartQuery = defineQuery<CompanySnapshot>('orgChart');
export const tasksQuery = defineQuery<TaskSummary[]>('tasks');
export const budgetQuery = defineQuery<{ limitUsd: number; spentUsd: number }>('budget');
export const approvalsQuery = defineQuery<PendingApproval[]>('approvals');
export const viewQuery = defineQuery<CompanyViewState>('view');

/** What a client needs to start a goal's task itself (docs/faults-and-load-rounds.md, "Direct admission"). */
export interface AdmissionView {
  company: CompanySnapshot;
  status: CompanyStatus;
  /** Whether the company row exists in the database (the tasks' rows reference it). */
  registered: boolean;
  /** The company's task queue: its goals' tasks run there. */
  taskQueue: string;
}

/** Sent by the client after it started a goal's task itself: the company lists it and brings it in line. */
export interface GoalAdmitted {
  task: TaskSummary;
  /** Whether the task started paused (the company was paused when the client read it). */
  paused: boolean;
}

export const admissionQuery = defineQuery<AdmissionView>('admission');
export const goalAdmittedSignal = defineSignal<[GoalAdmitted]>('goalAdmitted');

/**
 * The goals a client started while its previous signal to the company was on its way, told in one signal
 * (docs/faults-and-load-rounds.md, "Ninth round: admission in one signal per burst").
 */
export interface GoalsAdmitted {
  admitted: GoalAdmitted[];
}

export const goalsAdmittedSignal = defineSignal<[GoalsAdmitted]>('goalsAdmitted');
