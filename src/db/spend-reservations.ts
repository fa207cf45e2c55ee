import type { Pool, PoolClient } from 'pg';
import { addUsd, fromMicros, isOverBudget, type ModelPrice } from '../domain/budget.ts';
import { UnpricedModelError, type PriceSettings } from '../llm/price-policy.ts';
import { recordLedgerRow } from './ledger.ts';
import { preparedQuery } from './prepared-query.ts';
import { withTransaction } from './pool.ts';

/** What a step asks to hold before it calls a model. */
export interface ReservationRequest {
  /** Unique per activity attempt (call key + attempt): each attempt may pay the provider once. */
  reservationKey: string;
  /** The ledger key that settles it. */
  callKey: string;
  companyId: string;
  agentId: string;
  taskId: string;
  workflowId: string;
  model: string;
  promptTokens: number;
  maxOutputTokens: number;
  /** The agent's own limit as the task last knew it; the company's saved org chart wins when it has one. */
  agentLimitUsd?: number;
  /** How long the attempt may live (its start-to-close timeout and a grace): then an open reservation expires. */
  expiresInMs: number;
  /**
   * The price of `model`, given the company's configured prices (theirs first, as resolvePrice); throws
   * UnpricedModelError when it has none. Called with `undefined`: the company's setting is applied by
   * the database function, under the lock.
   */
  priceOf: (companyPrices: PriceSettings | undefined) => ModelPrice;
}

export interface Reservation {
  reservationKey: string;
  amountUsd: number;
  price: ModelPrice;
}

export type ReservationRefusal =
  | { kind: 'unknown-company' }
  | { kind: 'over-budget'; scope: 'company' | 'agent'; spentUsd: number; reservedUsd: number; limitUsd: number };

export class ReservationRefusedError extends Error {
  override readonly name = 'ReservationRefusedError';
  readonly refusal: ReservationRefusal;

  constructor(refusal: ReservationRefusal) {
    super(
      refusal.kind === 'unknown-company'
        ? 'the company is not registered'
        : `${refusal.scope} budget exhausted: spent $${refusal.spentUsd.toFixed(4)} and $${refusal.reservedUsd.toFixed(4)} ` +
            `held by calls in flight, of $${refusal.limitUsd.toFixed(4)}`,
    );
    this.refusal = refusal;
  }
}

interface ReserveSpendRow {
  outcome: 'reserved' | 'stored' | 'unknown-company' | 'unpriced' | 'over-budget';
  stored_response: unknown;
  scope: 'company' | 'agent' | null;
  amount_micros: string | null;
  input_per_million: number | null;
  output_per_million: number | null;
  spent_usd: string | null;
  reserved_usd: string | null;
  limit_usd: string | null;
  company_has_memories: boolean;
}

/**
 * A reservation made, or the call's answer already in the ledger (nothing reserved). A reservation also says
 * whether the company had any memory left (not archived) when it was made: a step that then recalls in a company
 * with none knows the recall can find nothing (src/memory/nothing-to-recall.ts), at no extra round trip.
 */
export type ReservationOrStored =
  { kind: 'reserved'; reservation: Reservation; companyHasMemories: boolean } | { kind: 'stored'; response: unknown };

/**
 * Checks the ceiling and holds the step's maximum cost in one round trip: the SQL function
 * `reserve_spend` (migration 022) locks the company's row, charges reservations whose attempts are gone
 * (see {@link chargeExpiredReservations}), checks the company's and the agent's ceilings ({@link admits})
 * and inserts the hold. Concurrent steps queue on the lock, and each one sees what the ones before it
 * hold, so they cannot all pass a ceiling that admits only some of them. Expired reservations charged
 * by a call that is then refused stay charged (their attempts are gone either way).
 */
export async function reserveSpend(pool: Pool, request: ReservationRequest): Promise<Reservation> {
  const outcome = await callReserveSpend(pool, request, false);
  if (outcome.kind === 'stored') throw new Error('reserve_spend returned a stored answer it was not asked for');
  return outcome.reservation;
}

/**
 * {@link reserveSpend}, unless the ledger already has `callKey` (a retried step whose answer was
 * recorded): then its stored response, and nothing is reserved or refused. The same round trip.
 */
export function reserveSpendUnlessStored(pool: Pool, request: ReservationRequest): Promise<ReservationOrStored> {
  return callReserveSpend(pool, request, true);
}

const reserveSpendStatement = `SELECT r.*, EXISTS (SELECT 1 FROM memories m WHERE m.company_id = $3 AND m.archived_at IS NULL)
              AS company_has_memories
       FROM reserve_spend($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) r`;

async function callReserveSpend(
  pool: Pool,
  request: ReservationRequest,
  reuseStored: boolean,
): Promise<ReservationOrStored> {
  // The price without the company's own setting (environment, built-in table); the function applies
  // the company template's setting first, as resolvePrice does.
  let fallback: ModelPrice | undefined;
  let unpriced: UnpricedModelError | undefined;
  try {
    fallback = request.priceOf(undefined);
  } catch (error) {
    if (!(error instanceof UnpricedModelError)) throw error;
    unpriced = error;
  }
  // The memory probe rides along (an index probe of memories_visible): it saves the step's recall three
  // statements when the company has nothing to recall (docs/faults-and-load-rounds.md, eleventh round).
  // Named: every step sends it. With the ledger row's statement named too, PostgreSQL's CPU per step fell by about
  // half (docs/faults-and-load-rounds.md, "Fourteenth round"); the function's own statements PL/pgSQL caches anyway.
  const { rows } = await pool.query<ReserveSpendRow>(
    preparedQuery(reserveSpendStatement, [
      request.reservationKey,
      request.callKey,
      request.companyId,
      request.agentId,
      request.taskId,
      request.workflowId,
      request.model,
      request.promptTokens,
      request.maxOutputTokens,
      request.agentLimitUsd ?? null,
      request.expiresInMs,
      fallback?.inputPerMillion ?? null,
      fallback?.outputPerMillion ?? null,
      reuseStored,
    ]),
  );
  const row = rows[0];
  if (row?.outcome === 'stored') return { kind: 'stored', response: row.stored_response };
  if (!row || row.outcome === 'unknown-company') throw new ReservationRefusedError({ kind: 'unknown-company' });
  if (row.outcome === 'unpriced') throw unpriced ?? new UnpricedModelError(request.model);
  if (row.outcome === 'over-budget') {
    throw new ReservationRefusedError({
      kind: 'over-budget',
      scope: row.scope === 'agent' ? 'agent' : 'company',
      spentUsd: Number(row.spent_usd),
      reservedUsd: Number(row.reserved_usd),
      limitUsd: Number(row.limit_usd),
    });
  }
  return {
    kind: 'reserved',
    reservation: {
      reservationKey: request.reservationKey,
      amountUsd: fromMicros(Number(row.amount_micros)),
      price: { inputPerMillion: Number(row.input_per_million), outputPerMillion: Number(row.output_per_million) },
    },
    companyHasMemories: row.company_has_memories,
  };
}

/**
 * The hard ceiling with money in flight: nothing starts once spending has reached the limit, and a
 * call starts only when its maximum fits beside what is spent and held.
 */
export function admits(spending: {
  spentUsd: number;
  reservedUsd: number;
  amountUsd: number;
  limitUsd: number;
}): boolean {
  const { spentUsd, reservedUsd, amountUsd, limitUsd } = spending;
  if (isOverBudget(spentUsd, limitUsd)) return false;
  return addUsd(spentUsd, reservedUsd, amountUsd) <= addUsd(limitUsd);
}

/** Ends a reservation whose call billed nothing (refused before or by the provider). Idempotent. */
export async function releaseReservation(pool: Pool, reservationKey: string): Promise<void> {
  await pool.query(
    `UPDATE spend_reservations SET settled_at = now(), outcome = 'released'
      WHERE reservation_key = $1 AND settled_at IS NULL`,
    [reservationKey],
  );
}

interface ExpiredRow {
  reservation_key: string;
  call_key: string;
  company_id: string;
  agent_id: string;
  task_id: string;
  workflow_id: string;
  model: string;
  amount_usd: string;
}

/**
 * A reservation still open after its attempt's time ran out belongs to an attempt that was lost
 * (worker crash, timeout) possibly after the provider answered and billed. Its full amount goes into
 * the ledger (an upper bound of what was billed, marked as such), so no paid call is missing from the
 * totals. Keyed by the reservation: charging twice is impossible.
 */
export async function chargeExpiredReservations(client: PoolClient, companyId: string): Promise<number> {
  const { rows } = await client.query<ExpiredRow>(
    `SELECT reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model, amount_usd
       FROM spend_reservations
      WHERE company_id = $1 AND settled_at IS NULL AND expires_at < now()`,
    [companyId],
  );
  for (const row of rows) {
    await recordLedgerRow(client, {
      callKey: `${row.reservation_key}#lost`,
      companyId: row.company_id,
      taskId: row.task_id,
      workflowId: row.workflow_id,
      agentId: row.agent_id,
      model: row.model,
      offline: row.model === 'offline',
      inputTokens: 0,
      outputTokens: 0,
      costUsd: Number(row.amount_usd),
      response: {
        lostAttempt: true,
        note: 'the attempt holding this reservation was lost after it may have called the provider; charged its maximum',
        callKey: row.call_key,
      },
      reservationKey: row.reservation_key,
      reservationOutcome: 'expired',
    });
  }
  return rows.length;
}

/**
 * Charges a company's expired reservations outside a step (status reads, consolidation), so a lost
 * attempt's money is counted even when no further step of the company comes. Idempotent.
 */
export async function settleExpiredReservations(pool: Pool, companyId: string): Promise<number> {
  return withTransaction(pool, async (client) => {
    // The same lock a reservation takes: a concurrent step never sees half of a settlement.
    await client.query('SELECT 1 FROM companies WHERE id = $1 FOR UPDATE', [companyId]);
    return chargeExpiredReservations(client, companyId);
  });
}
