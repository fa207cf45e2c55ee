import { proxyActivities } from '@temporalio/workflow';
import type { createTemplateStatsActivities } from '../activities/template-stats.ts';
import type { TemplateVersionStats } from '../src/db/template-stats.ts';

const { readTemplatePackageStats } = proxyActivities<ReturnType<typeof createTemplateStatsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 3 },
});

/** Outcomes per template package version from the ledger: one read-only activity. */
export async function templateStatsWorkflow(input: { packageName?: string }): Promise<TemplateVersionStats[]> {
  return readTemplatePackageStats(input);
}
