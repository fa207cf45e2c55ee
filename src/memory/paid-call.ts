import type { Pool } from 'pg';
import { costOf } from '../domain/budget.ts';
import { recordLedgerRow } from '../db/ledger.ts';
import { releaseReservation, reserveSpend } from '../db/spend-reservations.ts';
import { wasNotBilled } from '../llm/billing.ts';
import { resolvePrice, type PriceSettings } from '../llm/price-policy.ts';
import { activityAttempt } from '../temporal/activity-attempt.ts';
import type { LanguageSpend } from './language.ts';

/** One model call of the memory subsystem (summary, graph extraction, embedding) and who pays for it. */
export interface PaidMemoryCall {
  /** Ledger key: the call is recorded once per key. */
  callKey: string;
  companyId: string;
  workflowId: string;
  /** Defaults to `memory` (maintenance work that belongs to no task). */
  taskId?: string;
  /** Defaults to `memory`; an agent's own limit applies when the call is made for an agent. */
  agentId?: string;
  purpose: string;
  model: string;
  /** The prompt's tokens, estimated high, and the most the call may produce: the reservation holds both. */
  promptTokens: number;
  maxOutputTokens: number;
  /** Configured prices (SYNTHORG_MODEL_PRICES); the company's template prices come from its row. */
  prices?: PriceSettings;
}

/** Prompt tokens of a text, estimated high (three characters a token), as agent steps estimate them. */
export function promptTokensOf(texts: readonly string[]): number {
  return Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 3);
}

/**
 * Runs a memory model call on the same reservation path as an agent step (src/db/spend-reservations.ts):
 * the ceiling check and a hold of the call's maximum cost in one statement before the call, the
 * ledger row that settles it after. A refusal throws ReservationRefusedError before anything is spent.
 * A call that failed without being billed releases its hold; one that may have been billed keeps it,
 * and it is charged in full when it expires, so no paid call goes unrecorded.
 */
export async function withMemorySpend<T extends { spend: LanguageSpend }>(
  pool: Pool,
  call: PaidMemoryCall,
  run: () => Promise<T>,
): Promise<T> {
  const { attempt, reservationLifetimeMs } = activityAttempt();
  const taskId = call.taskId ?? 'memory';
  const agentId = call.agentId ?? 'memory';
  const reservation = await reserveSpend(pool, {
    reservationKey: `${call.callKey}#attempt-${attempt}`,
    callKey: call.callKey,
    companyId: call.companyId,
    agentId,
    taskId,
    workflowId: call.workflowId,
    model: call.model,
    promptTokens: call.promptTokens,
    maxOutputTokens: call.maxOutputTokens,
    expiresInMs: reservationLifetimeMs,
    priceOf: (companyPrices) => resolvePrice(call.model, companyPrices, call.prices),
  });
  let result: T;
  try {
    result = await run();
  } catch (error) {
    if (wasNotBilled(error)) await releaseReservation(pool, reservation.reservationKey);
    throw error;
  }
  const { spend } = result;
  await recordLedgerRow(pool, {
    reservationKey: reservation.reservationKey,
    // A retried attempt has no stored result to reuse and called the model again: a row of its own.
    callKey: attempt > 1 ? `${call.callKey}#attempt-${attempt}` : call.callKey,
    companyId: call.companyId,
    taskId,
    workflowId: call.workflowId,
    agentId,
    model: spend.model,
    offline: spend.offline,
    inputTokens: spend.inputTokens,
    outputTokens: spend.outputTokens,
    // The company's configured price wins, as for agent steps; offline calls keep their simulated cost.
    costUsd: spend.offline ? spend.costUsd : costOf(spend, reservation.price),
    response: { purpose: call.purpose },
  });
  return result;
}
