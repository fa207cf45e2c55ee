import type { Pool } from 'pg';
import { readSpendReport, type SpendReport } from '../src/db/spend-report.ts';

export interface SpendingDependencies {
  pool: Pool;
}

/** Read-only spending reports for `company status` (the CLI reaches the database only through Temporal). */
export function createSpendingActivities({ pool }: SpendingDependencies) {
  async function readSpending(input: { companyId: string }): Promise<SpendReport> {
    return readSpendReport(pool, input.companyId);
  }
  return { readSpending };
}
