import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { recordLedgerRow } from '../src/db/ledger.ts';
import type { SynthorgConfig } from '../src/config/env.ts';
import type { AgentAction, AgentStepInput, AgentStepResult, ReviewVerdict } from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { crashAt } from '../src/config/failpoints.ts';
import { withSubtaskResults } from './subtask-results.ts';
import { ReservationRefusedError, type Reservation } from '../src/db/spend-reservations.ts';
import { UnpricedModelError } from '../src/llm/price-policy.ts';
import { withHeartbeats } from './heartbeats.ts';
import { providerLimitFailure } from './provider-limits.ts';
import {
  afterFailedStep,
  attemptNumber,
  costAt,
  recordUnfinishedCall,
  reserveStep,
  reserveStepUnlessStored,
  spendingFailure,
} from './step-spending.ts';
import { stepKey } from '../src/domain/ids.ts';
import { maxOutputTokensOf } from '../src/llm/action-schema.ts';
import { offlineDecide } from '../src/llm/offline-model.ts';
import { costOf } from '../src/domain/budget.ts';
import { priceFor } from '../src/llm/prices.ts';
import { resolveModelName } from '../src/llm/model-names.ts';
import { UnknownModelError } from '../src/llm/model-names.ts';
import { PaidBadModelOutputError, callProviderModel, isPermanentModelError } from '../src/llm/provider-model.ts';
import { autoCompact, memoryStepFields, observeMemoryAction, withCompaction } from '../src/memory/agent-tools.ts';
import { memoryServiceFor } from '../src/memory/memory-service.ts';
import { nothingToRecall } from '../src/memory/nothing-to-recall.ts';
import { countModelCall } from '../src/observability/metrics.ts';
import { inSpan } from '../src/observability/tracing.ts';

export interface ModelCallDependencies {
  pool: Pool;
  config: SynthorgConfig;
  /**
   * Run every recall, even one that cannot find anything (the step as it was before the eleventh round), so
   * benches and tests can compare the two: bench/activity-levers.ts, test/money/nothing-to-recall.test.ts.
   */
  everyRecall?: boolean;
}

interface Decision {
  action: AgentAction | ReviewVerdict;
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * One step of the agent loop: one model call, as one activity. The call is keyed by workflow id +
 * step: a retry after a crash finds the stored answer in the ledger and pays nothing twice.
 * Recall and remember run inside the same activity (a read, and a write under the same key), so a
 * step costs one round trip.
 */
export function createModelCallActivities({ pool, config, everyRecall = false }: ModelCallDependencies) {
  const memory = memoryServiceFor(pool, config);

  async function agentStep(input: AgentStepInput): Promise<AgentStepResult> {
    const callKey = stepKey(input.workflowId, input.step);
    // Everything below may be slow (compaction summaries, embeddings, the model): a live attempt must
    // keep heartbeating, or Temporal starts a second one beside it.
    return withHeartbeats(async () => {
      // Subtask results come from Postgres here, not through the workflow (claim check); the
      // reservation prices the prompt the model will really get.
      const expanded = await withSubtaskResults(pool, input);
      // One round trip: a retry after a crash finds the stored answer in the ledger (and reserves
      // nothing, so it is never refused), or the step's maximum cost is held.
      const first = await reserveStepUnlessStored(pool, config, expanded, callKey);
      if (first.kind === 'stored') return { ...(first.response as AgentStepResult), reused: true };
      let reservation = first.reservation;
      // Whether the company had a memory when the hold was made (the reservation's statement asks).
      const companyHasMemories = everyRecall || first.companyHasMemories;
      let providerCalled = false;
      let providerError: unknown;
      // The model's answer once it came, until its ledger row is written: what this attempt really spent.
      let answered: Decision | undefined;
      try {
        // Memory (src/memory): a transcript past the context threshold is compacted before the model sees it.
        const compaction = await autoCompact(memory, input, callKey);
        // Expansion maps entries one to one, so the compaction computed on the workflow's transcript applies.
        const stepInput = withCompaction(expanded, compaction);
        providerCalled = true;
        const decided = await inSpan(
          'model call',
          { 'synthorg.agent': input.agent.id, 'synthorg.model': input.agent.model },
          () =>
            decide(stepInput, config, async (error) => {
              await recordWastedCall(pool, input, callKey, error, reservation);
              // The unusable reply's row settled the hold; the repair request (which repeats that reply) needs its own.
              reservation = await reserveStep(pool, config, expanded, callKey, {
                extraPromptTokens: maxOutputTokensOf(expanded) + repairInstructionTokens,
              });
            }),
        ).catch(async (error: unknown) => {
          providerError = error;
          if (error instanceof PaidBadModelOutputError) {
            await recordWastedCall(pool, input, callKey, error, reservation);
          }
          throw providerLimitFailure(error, attemptNumber()) ?? classify(error, input.agent.model);
        });
        const decision = { ...decided, costUsd: costAt(decided, reservation) };
        answered = decision;
        const observed =
          (await nothingToRecall(memory, decision.action, {
            companyHasMemories,
            compacted: compaction !== undefined,
          })) ?? (await observeMemoryAction(memory, stepInput, decision.action, callKey));
        const result: AgentStepResult = { ...decision, reused: false, ...memoryStepFields(compaction, observed) };

        const recorded = await recordCall(pool, input, callKey, decision, result, reservation);
        answered = undefined;
        crashAt(config, 'crash-after-ledger-write');
        if (recorded) countModelCall({ ...decision, companyId: input.companyId, agentId: input.agent.id });
        if (!recorded) {
          // A concurrent attempt of this same step won the race; its answer is the one that was paid for.
          const winner = await findStoredCall(pool, callKey);
          if (winner) return { ...winner, reused: true };
        }
        return result;
      } catch (error) {
        // The model answered and billed, then the step failed (an embedding refused at the ceiling, a
        // memory write): the answer's real cost settles the hold, not the hold's maximum at its expiry.
        if (answered) await recordUnfinishedCall(pool, input, callKey, answered, reservation, error);
        else await afterFailedStep(pool, reservation, providerError ?? error, providerCalled);
        // The memory model (compaction summaries) is priced like the agent's: unpriced is permanent.
        if (error instanceof UnpricedModelError) {
          throw ApplicationFailure.nonRetryable(error.message, FailureType.unpricedModel);
        }
        // A memory call of this step (compaction summary, embedding) refused at the ceiling parks the task too.
        if (error instanceof ReservationRefusedError) throw spendingFailure(error, input);
        throw error;
      }
    });
  }

  return { agentStep };
}

async function findStoredCall(pool: Pool, callKey: string): Promise<AgentStepResult | undefined> {
  const { rows } = await pool.query<{ response: AgentStepResult }>('SELECT response FROM ledger WHERE call_key = $1', [
    callKey,
  ]);
  return rows[0]?.response;
}

function recordCall(
  pool: Pool,
  input: AgentStepInput,
  callKey: string,
  decision: Decision,
  result: AgentStepResult,
  reservation: Reservation,
): Promise<boolean> {
  return recordLedgerRow(pool, {
    reservationKey: reservation.reservationKey,
    callKey,
    companyId: input.companyId,
    taskId: input.task.id,
    workflowId: input.workflowId,
    agentId: input.agent.id,
    model: decision.model,
    offline: decision.offline,
    inputTokens: decision.inputTokens,
    outputTokens: decision.outputTokens,
    costUsd: decision.costUsd,
    response: result,
  });
}

async function decide(
  input: AgentStepInput,
  config: SynthorgConfig,
  onUnusable: (error: PaidBadModelOutputError) => Promise<void>,
): Promise<Decision> {
  const model = resolveModelName(input.agent.model, config);
  if (model === 'offline') {
    const action = offlineDecide(input);
    // Simulated usage: roughly four characters a token, as for English text.
    const inputTokens = Math.ceil(JSON.stringify(input).length / 4);
    const outputTokens = Math.ceil(JSON.stringify(action).length / 4);
    const costUsd = costOf({ inputTokens, outputTokens }, priceFor('offline').price);
    return { action, model, offline: true, inputTokens, outputTokens, costUsd };
  }
  const context = Context.current();
  const answer = await callProviderModel(input, model, config, {
    abortSignal: context.cancellationSignal,
    onUnusable,
  });
  return {
    action: answer.action,
    model: answer.model,
    offline: false,
    inputTokens: answer.inputTokens,
    outputTokens: answer.outputTokens,
    costUsd: answer.costUsd,
  };
}

/** Permanent model errors become non-retryable failures with a type the workflow can match. */
function classify(error: unknown, model: string): unknown {
  if (error instanceof ApplicationFailure || !isPermanentModelError(error)) return error;
  const type = error instanceof UnknownModelError ? FailureType.unknownModel : FailureType.badModelOutput;
  return ApplicationFailure.nonRetryable(`model ${model}: ${(error as Error).message}`, type);
}

/** Tokens of the repair request's own words, estimated high. */
const repairInstructionTokens = 200;

/**
 * A call that returned unusable output was still paid for: the ledger records it under its own key,
 * `#unusable` for the first reply and `#repair` for a repair request that did not help either.
 */
async function recordWastedCall(
  pool: Pool,
  input: AgentStepInput,
  callKey: string,
  error: PaidBadModelOutputError,
  reservation: Reservation,
) {
  // A retried attempt's wasted calls were paid again: each attempt's get rows of their own.
  const attempt = attemptNumber();
  const costUsd = costAt(error.spend, reservation);
  const recorded = await recordLedgerRow(pool, {
    reservationKey: reservation.reservationKey,
    callKey: `${callKey}${error.afterRepair ? '#repair' : '#unusable'}${attempt > 1 ? `#attempt-${attempt}` : ''}`,
    companyId: input.companyId,
    taskId: input.task.id,
    workflowId: input.workflowId,
    agentId: input.agent.id,
    model: error.spend.model,
    offline: false,
    inputTokens: error.spend.inputTokens,
    outputTokens: error.spend.outputTokens,
    costUsd,
    response: { error: error.message, excerpt: error.excerpt },
  });
  if (recorded) countModelCall({ ...error.spend, costUsd, companyId: input.companyId, agentId: input.agent.id });
}
