import { proxyActivities } from '@temporalio/workflow';
import type { createSpendingActivities } from '../activities/spending.ts';
import type { SpendReport } from '../src/db/spend-report.ts';

const { readSpending } = proxyActivities<ReturnType<typeof createSpendingActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 3 },
});

/** A company's month-to-date and lifetime spending from the ledger: one read-only activity. */
export async function spendReportWorkflow(input: { companyId: string }): Promise<SpendReport> {
  return readSpending(input);
}
