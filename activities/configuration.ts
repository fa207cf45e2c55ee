import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { ConfigurationPatch } from '../src/config/configuration-schema.ts';
import type { ConfigVersion } from '../src/domain/configuration.ts';
import { configureCompany, configuredStepFields, diffConfigurations } from '../src/domain/configuration.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import {
  ConfigurationInputError,
  companySnapshot,
  createVersion,
  currentVersion,
  getVersion,
  listVersions,
  resolveTaskConfiguration,
} from '../src/db/configuration-store.ts';
import type { NewVersionInput, TaskConfiguration, TaskConfigurationInput } from '../src/db/configuration-store.ts';
import {
  decideProposal,
  guardCounts,
  improvementSignals,
  listProposals,
  recordProposal,
  syncProposalOutcomes,
} from '../src/db/improvement-store.ts';
import type { ProposalDecision, ProposalRecord, RecordProposalInput } from '../src/db/improvement-store.ts';
import {
  RolloutConflictError,
  getRollout,
  listRollouts,
  openRollout,
  rolloutMetrics,
  updateRollout,
} from '../src/db/rollout-store.ts';
import type { OpenRolloutInput, RolloutRecord, RolloutUpdate } from '../src/db/rollout-store.ts';
import { snapshotRead, withTransaction } from '../src/db/pool.ts';
import type { ImprovementSignals } from '../src/domain/improvement.ts';
import type { RolloutMetrics } from '../src/domain/rollout-gates.ts';
import type { ConfigurationRequest, ConfigurationResponse } from '../workflows/contracts/configuration.ts';
import type { EvaluationInput, EvaluationSubject } from '../workflows/contracts/evaluation.ts';

/** Failure type of a second rollout while one runs (one at a time per company). */
export const rolloutConflictFailure = 'RolloutConflict';

/** Bad input is permanent: retrying cannot fix an unknown role or version. */
export async function permanentOnBadInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConfigurationInputError)
      throw ApplicationFailure.nonRetryable(error.message, FailureType.invalidInput);
    if (error instanceof RolloutConflictError)
      throw ApplicationFailure.nonRetryable(error.message, rolloutConflictFailure);
    throw error;
  }
}

/** Versioned configuration, rollouts and the improvement loop's reads and writes (docs/self-improvement.md). */
export function createConfigurationActivities({ pool }: { pool: Pool }) {
  return {
    /** The version a task runs under (decided once per goal) and its configuration. */
    async resolveTaskConfiguration(input: TaskConfigurationInput): Promise<TaskConfiguration> {
      return permanentOnBadInput(() => resolveTaskConfiguration(pool, input));
    },

    /** One `synthorg config|rollout|improve` read or a proposal, for a client that talks to Temporal only. */
    async configurationRequest(request: ConfigurationRequest): Promise<ConfigurationResponse> {
      return permanentOnBadInput(() => answer(pool, request));
    },

    async createConfigVersion(input: NewVersionInput): Promise<ConfigVersion> {
      return permanentOnBadInput(async () => {
        const patch = ConfigurationPatch.safeParse(input.patch);
        if (!patch.success)
          throw new ConfigurationInputError(
            patch.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
          );
        return createVersion(pool, { ...input, patch: patch.data });
      });
    },

    async openRollout(input: OpenRolloutInput): Promise<RolloutRecord> {
      return permanentOnBadInput(() => openRollout(pool, input));
    },

    async updateRollout(update: RolloutUpdate): Promise<void> {
      await updateRollout(pool, update);
    },

    async rolloutMetrics(input: { companyId: string; candidateVersion: number }): Promise<RolloutMetrics> {
      return rolloutMetrics(pool, input.companyId, input.candidateVersion);
    },

    async improvementFacts(input: { companyId: string }): Promise<{
      signals: ImprovementSignals;
      activeRollout: number | null;
      loopRolloutsThisWeek: number;
    }> {
      return permanentOnBadInput(async () => {
        await syncProposalOutcomes(pool, input.companyId);
        // One snapshot: read apart, a rollout promoted between the two reads left signals of the old version
        // beside guards that saw no rollout, and the loop proposed again what the new version already holds.
        return withTransaction(
          pool,
          async (client) => {
            const signals = await improvementSignals(client, input.companyId);
            return { signals, ...(await guardCounts(client, input.companyId)) };
          },
          snapshotRead,
        );
      });
    },

    /** The agent that works an evaluation: one of the role, configured by the version (docs/self-improvement.md). */
    async evaluationSubject(input: EvaluationInput): Promise<EvaluationSubject> {
      return permanentOnBadInput(() => evaluationSubject(pool, input));
    },

    async recordProposal(input: RecordProposalInput): Promise<ProposalRecord> {
      return recordProposal(pool, input);
    },

    async decideProposal(decision: ProposalDecision): Promise<void> {
      await decideProposal(pool, decision);
    },
  };
}

async function answer(pool: Pool, request: ConfigurationRequest): Promise<ConfigurationResponse> {
  const { companyId } = request;
  switch (request.kind) {
    case 'show': {
      const version =
        request.version === undefined
          ? await currentVersion(pool, companyId)
          : await getVersion(pool, companyId, request.version);
      const current = await currentVersion(pool, companyId);
      return { kind: 'show', version, current: current.version };
    }
    case 'history':
      return {
        kind: 'history',
        versions: await listVersions(pool, companyId),
        current: (await currentVersion(pool, companyId)).version,
      };
    case 'diff': {
      const to =
        request.to === undefined
          ? await currentVersion(pool, companyId)
          : await getVersion(pool, companyId, request.to);
      const fromVersion = request.from ?? to.parent ?? to.version;
      const from = await getVersion(pool, companyId, fromVersion);
      return {
        kind: 'diff',
        from: from.version,
        to: to.version,
        changes: diffConfigurations(from.configuration, to.configuration, await companySnapshot(pool, companyId)),
      };
    }
    case 'rollouts':
      return { kind: 'rollouts', rollouts: await listRollouts(pool, companyId) };
    case 'rollout':
      return {
        kind: 'rollout',
        rollout: await getRollout(pool, companyId, request.candidateVersion),
        metrics: await rolloutMetrics(pool, companyId, request.candidateVersion),
      };
    case 'proposals':
      return { kind: 'proposals', proposals: await listProposals(pool, companyId, request.limit ?? 50) };
  }
}

/** Seniorities below lead: the default evaluated agent is the first who works rather than manages. */
const workingSeniorities = new Set(['junior', 'mid', 'senior']);

async function evaluationSubject(pool: Pool, input: EvaluationInput): Promise<EvaluationSubject> {
  const version =
    input.version === undefined
      ? await currentVersion(pool, input.companyId)
      : await getVersion(pool, input.companyId, input.version);
  const company = configureCompany(await companySnapshot(pool, input.companyId), version.configuration);
  const agent =
    input.role === undefined
      ? (company.agents.find((candidate) => workingSeniorities.has(candidate.seniority)) ?? company.agents[0])
      : company.agents.find((candidate) => candidate.role === input.role);
  if (!agent) {
    const roles = [...new Set(company.agents.map((candidate) => candidate.role))].join(', ');
    throw new ConfigurationInputError(
      `role: no agent of ${input.companyId} has the role "${input.role}" (roles: ${roles})`,
    );
  }
  const maxOutputTokens = agent.maxOutputTokens ?? company.policies.maxOutputTokens;
  return {
    version: version.version,
    agent: {
      id: agent.id,
      name: agent.name,
      role: agent.role,
      seniority: agent.seniority,
      department: agent.department,
      model: agent.model,
      ...configuredStepFields(agent),
    },
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
  };
}
