import type { Pool } from 'pg';

/** Outcomes of one template package version, from the local ledger. */
export interface TemplateVersionStats {
  name: string;
  version: string;
  /** Companies started from this version (a company upgraded to it counts where it started). */
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
 * the goals (root tasks) that ran on it by outcome, and the mean ledger cost of an ended goal,
 * counting every model call of the goal's task tree (`t1`, `t1.2`, `t1.2.1` …). A goal runs on the
 * version its configuration version moved the company to (`template upgrade <company>`), else on
 * the one the company started from. Read-only; one round trip.
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
       SELECT coalesce(configured.configuration->'template'->'package'->>'name', started.name) AS name,
              coalesce(configured.configuration->'template'->'package'->>'version', started.version) AS version,
              tasks.status,
              (SELECT coalesce(sum(ledger.cost_usd), 0) FROM ledger
                WHERE ledger.company_id = tasks.company_id
                  AND (ledger.task_id = tasks.id OR ledger.task_id LIKE tasks.id || '.%')) AS cost
         FROM started JOIN tasks ON tasks.company_id = started.id AND tasks.parent_id IS NULL
         LEFT JOIN config_versions configured
           ON configured.company_id = tasks.company_id AND configured.version = tasks.config_version
     ), versions AS (
       SELECT name, version FROM started UNION SELECT name, version FROM goals
     )
     SELECT versions.name, versions.version,
            (SELECT count(*) FROM started WHERE started.name = versions.name AND started.version = versions.version) AS companies,
            (SELECT count(*) FROM goals WHERE goals.name = versions.name AND goals.version = versions.version AND status = 'COMPLETED') AS completed,
            (SELECT count(*) FROM goals WHERE goals.name = versions.name AND goals.version = versions.version AND status IN ('FAILED', 'CANCELLED')) AS failed,
            (SELECT count(*) FROM goals WHERE goals.name = versions.name AND goals.version = versions.version AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS open,
            (SELECT avg(cost) FROM goals WHERE goals.name = versions.name AND goals.version = versions.version AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS ended_cost
       FROM versions
      ORDER BY versions.name, versions.version`,
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
