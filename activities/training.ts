import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { SynthorgConfig } from '../src/config/env.ts';
import type { ExemplarPolicySpec, TrainingJuniorSpec } from '../src/config/training-schema.ts';
import { companySnapshot } from '../src/db/configuration-store.ts';
import { recordLedgerRow } from '../src/db/ledger.ts';
import {
  auditTrail,
  enrolments,
  ensureEnrolment,
  exemplarProvenance,
  recordExemplar,
  recordFirstReview,
  startTraining,
  stopTraining,
  windowFigures,
} from '../src/db/training-store.ts';
import type { FirstReview } from '../src/db/training-store.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import type { GraduationCheck } from '../src/domain/training.ts';
import { exemplarContent, juniorSpec } from '../src/domain/training.ts';
import type { CritiqueRequest } from '../src/domain/training-critique.ts';
import { seniorCritiqueBy } from '../src/llm/senior-critique.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { memoryServiceFor } from '../src/memory/memory-service.ts';
import { remember } from '../src/memory/memory-store.ts';
import { isPermanentModelError } from '../src/llm/provider-model.ts';
import type { TrainingRequest, TrainingResponse } from '../workflows/contracts/training.ts';
import { withHeartbeats } from './heartbeats.ts';

export interface TrainingPlanInput {
  companyId: string;
  junior: TrainingJuniorSpec;
  department: string;
  exemplars: ExemplarPolicySpec;
  query: string;
}

export interface TrainingPlan {
  inTraining: boolean;
  exemplars: CritiqueRequest['exemplars'];
}

export interface CritiqueInput {
  callKey: string;
  companyId: string;
  workflowId: string;
  taskId: string;
  model: string;
  request: CritiqueRequest;
}

export interface CritiqueOutcome {
  critique: string;
  model: string;
  offline: boolean;
  costUsd: number;
}

/** Candidates recalled per exemplar kept, so the boost can reorder them. */
const candidateFactor = 3;

/** Training mode (docs/self-improvement.md, "Training"): the plan, the critique, first reviews, exemplars, requests. */
export function createTrainingActivities({ pool, config }: { pool: Pool; config: SynthorgConfig }) {
  const memory = memoryServiceFor(pool, config);

  async function recallExemplars(input: TrainingPlanInput): Promise<CritiqueRequest['exemplars']> {
    if (input.exemplars.limit === 0 || input.query.trim() === '') return [];
    const result = await recall(await memory.context(), {
      companyId: input.companyId,
      viewer: { kind: 'agent', agentId: input.junior.agent, department: input.department },
      query: input.query.slice(0, 2_000),
      categories: ['procedural'],
      limit: Math.min(50, input.exemplars.limit * candidateFactor),
    });
    const provenance = await exemplarProvenance(
      pool,
      input.companyId,
      result.memories.map((found) => found.id),
    );
    // The boost: a memory distilled from one of this junior's own seniors outranks an equally similar other one.
    return result.memories
      .map((found) => {
        const source = provenance.get(found.id);
        const boosted = source !== undefined && input.junior.seniors.includes(source.seniorId);
        return { found, source, score: found.score + (boosted ? input.exemplars.boost : 0) };
      })
      .filter((entry) => entry.source !== undefined)
      .sort((left, right) => right.score - left.score || right.found.id - left.found.id)
      .slice(0, input.exemplars.limit)
      .map(({ found, source }) => ({
        memoryId: found.id,
        seniorId: source?.seniorId ?? found.authorId,
        taskId: source?.taskId ?? found.taskId ?? '',
        content: found.content,
      }));
  }

  return {
    /** Whether the junior is in training now (a template junior enters on its first task), and its exemplars. */
    async trainingPlan(input: TrainingPlanInput): Promise<TrainingPlan> {
      const enrolment = await ensureEnrolment(pool, input.companyId, input.junior);
      if (enrolment.status !== 'TRAINING') return { inTraining: false, exemplars: [] };
      return { inTraining: true, exemplars: await recallExemplars(input) };
    },

    /** One senior critique: a model call with its ledger row, reused by a retried activity. */
    async seniorCritique(input: CritiqueInput): Promise<CritiqueOutcome> {
      const { rows } = await pool.query<{ response: { outcome?: CritiqueOutcome } }>(
        'SELECT response FROM ledger WHERE call_key = $1',
        [input.callKey],
      );
      if (rows[0]?.response.outcome) return rows[0].response.outcome;
      let result;
      try {
        result = await withHeartbeats(() => seniorCritiqueBy(input.model, input.request, config));
      } catch (error) {
        if (isPermanentModelError(error))
          throw ApplicationFailure.nonRetryable(
            `senior critique on ${input.model}: ${(error as Error).message}`,
            FailureType.invalidInput,
          );
        throw error;
      }
      const { critique, spend } = result;
      const model = spend.model;
      const outcome: CritiqueOutcome = { critique, model, offline: model === 'offline', costUsd: spend.costUsd };
      await recordLedgerRow(pool, {
        callKey: input.callKey,
        companyId: input.companyId,
        taskId: input.taskId,
        workflowId: input.workflowId,
        agentId: input.request.senior.id,
        model,
        offline: model === 'offline',
        inputTokens: spend.inputTokens,
        outputTokens: spend.outputTokens,
        costUsd: spend.costUsd,
        response: { kind: 'senior-critique', junior: input.request.junior.id, outcome },
      });
      return outcome;
    },

    /** A junior's first review in training, and graduation by the policy (audited with the numbers). */
    async recordTrainingReview(input: FirstReview): Promise<{ check: GraduationCheck; graduated: boolean }> {
      const { check, graduated } = await recordFirstReview(pool, input);
      return { check, graduated };
    },

    /** A senior's work approved at the first review becomes a procedural memory with its provenance. */
    async distillExemplar(input: {
      key: string;
      companyId: string;
      workflowId: string;
      taskId: string;
      seniorId: string;
      title: string;
      result: string;
      scope: 'department' | 'company';
      ownerId: string;
    }): Promise<{ memoryId: number }> {
      const written = await remember(await memory.context(), {
        key: input.key,
        companyId: input.companyId,
        scope: input.scope,
        ownerId: input.ownerId,
        category: 'procedural',
        content: exemplarContent(input),
        importance: 0.8,
        authorId: input.seniorId,
        provenance: { taskId: input.taskId, workflowId: input.workflowId },
      });
      await recordExemplar(pool, {
        memoryId: written.id,
        companyId: input.companyId,
        seniorId: input.seniorId,
        taskId: input.taskId,
      });
      return { memoryId: written.id };
    },

    /** `synthorg train status|start|stop` through trainingRequestWorkflow. */
    async trainingRequest(request: TrainingRequest): Promise<TrainingResponse> {
      const company = await companySnapshot(pool, request.companyId).catch((error: unknown) => {
        throw ApplicationFailure.nonRetryable((error as Error).message, FailureType.invalidInput);
      });
      const training = company.training;
      if (!training)
        throw ApplicationFailure.nonRetryable(
          `company ${request.companyId} has no training section in its template (training.juniors)`,
          FailureType.invalidInput,
        );
      const juniorIds = training.juniors.map((junior) => junior.agent);
      if (request.agentId !== undefined && !juniorSpec(company, request.agentId))
        throw ApplicationFailure.nonRetryable(
          `agent: "${request.agentId}" is not a junior in the template's training section (juniors: ${juniorIds.join(', ')})`,
          FailureType.invalidInput,
        );
      const chosen = training.juniors.filter(
        (junior) => request.agentId === undefined || junior.agent === request.agentId,
      );
      const changed: string[] = [];
      const actor = request.actor ?? 'operator';
      const reason = request.reason ?? '';
      for (const junior of chosen) {
        if (request.kind === 'start' && (await startTraining(pool, request.companyId, junior, actor, reason)))
          changed.push(junior.agent);
        if (
          request.kind === 'stop' &&
          (await stopTraining(pool, request.companyId, junior, actor, reason, training.graduation))
        )
          changed.push(junior.agent);
      }
      const stored = new Map((await enrolments(pool, request.companyId)).map((row) => [row.agentId, row]));
      const juniors = [];
      for (const junior of chosen) {
        const enrolment = stored.get(junior.agent);
        const figures = await windowFigures(
          pool,
          request.companyId,
          junior.agent,
          enrolment ? new Date(enrolment.startedAt) : new Date(0),
          training.graduation,
        );
        juniors.push({
          agentId: junior.agent,
          seniors: junior.seniors,
          // A template junior with no row yet enters training on its first task.
          status: enrolment?.status ?? 'TRAINING',
          startedAt: enrolment?.startedAt ?? null,
          endedAt: enrolment?.endedAt ?? null,
          window: figures,
        });
      }
      return {
        companyId: request.companyId,
        graduation: training.graduation,
        juniors,
        changed,
        audit: await auditTrail(pool, request.companyId, request.agentId),
      };
    },
  };
}
