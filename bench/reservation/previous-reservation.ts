/**
 * The budget reservation as it was before migration 022 (`reserveSpend` of src/db/spend-reservations.ts then):
 * six round trips in a transaction. Kept only to measure the one-statement reservation against it
 * (bench/reservation.ts) and to check that both decide the same (test/money/reservation-function.test.ts).
 */
import type { Pool } from 'pg';
import { costOf } from '../../src/domain/budget.ts';
import { withTransaction } from '../../src/db/pool.ts';
import type { PriceSettings } from '../../src/llm/price-policy.ts';
import {
  admits,
  chargeExpiredReservations,
  ReservationRefusedError,
  type Reservation,
  type ReservationRequest,
} from '../../src/db/spend-reservations.ts';

/** The company's budget month as it was read then: from the template's `timezone`. */
const templateMonth = `date_trunc('month', now() AT TIME ZONE coalesce(
    (SELECT template->>'timezone' FROM companies WHERE id = $1), 'UTC'))::date`;

interface CompanyRow {
  limit_usd: string;
  prices: PriceSettings | null;
  agent_limit: string | null;
}

interface SpendRow {
  agent_id: string;
  spent: string;
  reserved: string;
}

export async function reserveSpendInTransaction(pool: Pool, request: ReservationRequest): Promise<Reservation> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<CompanyRow>(
      `SELECT monthly_budget_usd AS limit_usd, template->'prices' AS prices,
              (SELECT agent->>'budgetLimitUsd' FROM jsonb_array_elements(template->'agents') AS agent
                WHERE agent->>'id' = $2) AS agent_limit
         FROM companies WHERE id = $1 FOR UPDATE`,
      [request.companyId, request.agentId],
    );
    const company = rows[0];
    if (!company) throw new ReservationRefusedError({ kind: 'unknown-company' });
    const price = request.priceOf(company.prices ?? undefined);
    const amountUsd = costOf({ inputTokens: request.promptTokens, outputTokens: request.maxOutputTokens }, price);

    await chargeExpiredReservations(client, request.companyId);
    const spending = await client.query<SpendRow>(
      `SELECT scope.agent_id,
              coalesce((SELECT cost_usd FROM spend_totals
                         WHERE company_id = $1 AND agent_id = scope.agent_id AND month = ${templateMonth}), 0) AS spent,
              coalesce((SELECT sum(amount_usd) FROM spend_reservations
                         WHERE company_id = $1 AND settled_at IS NULL
                           AND (scope.agent_id = '' OR agent_id = scope.agent_id)), 0) AS reserved
         FROM (VALUES (''), ($2)) AS scope (agent_id)`,
      [request.companyId, request.agentId],
    );
    const agentLimit = company.agent_limit !== null ? Number(company.agent_limit) : request.agentLimitUsd;
    for (const row of spending.rows) {
      const scope = row.agent_id === '' ? 'company' : 'agent';
      const limitUsd = scope === 'company' ? Number(company.limit_usd) : agentLimit;
      if (limitUsd === undefined) continue;
      const spentUsd = Number(row.spent);
      const reservedUsd = Number(row.reserved);
      if (!admits({ spentUsd, reservedUsd, amountUsd, limitUsd })) {
        throw new ReservationRefusedError({ kind: 'over-budget', scope, spentUsd, reservedUsd, limitUsd });
      }
    }
    await client.query(
      `INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model,
                                       amount_usd, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + $9 * interval '1 millisecond')
       ON CONFLICT (reservation_key) DO NOTHING`,
      [
        request.reservationKey,
        request.callKey,
        request.companyId,
        request.agentId,
        request.taskId,
        request.workflowId,
        request.model,
        amountUsd,
        request.expiresInMs,
      ],
    );
    return { reservationKey: request.reservationKey, amountUsd, price };
  });
}
