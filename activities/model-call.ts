import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { recordLedgerRow } from '../src/db/ledger.ts';
import type { SynthorgConfig } from '../src/config/env.ts';
import { crashAt } from '../src/config/failpoints.ts';
import type {
  AgentAction,
  AgentStepInput,
  AgentStepResult,
  BudgetExceededDetails,
  ReviewVerdict,
} from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { isOverBudget } from '../src/domain/budget.ts';
import { stepKey } from '../src/domain/ids.ts';
import { offlineDecide } from '../src/llm/offline-model.ts';
import { costOf } from '../src/domain/budget.ts';
import { priceFor } from '../src/llm/prices.ts';
import { resolveModelName } from '../src/llm/model-names.ts';
import { UnknownModelError } from '../src/llm/model-names.ts';
import { PaidBadModelOutputError, callProviderModel, isPermanentModelError } from '../src/llm/provider-model.ts';
import { autoCompact, memoryStepFields, observeMemoryAction, withCompaction } from '../src/memory/agent-tools.ts';
import { memoryServiceFor } from '../src/memory/memory-service.ts';
import { withSubtaskResults } from './subtask-results.ts';

export interface ModelCallDependencies {
  pool: Pool;
  config: SynthorgConfig;
}

interface Decision {
  action: AgentAction | ReviewVerdict;
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

const heartbeatEveryMs = 5_000;

/**
 * One step of the agent loop: one model call, as one activity. The call is keyed by workflow id +
 * step: a retry after a crash finds the stored answer in the ledger and pays nothing twice.
 * Recall and remember run inside the same activity (a read, and a write under the same key), so a
 * step costs one round trip.
 */
export function createModelCallActivities({ pool, config }: ModelCallDependencies) {
  const memory = memoryServiceFor(pool, config);

  async function agentStep(input: AgentStepInput): Promise<AgentStepResult> {
    const callKey = stepKey(input.workflowId, input.step);
    const before = await lookUp(pool, input, callKey);
    if (before.stored) return { ...before.stored, reused: true };
    enforceBudget(input, before);
    // Memory (src/memory): a transcript past the context threshold is compacted before the model sees it.
    const compaction = await autoCompact(memory, input, callKey);
    // Subtask results come from Postgres here, not through the workflow (claim check).
    const stepInput = await withSubtaskResults(pool, withCompaction(input, compaction));
    const decision = await decide(stepInput, config).catch(async (error: unknown) => {
      if (error instanceof PaidBadModelOutputError) await recordWastedCall(pool, input, callKey, error);
      throw classify(error, input.agent.model);
    });
    const observed = await observeMemoryAction(memory, stepInput, decision.action, callKey);
    const result: AgentStepResult = { ...decision, reused: false, ...memoryStepFields(compaction, observed) };

    const recorded = await recordCall(pool, input, callKey, decision, result);
    crashAt(config, 'crash-after-ledger-write');
    if (!recorded) {
      // A concurrent attempt of this same step won the race; its answer is the one that was paid for.
      const winner = await findStoredCall(pool, callKey);
      if (winner) return { ...winner, reused: true };
    }
    return result;
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
): Promise<boolean> {
  return recordLedgerRow(pool, {
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

interface LookUp {
  stored: AgentStepResult | undefined;
  limitUsd: number | undefined;
  companySpentUsd: number;
  agentSpentUsd: number;
}

/** One round trip: an earlier attempt's stored answer, the ceiling and this month's spending. */
async function lookUp(pool: Pool, input: AgentStepInput, callKey: string): Promise<LookUp> {
  const { rows } = await pool.query<{
    stored: AgentStepResult | null;
    limit_usd: string | null;
    company_spent: string | null;
    agent_spent: string | null;
  }>(
    `SELECT (SELECT response FROM ledger WHERE call_key = $3) AS stored,
            (SELECT monthly_budget_usd FROM companies WHERE id = $1) AS limit_usd,
            (SELECT cost_usd FROM spend_totals
              WHERE company_id = $1 AND agent_id = '' AND month = date_trunc('month', now())::date) AS company_spent,
            (SELECT cost_usd FROM spend_totals
              WHERE company_id = $1 AND agent_id = $2 AND month = date_trunc('month', now())::date) AS agent_spent`,
    [input.companyId, input.agent.id, callKey],
  );
  const row = rows[0];
  return {
    stored: row?.stored ?? undefined,
    limitUsd: row?.limit_usd === null || row?.limit_usd === undefined ? undefined : Number(row.limit_usd),
    companySpentUsd: Number(row?.company_spent ?? 0),
    agentSpentUsd: Number(row?.agent_spent ?? 0),
  };
}

function enforceBudget(input: AgentStepInput, spending: LookUp): void {
  if (spending.limitUsd === undefined) {
    throw ApplicationFailure.nonRetryable(`company ${input.companyId} is not registered`, FailureType.invalidInput);
  }
  if (isOverBudget(spending.companySpentUsd, spending.limitUsd)) {
    throw budgetFailure({ scope: 'company', spentUsd: spending.companySpentUsd, limitUsd: spending.limitUsd });
  }
  if (input.agentBudgetLimitUsd !== undefined && isOverBudget(spending.agentSpentUsd, input.agentBudgetLimitUsd)) {
    throw budgetFailure({ scope: 'agent', spentUsd: spending.agentSpentUsd, limitUsd: input.agentBudgetLimitUsd });
  }
}

function budgetFailure(details: BudgetExceededDetails): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${details.scope} budget exhausted: spent $${details.spentUsd.toFixed(4)} of $${details.limitUsd.toFixed(4)}`,
    type: FailureType.budgetExceeded,
    nonRetryable: true,
    details: [details],
  });
}

async function decide(input: AgentStepInput, config: SynthorgConfig): Promise<Decision> {
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
  const heartbeat = setInterval(() => context.heartbeat(), heartbeatEveryMs);
  try {
    const answer = await callProviderModel(input, model, config, { abortSignal: context.cancellationSignal });
    return {
      action: answer.action,
      model: answer.model,
      offline: false,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costUsd: answer.costUsd,
    };
  } finally {
    clearInterval(heartbeat);
  }
}

/** Permanent model errors become non-retryable failures with a type the workflow can match. */
function classify(error: unknown, model: string): unknown {
  if (error instanceof ApplicationFailure || !isPermanentModelError(error)) return error;
  const type = error instanceof UnknownModelError ? FailureType.unknownModel : FailureType.badModelOutput;
  return ApplicationFailure.nonRetryable(`model ${model}: ${(error as Error).message}`, type);
}

/** A call that returned unusable output was still paid for: the ledger records it under its own key. */
async function recordWastedCall(pool: Pool, input: AgentStepInput, callKey: string, error: PaidBadModelOutputError) {
  await recordLedgerRow(pool, {
    callKey: `${callKey}#unusable`,
    companyId: input.companyId,
    taskId: input.task.id,
    workflowId: input.workflowId,
    agentId: input.agent.id,
    model: error.spend.model,
    offline: false,
    inputTokens: error.spend.inputTokens,
    outputTokens: error.spend.outputTokens,
    costUsd: error.spend.costUsd,
    response: { error: error.message, excerpt: error.excerpt },
  });
}
