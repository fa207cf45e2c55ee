import type { Pool, PoolClient } from 'pg';
import { preparedQuery } from './prepared-query.ts';

/** One paid model call, as the ledger keeps it. */
export interface LedgerRow {
  /** workflow id + step (or another stable key): the row is written once per key. */
  callKey: string;
  companyId: string;
  taskId: string;
  workflowId: string;
  agentId: string;
  model: string;
  offline: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** What the call returned (a stored answer is reused by a retried activity), or why it was unusable. */
  response: unknown;
  /** The reservation this call held (src/db/spend-reservations.ts); the same statement settles it. */
  reservationKey?: string;
  /** How the reservation ends: `settled` for a real call, `expired` when charged in full after a lost attempt. */
  reservationOutcome?: 'settled' | 'expired';
}

/**
 * The current budget month of a company, as a date: months start at midnight in the company's time
 * zone (`timezone` of its template; UTC without one). `companyId` is an SQL expression. The time zone is read from
 * `budget_timezone`, which a trigger keeps equal to the template's (migration 024), so no statement detoasts and
 * reads the whole template for it.
 */
export function companyMonth(companyId: string): string {
  return `date_trunc('month', now() AT TIME ZONE coalesce(
    (SELECT budget_timezone FROM companies WHERE id = ${companyId}), 'UTC'))::date`;
}

const ledgerRowStatement = `WITH inserted AS (
       INSERT INTO ledger (call_key, company_id, task_id, workflow_id, agent_id, model, offline,
                           input_tokens, output_tokens, cost_usd, response)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (call_key) DO NOTHING
       RETURNING company_id, agent_id, cost_usd
     ), totals AS (
       INSERT INTO spend_totals (company_id, agent_id, month, cost_usd, calls)
       SELECT company_id, scope.agent_id, ${companyMonth('inserted.company_id')}, cost_usd, 1
         FROM inserted CROSS JOIN LATERAL (VALUES (''), (inserted.agent_id)) AS scope (agent_id)
       ON CONFLICT (company_id, agent_id, month)
       DO UPDATE SET cost_usd = spend_totals.cost_usd + EXCLUDED.cost_usd, calls = spend_totals.calls + 1
     ), settled AS (
       UPDATE spend_reservations SET settled_at = now(), outcome = $13
        WHERE reservation_key = $12 AND settled_at IS NULL
     )
     SELECT count(*)::int AS inserted FROM inserted`;

/**
 * Writes a ledger row, adds it to the company's and the agent's monthly totals and settles the call's
 * reservation, in one statement (one round trip, atomic). False when the key was already there; the
 * totals are then left alone, so a retried activity never counts a call twice, and the reservation is
 * settled all the same (the money it held was paid by the row already there).
 */
export async function recordLedgerRow(database: Pool | PoolClient, row: LedgerRow): Promise<boolean> {
  // Named (one text for every caller): each agent step sends it, and parsing and planning its three writes on every
  // call was the larger part of what naming the step's two statements saved (docs/faults-and-load-rounds.md,
  // "Fourteenth round").
  const { rows } = await database.query<{ inserted: number }>(
    preparedQuery(ledgerRowStatement, [
      row.callKey,
      row.companyId,
      row.taskId,
      row.workflowId,
      row.agentId,
      row.model,
      row.offline,
      row.inputTokens,
      row.outputTokens,
      row.costUsd,
      JSON.stringify(row.response),
      row.reservationKey ?? null,
      row.reservationOutcome ?? 'settled',
    ]),
  );
  return rows[0]?.inserted === 1;
}
