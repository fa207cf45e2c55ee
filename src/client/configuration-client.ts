import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SynthorgConfig } from '../config/env.ts';
import type { ProposalRecord } from '../db/improvement-store.ts';
import type { RolloutRecord } from '../db/rollout-store.ts';
import { FailureType } from '../domain/agent-action.ts';
import type { ConfigChange, ConfigVersion } from '../domain/configuration.ts';
import { defaultScopeAllowList } from '../domain/improvement.ts';
import type { GateThresholds, RolloutMetrics } from '../domain/rollout-gates.ts';
import { thresholdIssues } from '../domain/rollout-gates.ts';
import type { RolloutMode, RolloutStage } from '../domain/rollout.ts';
import { rolloutWorkflowId, stageIssues } from '../domain/rollout.ts';
import { durationPattern } from '../domain/duration.ts';
import { companyIdKey } from '../domain/search-attributes.ts';
import type {
  ConfigurationRequest,
  ConfigurationResponse,
  RolloutView,
  RolloutWorkflowInput,
} from '../../workflows/contracts/configuration.ts';
import {
  abortRolloutUpdate,
  approveStageUpdate,
  rolloutOpenedUpdate,
  rolloutQuery,
} from '../../workflows/contracts/configuration.ts';
import type {
  ImprovementLoopInput,
  ImprovementSettings,
  ImprovementStatus,
} from '../../workflows/contracts/improvement.ts';
import {
  approveProposalUpdate,
  improvementStatusQuery,
  improvementWorkflowId,
  pauseImprovementUpdate,
  rejectProposalUpdate,
  resumeImprovementUpdate,
} from '../../workflows/contracts/improvement.ts';
import type { EvaluationInput, EvaluationReport } from '../../workflows/contracts/evaluation.ts';
import { checkConfigurationPatch } from './configuration-patch.ts';
import type { EvaluationProgress } from './evaluation-client.ts';
import { evaluationIssues, runEvaluation } from './evaluation-client.ts';
import { InvalidInputError, NotFoundError } from './types.ts';

const badInputTypes = new Set<string>([FailureType.invalidInput, 'RolloutConflict']);

export interface StartRolloutOptions {
  stages?: RolloutStage[];
  mode?: RolloutMode;
  checkEvery?: string;
  reason?: string;
  author?: string;
  /** How much worse the candidate may be before the gate rolls it back; unset fields keep the defaults. */
  thresholds?: Partial<GateThresholds>;
}

export const defaultRolloutStages: RolloutStage[] = [
  { percent: 10, minSamples: 20, maxDuration: '2d' },
  { percent: 50, minSamples: 50, maxDuration: '2d' },
  { percent: 100, minSamples: 1, maxDuration: '1d' },
];

export const defaultImprovementSettings: ImprovementSettings = {
  mode: 'manual',
  every: '1h',
  stages: defaultRolloutStages,
  checkEvery: '1m',
  maxRolloutsPerWeek: 2,
  maxFirstStagePercent: 10,
  scopeAllowList: defaultScopeAllowList,
};

/**
 * Versioned configuration, staged rollouts and the improvement loop for scripts and the CLI, through
 * Temporal only (docs/self-improvement.md): reads and proposals run as short workflows on a worker.
 */
export class ConfigurationClient {
  private readonly client: Client;
  private readonly config: SynthorgConfig;

  constructor(client: Client, config: SynthorgConfig) {
    this.client = client;
    this.config = config;
  }

  async show(companyId: string, version?: number): Promise<{ version: ConfigVersion; current: number }> {
    const response = await this.request({ kind: 'show', companyId, ...(version !== undefined ? { version } : {}) });
    if (response.kind !== 'show') throw new Error(`unexpected ${response.kind} answer`);
    return { version: response.version, current: response.current };
  }

  async history(companyId: string): Promise<{ versions: ConfigVersion[]; current: number }> {
    const response = await this.request({ kind: 'history', companyId });
    if (response.kind !== 'history') throw new Error(`unexpected ${response.kind} answer`);
    return { versions: response.versions, current: response.current };
  }

  /** Changes from `from` (default: the parent of `to`) to `to` (default: the current version). */
  async diff(
    companyId: string,
    from?: number,
    to?: number,
  ): Promise<{ from: number; to: number; changes: ConfigChange[] }> {
    const response = await this.request({
      kind: 'diff',
      companyId,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    if (response.kind !== 'diff') throw new Error(`unexpected ${response.kind} answer`);
    return { from: response.from, to: response.to, changes: response.changes };
  }

  /** Creates a new version from a patch (validated here by field path, then against the company's roles). */
  async propose(
    companyId: string,
    patch: unknown,
    options: { reason?: string; author?: string } = {},
  ): Promise<ConfigVersion> {
    const checked = checkConfigurationPatch(patch);
    return this.run('proposeConfigVersionWorkflow', `company:${companyId}:config-propose:${randomUUID()}`, companyId, {
      companyId,
      patch: checked,
      author: options.author ?? 'operator',
      reason: options.reason ?? '',
    });
  }

  /** Starts the staged rollout of `version`; refused (InvalidInputError) while another rollout runs. */
  async startRollout(companyId: string, version: number, options: StartRolloutOptions = {}): Promise<RolloutView> {
    const stages = options.stages ?? defaultRolloutStages;
    const issues = stageIssues(stages);
    const checkEvery = options.checkEvery ?? '1m';
    if (!durationPattern.test(checkEvery)) issues.push(`checkEvery: a duration such as 30s or 1m, got ${checkEvery}`);
    issues.push(...thresholdIssues(options.thresholds));
    if (issues.length > 0) throw new InvalidInputError(issues.join('; '));
    const input: RolloutWorkflowInput = {
      companyId,
      candidateVersion: version,
      stages,
      mode: options.mode ?? 'manual',
      author: options.author ?? 'operator',
      reason: options.reason ?? '',
      checkEvery,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    };
    let handle: WorkflowHandle;
    try {
      handle = await this.client.workflow.start('rolloutWorkflow', {
        workflowId: rolloutWorkflowId(companyId, version),
        taskQueue: this.config.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
        staticSummary: `Rollout of ${companyId} configuration v${version} (${stages.map((stage) => `${stage.percent}%`).join(' → ')}, ${input.mode})`,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new InvalidInputError(
          `version ${version} of ${companyId} has a rollout already (synthorg rollout show ${companyId} ${version})`,
        );
      }
      throw error;
    }
    try {
      return await handle.executeUpdate(rolloutOpenedUpdate);
    } catch (error) {
      // The rollout was refused (unknown version, one already running): its failure says why.
      const failure = await handle.result().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      throw translate(failure ?? error);
    }
  }

  async rollouts(companyId: string): Promise<RolloutRecord[]> {
    const response = await this.request({ kind: 'rollouts', companyId });
    if (response.kind !== 'rollouts') throw new Error(`unexpected ${response.kind} answer`);
    return response.rollouts;
  }

  /** One rollout: its record, both arms' numbers, and its live state while it runs. */
  async rollout(
    companyId: string,
    version: number,
  ): Promise<{ rollout: RolloutRecord; metrics: RolloutMetrics; live?: RolloutView }> {
    const response = await this.request({ kind: 'rollout', companyId, candidateVersion: version });
    if (response.kind !== 'rollout') throw new Error(`unexpected ${response.kind} answer`);
    const live = await this.client.workflow
      .getHandle(rolloutWorkflowId(companyId, version))
      .query(rolloutQuery)
      .catch(() => undefined);
    return { rollout: response.rollout, metrics: response.metrics, ...(live ? { live } : {}) };
  }

  async approveRollout(
    companyId: string,
    version: number,
    options: { stage?: number; reason?: string } = {},
  ): Promise<void> {
    await this.rolloutUpdate(companyId, version, (handle) =>
      handle.executeUpdate(approveStageUpdate, { args: [{ by: 'operator', ...options }] }),
    );
  }

  async abortRollout(companyId: string, version: number, reason?: string): Promise<void> {
    await this.rolloutUpdate(companyId, version, (handle) =>
      handle.executeUpdate(abortRolloutUpdate, { args: [{ by: 'operator', ...(reason ? { reason } : {}) }] }),
    );
  }

  /** Starts the company's improvement loop (once: a running loop is left as it is). */
  async startImprovement(
    companyId: string,
    settings: Partial<ImprovementSettings> = {},
  ): Promise<{ created: boolean }> {
    const merged: ImprovementSettings = { ...defaultImprovementSettings, ...settings };
    const issues = stageIssues(merged.stages);
    issues.push(...thresholdIssues(merged.thresholds));
    if (!durationPattern.test(merged.every)) issues.push(`every: a duration such as 1h, got ${merged.every}`);
    if (merged.proposer !== undefined && merged.proposer !== 'rules' && merged.proposer !== 'model')
      issues.push(`proposer: rules or model, got ${String(merged.proposer)}`);
    if (merged.proposerModel !== undefined)
      issues.push(...evaluationIssues({ companyId, model: merged.proposerModel }).map((issue) => `proposer ${issue}`));
    if (issues.length > 0) throw new InvalidInputError(issues.join('; '));
    try {
      await this.client.workflow.start('improvementLoopWorkflow', {
        workflowId: improvementWorkflowId(companyId),
        taskQueue: this.config.taskQueue,
        args: [{ companyId, settings: merged } satisfies ImprovementLoopInput],
        typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
        staticSummary: `Improvement loop of ${companyId} (${merged.mode}, every ${merged.every})`,
      });
      return { created: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { created: false };
      throw error;
    }
  }

  async improvementStatus(companyId: string): Promise<ImprovementStatus> {
    try {
      return await this.client.workflow.getHandle(improvementWorkflowId(companyId)).query(improvementStatusQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notRunning(companyId);
      throw error;
    }
  }

  async improvementHistory(companyId: string, limit = 50): Promise<ProposalRecord[]> {
    const response = await this.request({ kind: 'proposals', companyId, limit });
    if (response.kind !== 'proposals') throw new Error(`unexpected ${response.kind} answer`);
    return response.proposals;
  }

  /** The kill switch: the loop proposes nothing and starts no rollout until resumed. */
  async pauseImprovement(companyId: string, reason?: string): Promise<void> {
    await this.update(improvementWorkflowId(companyId), notRunning(companyId).message, (handle) =>
      handle.executeUpdate(pauseImprovementUpdate, { args: [{ by: 'operator', ...(reason ? { reason } : {}) }] }),
    );
  }

  async resumeImprovement(companyId: string): Promise<void> {
    await this.update(improvementWorkflowId(companyId), notRunning(companyId).message, (handle) =>
      handle.executeUpdate(resumeImprovementUpdate, { args: [{ by: 'operator' }] }),
    );
  }

  async approveProposal(companyId: string, id: number, reason?: string): Promise<void> {
    await this.update(improvementWorkflowId(companyId), notRunning(companyId).message, (handle) =>
      handle.executeUpdate(approveProposalUpdate, { args: [{ id, by: 'operator', ...(reason ? { reason } : {}) }] }),
    );
  }

  async rejectProposal(companyId: string, id: number, reason?: string): Promise<void> {
    await this.update(improvementWorkflowId(companyId), notRunning(companyId).message, (handle) =>
      handle.executeUpdate(rejectProposalUpdate, { args: [{ id, by: 'operator', ...(reason ? { reason } : {}) }] }),
    );
  }

  /** Runs the evaluation set for a version on a model; tuned and held-out figures apart (`synthorg eval`). */
  evaluate(input: EvaluationInput, progress: EvaluationProgress = {}): Promise<EvaluationReport> {
    return runEvaluation(this.client, this.config, input, translate, progress);
  }

  /** An update to a rollout; one that has ended says how, rather than "not found". */
  private async rolloutUpdate(
    companyId: string,
    version: number,
    call: (handle: WorkflowHandle) => Promise<unknown>,
  ): Promise<void> {
    try {
      await this.update(
        rolloutWorkflowId(companyId, version),
        `no rollout of version ${version} in ${companyId}`,
        call,
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const record = await this.rollouts(companyId).then((all) =>
        all.find((rollout) => rollout.candidateVersion === version),
      );
      if (!record) throw error;
      throw new InvalidInputError(
        `rollout of version ${version} has ended (${record.status}): ${record.decision ?? ''}`,
      );
    }
  }

  private async update(
    workflowId: string,
    missing: string,
    call: (handle: WorkflowHandle) => Promise<unknown>,
  ): Promise<void> {
    try {
      await call(this.client.workflow.getHandle(workflowId));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError(missing);
      if (error instanceof WorkflowUpdateFailedError)
        throw new InvalidInputError(error.cause?.message ?? error.message);
      throw error;
    }
  }

  private request(request: ConfigurationRequest): Promise<ConfigurationResponse> {
    return this.run(
      'configurationQueryWorkflow',
      `company:${request.companyId}:config-query:${randomUUID()}`,
      request.companyId,
      {
        request,
      },
    );
  }

  private async run<T>(workflowType: string, workflowId: string, companyId: string, input: unknown): Promise<T> {
    try {
      return await this.client.workflow.execute(workflowType, {
        workflowId,
        taskQueue: this.config.taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
        staticSummary: `Configuration ${workflowType.replace(/Workflow$/, '')} of company ${companyId}`,
        workflowExecutionTimeout: '2 minutes',
      });
    } catch (error) {
      throw translate(error);
    }
  }
}

function notRunning(companyId: string): NotFoundError {
  return new NotFoundError(
    `no improvement loop runs for ${companyId} (start it with: synthorg improve start ${companyId})`,
  );
}

/** A permanent configuration failure is the caller's bad input (CLI exit 2). */
function translate(error: unknown): unknown {
  if (!(error instanceof WorkflowFailedError)) return error;
  let cause: unknown = error.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type && badInputTypes.has(cause.type))
    return new InvalidInputError(cause.message);
  return error;
}
