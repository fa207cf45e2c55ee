import type { Pool } from 'pg';

/** Outcomes of companies started from one template package version, from the local ledger. */
export interface TemplateVersionStats {
  name: string;
  version: string;
  companiesStarted: number;
  goalsCompleted: number;
  goalsFailed: number;
  /** Goals not yet ended (running, waiting, parked). */
  goalsOpen: number;
  /** Ledger cost of the ended goals' task trees, divided by their number; null before any goal ended. */
  meanCostPerGoalUsd: number | null;
}

/**
 * Per template package version: companies started from it (their snapshots record the package),
 * their goals (root tasks) by outcome, and the mean ledger cost of an ended goal, counting every
 * model call of the goal's task tree (`t1`, `t1.2`, `t1.2.1` …). Read-only; one round trip.
 */
export async function readTemplateStats(pool: Pool, packageName?: string): Promise<TemplateVersionStats[]> {
  const { rows } = await pool.query<{
    name: string;
    version: string;
    companies: string;
    completed: string;
    failed: string;
    open: string;
    ended_cost: string | null;
  }>(
    `WITH started AS (
       SELECT id, template->'templatePackage'->>'name' AS name, template->'templatePackage'->>'version' AS version
         FROM companies
        WHERE template ? 'templatePackage' AND ($1::text IS NULL OR template->'templatePackage'->>'name' = $1)
     ), goals AS (
       SELECT started.name, started.version, tasks.status,
              (SELECT coalesce(sum(ledger.cost_usd), 0) FROM ledger
                WHERE ledger.company_id = tasks.company_id
                  AND (ledger.task_id = tasks.id OR ledger.task_id LIKE tasks.id || '.%')) AS cost
         FROM started JOIN tasks ON tasks.company_id = started.id AND tasks.parent_id IS NULL
     )
     SELECT started.name, started.version,
            count(DISTINCT started.id) AS companies,
            (SELECT count(*) FROM goals WHERE goals.name = started.name AND goals.version = started.version AND status = 'COMPLETED') AS completed,
            (SELECT count(*) FROM goals WHERE goals.name = started.name AND goals.version = started.version AND status IN ('FAILED', 'CANCELLED')) AS failed,
            (SELECT count(*) FROM goals WHERE goals.name = started.name AND goals.version = started.version AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS open,
            (SELECT avg(cost) FROM goals WHERE goals.name = started.name AND goals.version = started.version AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS ended_cost
       FROM started
      GROUP BY started.name, started.version
      ORDER BY started.name, started.version`,
    [packageName ?? null],
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    companiesStarted: Number(row.companies),
    goalsCompleted: Number(row.completed),
    goalsFailed: Number(row.failed),
    goalsOpen: Number(row.open),
    meanCostPerGoalUsd: row.ended_cost === null ? null : Number(row.ended_cost),
  }));
}
