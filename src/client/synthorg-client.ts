import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { clientTracingInterceptors, flushTraces } from '../observability/client-tracing.ts';
import { randomUUID } from 'node:crypto';
import type { SynthorgConfig } from '../config/env.ts';
import type { SpendReport } from '../db/spend-report.ts';
import { loadConfig } from '../config/env.ts';
import type { CompanyTemplate } from '../config/schemas.ts';
import { companyWorkflowId, taskWorkflowId } from '../domain/ids.ts';
import { isTerminal } from '../domain/task-state.ts';
import type { PendingApproval } from '../domain/types.ts';
import { MemoryClient } from '../memory/memory-client.ts';
import { ConfigurationClient } from './configuration-client.ts';
import { TrainingClient } from './training-client.ts';
import type { MemoryImportView } from '../memory/memory-client.ts';
import type { OperatorMemoryPlacementInput, RememberedMemoryView } from '../../workflows/contracts/memory.ts';
import { TemporalUnavailableError, connectWithCause, temporalConnectionOptions } from '../temporal/connection.ts';
import { companyWorkflowsUrl, resolveWebUiBaseUrl, webUiBaseUrl } from '../temporal/web-ui.ts';
import {
  approvalsQuery,
  fireUpdate,
  hireUpdate,
  orgChartQuery,
  pauseUpdate,
  resumeUpdate,
  setBudgetUpdate,
  stopUpdate,
  submitGoalUpdate,
  viewQuery,
} from '../../workflows/contracts/company.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import type {
  AgentView,
  BudgetChange,
  CompanyView,
  StartCompanyOptions,
  StartCompanyResult,
  SubmitGoalOptions,
  SynthorgApi,
  TaskView,
  WaitOptions,
} from './types.ts';
import { InvalidInputError, NotFoundError } from './types.ts';
import { pollTask, taskWorkflowClosed, waitsQuietly } from './task-wait.ts';
import { companyReady, startCompanyWorkflow } from './company-start.ts';
import { CompanyCalls } from './company-calls.ts';
import { answerApproval } from './approval-answers.ts';
import { withQueryRetry } from './temporal-errors.ts';
import { toTaskView, withTaskState } from './task-view.ts';
import { ShiftClient } from './shift-client.ts';
import { companyStaff } from './company-staff.ts';
import type { CompanyTemplateUpgrade, CompanyTemplateUpgradeOptions } from './company-template-upgrade.ts';
import { upgradeCompanyTemplate } from './company-template-upgrade.ts';
import type { HireOptions } from './company-staff.ts';
import { scalingView } from './company-scaling.ts';
import { HeadcountClient } from './headcount-client.ts';
import type { ScalingView } from './company-scaling.ts';
import type { TemplateVersionStats } from '../db/template-stats.ts';
import type { DryRunReport } from '../templates/marketplace/marketplace.ts';
import { dryRunTemplate, marketplaceOptions, readTemplateStats } from './template-packages.ts';
import { openFederationClient } from '../federation/federation-client.ts';
import type { FederationClient } from '../federation/federation-client.ts';
import { NexusDelegationClient } from './nexus-delegation.ts';
import { ChannelClient } from './channels.ts';
import { GoalAdmission, newGoalId } from './goal-admission.ts';

export { TemporalUnavailableError };

export interface SynthorgClientOptions {
  config?: SynthorgConfig;
  /** An existing connection (tests); otherwise one is opened to config.temporalAddress. */
  connection?: Connection;
  /** The Web UI to link to; by default SYNTHORG_UI_URL or the running embedded stack's (none if headless). */
  uiBaseUrl?: string;
  /** How long a query may wait for a worker before the client says none answers (default 20 s). */
  queryTimeoutMs?: number;
}

/** Typed access to running companies for scripts; the `synthorg` CLI is a thin layer over it. */
export class SynthorgClient implements SynthorgApi {
  readonly temporal: Client;
  private readonly config: SynthorgConfig;
  private readonly connection: Connection;
  private readonly ownsConnection: boolean;
  private readonly uiBaseUrl: string | undefined;
  private readonly readyTimeoutMs: number;
  private readonly calls: CompanyCalls;
  private federationClient: Promise<FederationClient> | undefined;
  private readonly admission = new GoalAdmission({
    temporal: () => this.temporal,
    query: (companyId, run) =>
      this.calls.query(companyId, companyWorkflowId(companyId), (signal) => withQueryRetry(() => run(signal), signal)),
    ready: (companyId) => this.waitUntilReady(companyId),
  });

  constructor(
    connection: Connection,
    options: {
      config: SynthorgConfig;
      ownsConnection: boolean;
      /** null: no Web UI to link to (a headless stack). */
      uiBaseUrl?: string | null;
      readyTimeoutMs?: number;
      queryTimeoutMs?: number;
    },
  ) {
    this.connection = connection;
    this.config = options.config;
    this.ownsConnection = options.ownsConnection;
    this.temporal = new Client({
      connection,
      namespace: options.config.namespace,
      interceptors: clientTracingInterceptors(options.config.observability),
    });
    this.uiBaseUrl = options.uiBaseUrl === null ? undefined : (options.uiBaseUrl ?? webUiBaseUrl(options.config));
    this.readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
    this.calls = new CompanyCalls(this.temporal, connection, this.config, options.queryTimeoutMs ?? 20_000);
  }

  async startCompany(options: StartCompanyOptions): Promise<StartCompanyResult> {
    return startCompanyWorkflow(
      {
        temporal: this.temporal,
        config: this.config,
        query: (companyId, workflowId, run) => this.calls.query(companyId, workflowId, run),
        ready: (companyId) => this.waitUntilReady(companyId),
        importMemory: (companyId, path, placement) => this.importMemory(companyId, path, placement),
        translate: (error) => this.calls.translate(error),
      },
      options,
    );
  }

  async status(companyId: string): Promise<CompanyView> {
    return (await this.calls.view(companyId)).company;
  }

  async stopCompany(companyId: string): Promise<void> {
    const description = await this.calls
      .handle(companyId)
      .describe()
      .catch((error: unknown) => {
        throw this.calls.translate(error, companyId);
      });
    if (description.status.name !== 'RUNNING') {
      throw new InvalidInputError(
        `company "${companyId}" is already stopped (workflow ${description.status.name.toLowerCase()})`,
      );
    }
    await this.calls.update(companyId, () => this.calls.handle(companyId).executeUpdate(stopUpdate));
    await new MemoryClient(this.temporal, this.config).deleteSchedule(companyId);
  }

  async submitGoal(companyId: string, goal: string, options: SubmitGoalOptions = {}): Promise<TaskView> {
    if (options.goalId !== undefined) {
      const goalId = options.goalId === true ? newGoalId() : options.goalId;
      return toTaskView(
        await this.calls.update(companyId, () => this.admission.admit(companyId, goal, { ...options, goalId })),
      );
    }
    const task = await this.calls.update(companyId, () =>
      this.calls.handle(companyId).executeUpdate(submitGoalUpdate, {
        args: [
          {
            goal,
            ...(options.acceptanceCriteria ? { acceptanceCriteria: options.acceptanceCriteria } : {}),
            ...(options.priority ? { priority: options.priority } : {}),
          },
        ],
      }),
    );
    return toTaskView(task);
  }

  async waitForTask(companyId: string, taskId: string, options: WaitOptions = {}): Promise<TaskView> {
    const closed = waitsQuietly(options) ? await taskWorkflowClosed(this.temporal, companyId, taskId) : undefined;
    const context = {
      temporal: this.temporal,
      view: (id: string) => this.calls.view(id, options.signal),
      task: (id: string, task: string) => this.task(id, task),
      ...(closed ? { closed } : {}),
    };
    return pollTask(context, companyId, taskId, options);
  }

  async task(companyId: string, taskId: string): Promise<TaskView> {
    const company = await this.status(companyId);
    const summary = company.tasks.find((task) => task.id === taskId);
    if (!summary) throw new NotFoundError(`company "${companyId}" has no task "${taskId}"`);
    try {
      const workflowId = taskWorkflowId(companyId, taskId);
      const state = await this.calls.query(companyId, workflowId, () =>
        this.temporal.workflow.getHandle(workflowId).query(stateQuery),
      );
      // A workflow cut off (terminated) stays in its last state; the ending reported for it wins.
      if (isTerminal(summary.status) && !isTerminal(state.status)) return summary;
      return withTaskState(summary, state);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return summary;
      throw this.calls.translate(error);
    }
  }

  async listApprovals(companyId: string): Promise<PendingApproval[]> {
    return this.calls.companyQuery(companyId, approvalsQuery);
  }

  async approve(companyId: string, taskId: string, reason?: string): Promise<void> {
    await answerApproval(this.temporal, { companyId, taskId, approved: true, reason }, (error) =>
      this.calls.translate(error),
    );
  }

  async deny(companyId: string, taskId: string, reason?: string): Promise<void> {
    await answerApproval(this.temporal, { companyId, taskId, approved: false, reason }, (error) =>
      this.calls.translate(error),
    );
  }

  async raiseBudget(companyId: string, limitUsd: number): Promise<BudgetChange> {
    const previousLimitUsd = (await this.status(companyId)).budget.limitUsd;
    // "Raise" is what an operator types in a hurry for a parked task; a smaller number is a typo, not a cut.
    // Non-positive amounts are left to the workflow's validator, which names that problem.
    if (limitUsd > 0 && limitUsd < previousLimitUsd) {
      throw new InvalidInputError(
        `budget raise never lowers a budget: ${companyId} has $${previousLimitUsd} a month, asked for $${limitUsd}`,
      );
    }
    await this.calls.update(companyId, () =>
      this.calls.handle(companyId).executeUpdate(setBudgetUpdate, { args: [{ limitUsd }] }),
    );
    return { companyId, previousLimitUsd, limitUsd };
  }

  /** Imports a Markdown or text file, or a folder of them, into the company's memory (see MemoryClient.importPath). */
  async importMemory(
    companyId: string,
    path: string,
    placement: OperatorMemoryPlacementInput = {},
  ): Promise<MemoryImportView> {
    return this.memory().importPath(companyId, path, placement);
  }

  /** Stores one fact in the company's memory as the operator; the same text twice is one memory. */
  async rememberMemory(
    companyId: string,
    content: string,
    placement: OperatorMemoryPlacementInput = {},
  ): Promise<RememberedMemoryView> {
    return this.memory().remember(companyId, content, placement);
  }

  /** Archives one memory of the company; `forgotten` is false when it already was. */
  async forgetMemory(
    companyId: string,
    memoryId: number,
    reason?: string,
  ): Promise<{ id: number; forgotten: boolean }> {
    return this.memory().forget(companyId, memoryId, reason);
  }

  /** Sets one agent's monthly limit; its tasks parked on that limit re-check it and resume when it allows. */
  async setAgentBudget(companyId: string, agentId: string, limitUsd: number): Promise<void> {
    await this.calls.update(companyId, () =>
      this.calls.handle(companyId).executeUpdate(setBudgetUpdate, { args: [{ limitUsd, agentId }] }),
    );
  }

  /** The company's shift workflow: `now`, `roster`, `swap`, `callIn`, `offDuty`, `setRoster` (docs/shifts.md). */
  shifts(): ShiftClient {
    return new ShiftClient(this.temporal);
  }

  /** Month-to-date and lifetime spending as the ledger counts it (tasks and memory work), and what is in flight. */
  async spending(companyId: string): Promise<SpendReport> {
    return this.temporal.workflow.execute('spendReportWorkflow', {
      workflowId: `company:${companyId}:spend-report:${randomUUID()}`,
      taskQueue: this.config.taskQueue,
      args: [{ companyId }],
      staticSummary: `Spending of company ${companyId}`,
      workflowExecutionTimeout: '1 minute',
    });
  }

  /** Hires one agent (docs/scaling.md); every bad field is named (InvalidInputError). */
  hireAgent(companyId: string, options: HireOptions): Promise<AgentView> {
    return this.staff.hire(companyId, options);
  }

  /** Fires one agent; its reports move to its manager. Not the top of the chart, nor a department head. */
  fireAgent(companyId: string, agentId: string): Promise<AgentView> {
    return this.staff.fire(companyId, agentId);
  }

  /** Pauses every task of the company before its next step; InvalidInputError when it is not running. */
  async pauseCompany(companyId: string): Promise<void> {
    await this.calls.update(companyId, () => this.calls.handle(companyId).executeUpdate(pauseUpdate));
  }

  async resumeCompany(companyId: string): Promise<void> {
    await this.calls.update(companyId, () => this.calls.handle(companyId).executeUpdate(resumeUpdate));
  }

  /** Where each agent runs and what the headcount rules say of each bounded role (docs/scaling.md). */
  async scaling(companyId: string): Promise<ScalingView> {
    const state = await this.calls.companyQuery(companyId, viewQuery);
    // A company started before headcount workflows existed has none: its view shows the advice only.
    const loop = state.company.scaling
      ? await this.headcount()
          .state(companyId)
          .catch((error: unknown) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          })
      : undefined;
    return scalingView(state, Date.now(), loop);
  }

  /** The company's headcount workflow: its proposals, and approving or denying them (docs/scaling.md). */
  headcount(): HeadcountClient {
    return new HeadcountClient(this.temporal);
  }

  private readonly staff = companyStaff({
    orgChart: (companyId) => this.calls.companyQuery(companyId, orgChartQuery),
    hire: (companyId, spec) =>
      this.calls.update(companyId, () => this.calls.handle(companyId).executeUpdate(hireUpdate, { args: [spec] })),
    fire: (companyId, agentId) =>
      this.calls.update(companyId, () =>
        this.calls.handle(companyId).executeUpdate(fireUpdate, { args: [{ agentId }] }),
      ),
  });

  /** Outcomes per template package version (companies, goals, mean cost per goal) from the ledger. */
  async templateStats(packageName?: string): Promise<TemplateVersionStats[]> {
    return readTemplateStats(this.temporal, this.config, packageName);
  }

  /** Runs a sample goal of `template` on the offline model in a throwaway company (see dryRunTemplate). */
  async dryRunTemplate(template: CompanyTemplate, goal: string): Promise<DryRunReport> {
    return dryRunTemplate(this, template, goal);
  }

  /** Partners, served tasks and channels (docs/federation.md); opened on DATABASE_URL on first use. */
  federation(): Promise<FederationClient> {
    this.federationClient ??= openFederationClient(this.config.databaseUrl);
    return this.federationClient;
  }

  /** Durable inter-company channels: send to and list messages of partners (docs/federation.md). */
  get channels(): ChannelClient {
    return new ChannelClient(this.temporal, this.config.taskQueue, () => this.federation());
  }

  /** Delegation to companies of other namespaces on this cluster over Temporal Nexus (docs/federation.md). */
  get nexus(): NexusDelegationClient {
    return new NexusDelegationClient(this.temporal, this.connection, this.config.taskQueue);
  }

  /** Moves a running company to an installed newer version of its template package, through a staged rollout (docs/templates.md). */
  async upgradeCompanyTemplate(
    companyId: string,
    spec: string,
    options?: CompanyTemplateUpgradeOptions,
  ): Promise<CompanyTemplateUpgrade> {
    const orgChart = (id: string) => this.calls.companyQuery(id, orgChartQuery);
    const marketplace = () => marketplaceOptions(this.config);
    const dependencies = { configuration: () => this.configuration, orgChart, marketplace };
    return upgradeCompanyTemplate(dependencies, companyId, spec, options);
  }

  /** Configuration versions, staged rollouts and the improvement loop (docs/self-improvement.md). */
  get configuration(): ConfigurationClient {
    return new ConfigurationClient(this.temporal, this.config);
  }

  /** Training mode: juniors learning from seniors (docs/self-improvement.md, "Training"). */
  get training(): TrainingClient {
    return new TrainingClient(this.temporal, this.config);
  }

  uiUrl(companyId: string): string | undefined {
    if (this.uiBaseUrl === undefined) return undefined;
    return companyWorkflowsUrl(this.uiBaseUrl, this.config.namespace, companyId);
  }

  async close(): Promise<void> {
    await this.federationClient?.then((federation) => federation.close()).catch(() => undefined);
    await flushTraces();
    if (this.ownsConnection) await this.connection.close();
  }

  /** Whether a worker registered the company within `readyTimeoutMs` (see companyReady). */
  private waitUntilReady(companyId: string): Promise<boolean> {
    return companyReady(this.calls.handle(companyId), this.readyTimeoutMs);
  }

  private memory(): MemoryClient {
    return new MemoryClient(this.temporal, this.config);
  }
}

/** Opens a client against TEMPORAL_ADDRESS, or the embedded dev server's address. */
export async function createClient(options: SynthorgClientOptions = {}): Promise<SynthorgClient> {
  const config = options.config ?? loadConfig();
  if (options.connection) {
    return new SynthorgClient(options.connection, {
      config,
      ownsConnection: false,
      ...(options.uiBaseUrl ? { uiBaseUrl: options.uiBaseUrl } : {}),
      ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
    });
  }
  const connection = await connectWithCause(
    temporalConnectionOptions(config),
    (options) => Connection.connect({ ...options, connectTimeout: '5 seconds' }),
    (opened) => opened.close(),
  ).catch((error: unknown) => {
    if (error instanceof TemporalUnavailableError && config.temporalAddress === undefined) {
      error.message += '; start the embedded stack with "synthorg dev" or set TEMPORAL_ADDRESS';
    }
    throw error;
  });
  // The running stack decides: a headless `synthorg dev` has no UI to link to.
  const uiBaseUrl = options.uiBaseUrl ?? (await resolveWebUiBaseUrl(config)) ?? null;
  return new SynthorgClient(connection, {
    config,
    ownsConnection: true,
    uiBaseUrl,
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  });
}
