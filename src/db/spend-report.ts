import type { Pool } from 'pg';
import { companyMonth } from './ledger.ts';
import { settleExpiredReservations } from './spend-reservations.ts';

/** A company's spending as the ledger counts it (model calls of tasks and of memory work). */
export interface SpendReport {
  companyId: string;
  /** First day of the current budget month, in the company's time zone (YYYY-MM-DD). */
  month: string;
  monthToDateUsd: number;
  lifetimeUsd: number;
  /** Held by model calls in flight (reservations not yet settled). */
  reservedUsd: number;
}

/** Month-to-date, lifetime and in-flight spending of a company, in one round trip. */
export async function readSpendReport(pool: Pool, companyId: string): Promise<SpendReport> {
  await settleExpiredReservations(pool, companyId);
  const { rows } = await pool.query<{ month: string; month_usd: string; lifetime_usd: string; reserved_usd: string }>(
    `SELECT to_char(${companyMonth('$1')}, 'YYYY-MM-DD') AS month,
            coalesce((SELECT cost_usd FROM spend_totals
                       WHERE company_id = $1 AND agent_id = '' AND month = ${companyMonth('$1')}), 0) AS month_usd,
            coalesce((SELECT sum(cost_usd) FROM spend_totals WHERE company_id = $1 AND agent_id = ''), 0) AS lifetime_usd,
            coalesce((SELECT sum(amount_usd) FROM spend_reservations
                       WHERE company_id = $1 AND settled_at IS NULL), 0) AS reserved_usd`,
    [companyId],
  );
  const row = rows[0];
  return {
    companyId,
    month: row?.month ?? '',
    monthToDateUsd: Number(row?.month_usd ?? 0),
    lifetimeUsd: Number(row?.lifetime_usd ?? 0),
    reservedUsd: Number(row?.reserved_usd ?? 0),
  };
}
