import type { Pool } from 'pg';
import { readTemplateStats, type TemplateVersionStats } from '../src/db/template-stats.ts';

/** Read-only outcomes per template package version for `template stats` (the CLI reaches the database only through Temporal). */
export function createTemplateStatsActivities({ pool }: { pool: Pool }) {
  async function readTemplatePackageStats(input: { packageName?: string }): Promise<TemplateVersionStats[]> {
    return readTemplateStats(pool, input.packageName);
  }
  return { readTemplatePackageStats };
}
