import type { Pool } from 'pg';
import type { ConsolidationReport } from '../../../workflows/contracts/memory.ts';

/** Opens a consolidation run once per key; the start time of the first attempt is kept. */
export async function startRun(
  pool: Pool,
  runKey: string,
  companyId: string,
): Promise<{ startedAt: string; activeBefore: number }> {
  await pool.query(
    'INSERT INTO memory_consolidation_runs (run_key, company_id) VALUES ($1, $2) ON CONFLICT (run_key) DO NOTHING',
    [runKey, companyId],
  );
  const { rows } = await pool.query<{ started_at: Date; company_id: string }>(
    'SELECT started_at, company_id FROM memory_consolidation_runs WHERE run_key = $1',
    [runKey],
  );
  const row = rows[0];
  if (!row || row.company_id !== companyId) throw new Error(`consolidation run ${runKey} belongs to another company`);
  const { rows: stored } = await pool.query<{ result: { activeBefore: number } }>(
    `SELECT result FROM memory_consolidation_stages WHERE run_key = $1 AND stage = 'start'`,
    [runKey],
  );
  let activeBefore = stored[0]?.result.activeBefore;
  if (activeBefore === undefined) {
    const { rows: counted } = await pool.query<{ count: string }>(
      'SELECT count(*) FROM memories WHERE company_id = $1 AND archived_at IS NULL',
      [companyId],
    );
    activeBefore = Number(counted[0]?.count ?? 0);
    await pool.query(
      `INSERT INTO memory_consolidation_stages (run_key, stage, result) VALUES ($1, 'start', $2) ON CONFLICT DO NOTHING`,
      [runKey, JSON.stringify({ activeBefore })],
    );
  }
  return { startedAt: row.started_at.toISOString(), activeBefore };
}

/** Stores the run's report (the same report the workflow returns). */
export async function finishRun(pool: Pool, report: ConsolidationReport): Promise<void> {
  await pool.query(
    `UPDATE memory_consolidation_runs SET finished_at = $2, report = $3 WHERE run_key = $1 AND company_id = $4`,
    [report.runKey, report.finishedAt, JSON.stringify(report), report.companyId],
  );
}

/** The latest finished reports of a company, newest first. */
export async function listReports(pool: Pool, companyId: string, limit = 10): Promise<ConsolidationReport[]> {
  const { rows } = await pool.query<{ report: ConsolidationReport }>(
    `SELECT report FROM memory_consolidation_runs
      WHERE company_id = $1 AND report IS NOT NULL ORDER BY started_at DESC LIMIT $2`,
    [companyId, limit],
  );
  return rows.map((row) => row.report);
}
