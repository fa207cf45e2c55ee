import type { SpendReport } from '../db/spend-report.ts';
import type { CompanyTemplate, CompanyTemplateInput } from '../config/schemas.ts';
import type { TemplateVersionStats } from '../db/template-stats.ts';
import type { DryRunReport } from '../templates/marketplace/marketplace.ts';
import type { CompanyTemplateUpgrade, CompanyTemplateUpgradeOptions } from './company-template-upgrade.ts';
import type { FederationClient } from '../federation/federation-client.ts';
import type { ChannelClient } from './channels.ts';
import type { NexusDelegationClient } from './nexus-delegation.ts';
import type { CompanyStatus, PendingApproval } from '../domain/types.ts';
import type { TaskStatus } from '../domain/task-state.ts';
import type { HireOptions } from './company-staff.ts';
import type { ScalingView } from './company-scaling.ts';
import type { HeadcountClient } from './headcount-client.ts';
import type { MemoryImportView } from '../memory/memory-client.ts';
import type { OperatorMemoryPlacementInput, RememberedMemoryView } from '../../workflows/contracts/memory.ts';
import type { ShiftClient } from './shift-client.ts';

/** A task as the CLI's `--json` output and the client library show it. */
export interface TaskView {
  id: string;
  parentId: string | null;
  title: string;
  status: TaskStatus;
  assignee: string;
  reviewer: string | null;
  costUsd: number;
  result?: string;
  failureReason?: string;
  /** Something an operator should know about an ended task, e.g. a sandbox workspace left behind. */
  notice?: string;
  /** Why the task waits (PARKED_BUDGET, WAITING_FOR_PROVIDER). */
  waitReason?: string;
}

export interface AgentView {
  id: string;
  name: string;
  role: string;
  seniority: string;
  department: string;
  reportsTo: string | null;
  model: string;
  /** The worker pool the agent's own placement names (docs/scaling.md); role placements show in `scaling show`. */
  pool?: string;
}

/** `synthorg company status --json`. */
export interface CompanyView {
  id: string;
  name: string;
  status: CompanyStatus;
  /** `spentUsd`: the task tree's model calls, as the company workflow counts them (lifetime). */
  budget: { limitUsd: number; spentUsd: number };
  agents: AgentView[];
  tasks: TaskView[];
}

export type { PendingApproval };

export interface StartCompanyOptions {
  id: string;
  /** A built-in template name, a path to a YAML file, or a template object. */
  template: string | CompanyTemplateInput;
  /**
   * Create the company's memory consolidation Schedule (default true). Servers without Schedules
   * (Temporal's time-skipping test server) need false; consolidation then runs only when asked.
   */
  consolidationSchedule?: boolean;
}

export interface StartCompanyResult {
  id: string;
  workflowId: string;
  /** False when a company with this id was already running with the same template (idempotent start). */
  created: boolean;
  /**
   * True once a worker has registered the company in the database. False when no worker picked it up
   * in time (is `synthorg dev` or `synthorg worker` running?); the company starts when one does.
   */
  ready: boolean;
}

/** Errors of bad input that the CLI reports with exit code 2. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** The company (or task) the caller named does not exist. CLI exit code 2. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** `synthorg budget raise --json`. */
export interface BudgetChange {
  companyId: string;
  previousLimitUsd: number;
  limitUsd: number;
}

export interface SubmitGoalOptions {
  /** Acceptance criteria for the root task. */
  acceptanceCriteria?: string;
  /** `urgent`: with shifts, the on-call agent is called in when nobody of the role is on duty (docs/shifts.md). */
  priority?: 'normal' | 'urgent';
  /**
   * Admits the goal without the company workflow's update (docs/faults-and-load-rounds.md, "Direct admission"):
   * the client starts the task `g-<goalId>` itself, so goals are admitted in parallel, and the same goal id
   * twice is one task. Letters, digits, "_" and "-", up to 64 characters; `true` picks a fresh id.
   */
  goalId?: string | true;
}

/** What happens to an approval nobody answers: the template's `approvalTimeout` and `approvalDefault`. */
export interface ApprovalPolicy {
  /** A duration such as "10m" or "1h". */
  timeout: string;
  defaultOutcome: 'approve' | 'deny';
}

export interface WaitOptions {
  /** Called whenever the company's task list changes while waiting. */
  onProgress?: (company: CompanyView) => void;
  pollIntervalMs?: number;
  /**
   * Called once with each approval request of the company while waiting; lets a script answer it (the
   * demo does) or tell a person how to.
   */
  onApproval?: (approval: PendingApproval, policy: ApprovalPolicy) => Promise<void> | void;
  /**
   * Called when no worker answers for the company (and again with `undefined` once one does). A wait
   * keeps waiting: a worker that restarts, or a server that comes back, picks the work up again.
   */
  onNoWorker?: (message: string | undefined) => void;
  /**
   * Ends the wait: it rejects with the signal's reason, and a query it has out is cancelled, so nothing of it is left
   * running against the connection (a wait whose caller stopped listening polled on until the connection closed).
   */
  signal?: AbortSignal;
}

/** The operations the `synthorg` CLI is a thin layer over (implemented by SynthorgClient). */
export interface SynthorgApi {
  startCompany(options: StartCompanyOptions): Promise<StartCompanyResult>;
  /** Throws NotFoundError when no running company has this id. */
  status(companyId: string): Promise<CompanyView>;
  stopCompany(companyId: string): Promise<void>;
  /** Returns the new root task at once (status CREATED or later). */
  submitGoal(companyId: string, goal: string, options?: SubmitGoalOptions): Promise<TaskView>;
  /** The company's shift workflow (docs/shifts.md); NotFoundError for a company without shifts. */
  shifts(): ShiftClient;
  /**
   * Resolves when the task reaches COMPLETED, FAILED or CANCELLED, or when its workflow closed without
   * saying so (then FAILED with the workflow's reason): it never waits on a task that cannot move.
   */
  waitForTask(companyId: string, taskId: string, options?: WaitOptions): Promise<TaskView>;
  task(companyId: string, taskId: string): Promise<TaskView>;
  listApprovals(companyId: string): Promise<PendingApproval[]>;
  approve(companyId: string, taskId: string, reason?: string): Promise<void>;
  deny(companyId: string, taskId: string, reason?: string): Promise<void>;
  /** Raises the company's monthly ceiling to `limitUsd` (never lowers it: InvalidInputError); parked tasks resume. */
  raiseBudget(companyId: string, limitUsd: number): Promise<BudgetChange>;
  /** Imports a Markdown or text file, or a folder of them, into the company's memory; idempotent per file. */
  importMemory(companyId: string, path: string, placement?: OperatorMemoryPlacementInput): Promise<MemoryImportView>;
  /** Stores one fact as the operator; the same text with the same placement is one memory. */
  rememberMemory(
    companyId: string,
    content: string,
    placement?: OperatorMemoryPlacementInput,
  ): Promise<RememberedMemoryView>;
  /** Archives one memory; `forgotten` is false when it already was. */
  forgetMemory(companyId: string, memoryId: number, reason?: string): Promise<{ id: number; forgotten: boolean }>;
  /** Hires one agent: `role` plus a department (or an agent to copy); bad fields are InvalidInputError. */
  hireAgent(companyId: string, options: HireOptions): Promise<AgentView>;
  /** Fires one agent; its reports move to its manager. */
  fireAgent(companyId: string, agentId: string): Promise<AgentView>;
  pauseCompany(companyId: string): Promise<void>;
  /** Worker pools of the agents and headcount advice per bounded role (`synthorg scaling show`). */
  scaling(companyId: string): Promise<ScalingView>;
  /** The company's headcount workflow: proposals and their approval (docs/scaling.md, "Headcount"). */
  headcount(): HeadcountClient;
  resumeCompany(companyId: string): Promise<void>;
  /** Sets one agent's monthly limit; tasks parked on it re-check and resume when it allows. */
  setAgentBudget(companyId: string, agentId: string, limitUsd: number): Promise<void>;
  /** Month-to-date and lifetime spending from the ledger, and what calls in flight hold. */
  spending(companyId: string): Promise<SpendReport>;
  /** Outcomes per template package version (companies started, goals completed/failed, mean cost per goal) from the ledger. */
  templateStats(packageName?: string): Promise<TemplateVersionStats[]>;
  /** Runs a sample goal on the offline model in a throwaway company, stopped afterwards (template install --dry-run). */
  dryRunTemplate(template: CompanyTemplate, goal: string): Promise<DryRunReport>;
  /** Moves a running company to an installed newer version of its template package: a configuration version and a staged rollout. */
  upgradeCompanyTemplate(
    companyId: string,
    spec: string,
    options?: CompanyTemplateUpgradeOptions,
  ): Promise<CompanyTemplateUpgrade>;
  /**
   * Temporal Web UI address listing this company's workflows; undefined when no UI is known (a
   * headless stack, or a cluster without SYNTHORG_UI_URL).
   */
  uiUrl(companyId: string): string | undefined;
  /** Partners, served A2A tasks and channels, on DATABASE_URL (docs/federation.md). */
  federation(): Promise<FederationClient>;
  /** Durable inter-company channels (docs/federation.md, "Channels"). */
  readonly channels: ChannelClient;
  /** Delegation over Temporal Nexus to companies of other namespaces on this cluster (docs/federation.md). */
  readonly nexus: NexusDelegationClient;
  close(): Promise<void>;
}
