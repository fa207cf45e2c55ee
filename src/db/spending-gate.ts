import type { Pool } from 'pg';
import { companyMonth } from './ledger.ts';
import { settleExpiredReservations } from './spend-reservations.ts';

/**
 * Why a company may not spend on background work now (paused, or at its monthly ceiling counting
 * calls in flight), or undefined when it may. Memory consolidation asks before its model-calling stages.
 */
export async function spendingBlockedReason(pool: Pool, companyId: string): Promise<string | undefined> {
  await settleExpiredReservations(pool, companyId);
  const { rows } = await pool.query<{ status: string; limit_usd: string; spent: string; reserved: string }>(
    `SELECT status, monthly_budget_usd AS limit_usd,
            coalesce((SELECT cost_usd FROM spend_totals
                       WHERE company_id = $1 AND agent_id = '' AND month = ${companyMonth('$1')}), 0) AS spent,
            coalesce((SELECT sum(amount_usd) FROM spend_reservations
                       WHERE company_id = $1 AND settled_at IS NULL), 0) AS reserved
       FROM companies WHERE id = $1`,
    [companyId],
  );
  const row = rows[0];
  if (!row) return `company ${companyId} is not registered`;
  if (row.status !== 'RUNNING') return `company is ${row.status.toLowerCase()}`;
  const committed = Number(row.spent) + Number(row.reserved);
  if (committed >= Number(row.limit_usd)) {
    return `company is at its monthly ceiling ($${committed.toFixed(4)} of $${Number(row.limit_usd).toFixed(4)})`;
  }
  return undefined;
}
