import { ApplicationFailure, Context } from '@temporalio/activity';
import { wasNotBilled } from '../src/llm/billing.ts';
import type { Pool } from 'pg';
import type { SynthorgConfig } from '../src/config/env.ts';
import type { AgentStepInput, BudgetExceededDetails } from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import type { ModelPrice } from '../src/domain/budget.ts';
import { costOf, type TokenUsage } from '../src/domain/budget.ts';
import type { Reservation, ReservationOrStored, ReservationRequest } from '../src/db/spend-reservations.ts';
import {
  releaseReservation,
  ReservationRefusedError,
  reserveSpend,
  reserveSpendUnlessStored,
} from '../src/db/spend-reservations.ts';
import { resolveModelName } from '../src/llm/model-names.ts';
import { recordLedgerRow } from '../src/db/ledger.ts';
import { resolvePrice, UnpricedModelError } from '../src/llm/price-policy.ts';
import { buildPrompt } from '../src/llm/prompt.ts';

/** Output tokens a step may use when its input names no limit. */
export const defaultMaxOutputTokens = 2048;
/** After its start-to-close timeout an attempt is gone; the grace covers clocks and a slow ledger write. */
const reservationGraceMs = 60_000;
const fallbackStartToCloseMs = 5 * 60_000;

/**
 * Prompt tokens of a step, estimated high (three characters a token; English runs nearer four) so
 * that the reservation covers what the provider will bill.
 */
export function estimateStepPromptTokens(input: AgentStepInput): number {
  const { system, prompt } = buildPrompt(input);
  return Math.ceil((system.length + prompt.length) / 3);
}

/** The model a step will call and what it is charged at; refuses paid models with no known price. */
export function stepModel(input: AgentStepInput, config: SynthorgConfig): string {
  return resolveModelName(input.agent.model, config);
}

/**
 * Reserves the step's maximum cost against the company's (and agent's) monthly ceiling, or fails the
 * step non-retryably: over budget (the task parks), unknown company, unpriced model.
 */
export async function reserveStep(
  pool: Pool,
  config: SynthorgConfig,
  input: AgentStepInput,
  callKey: string,
  repair?: { extraPromptTokens: number },
): Promise<Reservation> {
  try {
    return await reserveSpend(pool, stepReservation(config, input, callKey, repair));
  } catch (error) {
    throw spendingFailure(error, input);
  }
}

/**
 * {@link reserveStep} for the step's first call, unless the ledger already has its answer (a retry
 * after the answer was recorded): then that answer, with nothing reserved or refused. One round trip
 * does both, the lookup and the reservation.
 */
export async function reserveStepUnlessStored(
  pool: Pool,
  config: SynthorgConfig,
  input: AgentStepInput,
  callKey: string,
): Promise<ReservationOrStored> {
  try {
    return await reserveSpendUnlessStored(pool, stepReservation(config, input, callKey));
  } catch (error) {
    throw spendingFailure(error, input);
  }
}

function stepReservation(
  config: SynthorgConfig,
  input: AgentStepInput,
  callKey: string,
  repair?: { extraPromptTokens: number },
): ReservationRequest {
  const model = stepModel(input, config);
  const info = currentInfo();
  return {
    // The repair request of an attempt holds its own reservation: the first call's was settled by its row.
    reservationKey: `${callKey}#attempt-${info?.attempt ?? 1}${repair ? '#repair' : ''}`,
    callKey,
    companyId: input.companyId,
    agentId: input.agent.id,
    taskId: input.task.id,
    workflowId: input.workflowId,
    model,
    promptTokens: estimateStepPromptTokens(input) + (repair?.extraPromptTokens ?? 0),
    maxOutputTokens: input.maxOutputTokens ?? defaultMaxOutputTokens,
    ...(input.agentBudgetLimitUsd !== undefined ? { agentLimitUsd: input.agentBudgetLimitUsd } : {}),
    expiresInMs: (info?.startToCloseTimeoutMs ?? fallbackStartToCloseMs) + reservationGraceMs,
    priceOf: (companyPrices) => resolvePrice(model, companyPrices, config.modelPrices),
  };
}

/** Budget and price refusals as the non-retryable failures the task workflow matches on. */
export function spendingFailure(error: unknown, input: AgentStepInput): unknown {
  if (error instanceof UnpricedModelError) {
    return ApplicationFailure.nonRetryable(error.message, FailureType.unpricedModel);
  }
  if (!(error instanceof ReservationRefusedError)) return error;
  if (error.refusal.kind === 'unknown-company') {
    return ApplicationFailure.nonRetryable(`company ${input.companyId} is not registered`, FailureType.invalidInput);
  }
  const { scope, spentUsd, reservedUsd, limitUsd } = error.refusal;
  const details: BudgetExceededDetails = { scope, spentUsd, limitUsd };
  return ApplicationFailure.create({
    message:
      reservedUsd > 0
        ? `${scope} budget exhausted: spent $${spentUsd.toFixed(4)}, $${reservedUsd.toFixed(4)} held by calls in flight, of $${limitUsd.toFixed(4)}`
        : `${scope} budget exhausted: spent $${spentUsd.toFixed(4)} of $${limitUsd.toFixed(4)}`,
    type: FailureType.budgetExceeded,
    nonRetryable: true,
    details: [details],
  });
}

/** A call's cost at the price its reservation was made with (the company's configured price wins). */
export function costAt(usage: TokenUsage, reservation: Reservation): number {
  return costOf(usage, reservation.price as ModelPrice);
}

/**
 * After a failed step: a reservation whose call cannot have been billed is released; one whose call
 * may have been billed (aborted, cut off after the request went out) stays open, and is charged in
 * full when it expires, because the provider's usage report was lost with the answer.
 */
export async function afterFailedStep(
  pool: Pool,
  reservation: Reservation,
  error: unknown,
  providerCalled: boolean,
): Promise<void> {
  if (!providerCalled || wasNotBilled(error)) await releaseReservation(pool, reservation.reservationKey);
}

/** A model call's usage and real cost. */
export interface AnsweredCall {
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * The model answered (and billed) but the step failed after it, before the answer's ledger row was
 * written: a memory call of the step refused at the ceiling, a failed memory write. The call is
 * recorded at its real cost under `<callKey>#unfinished` (per attempt, as a retry calls the model
 * again), which settles the step's hold; the rest of the hold goes back to the budget at once instead
 * of being charged in full when it expires. The answer is not stored for reuse: the step did not finish.
 */
export async function recordUnfinishedCall(
  pool: Pool,
  input: AgentStepInput,
  callKey: string,
  call: AnsweredCall,
  reservation: Reservation,
  error: unknown,
): Promise<void> {
  const attempt = attemptNumber();
  const row = {
    reservationKey: reservation.reservationKey,
    callKey: `${callKey}#unfinished${attempt > 1 ? `#attempt-${attempt}` : ''}`,
    companyId: input.companyId,
    taskId: input.task.id,
    workflowId: input.workflowId,
    agentId: input.agent.id,
    model: call.model,
    offline: call.offline,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costUsd: call.costUsd,
    response: {
      error: `the step failed after the model answered: ${error instanceof Error ? error.message : String(error)}`,
    },
  };
  try {
    await recordLedgerRow(pool, row);
  } catch {
    // The step's own failure is what the caller must see. Unwritten, the hold stays open and is
    // charged in full when it expires: too much, never nothing.
  }
}

/** This activity attempt's number (1 outside an activity). */
export function attemptNumber(): number {
  return currentInfo()?.attempt ?? 1;
}

function currentInfo(): { attempt: number; startToCloseTimeoutMs: number | undefined } | undefined {
  try {
    const { info } = Context.current();
    return { attempt: info.attempt, startToCloseTimeoutMs: info.startToCloseTimeoutMs };
  } catch {
    return undefined;
  }
}
