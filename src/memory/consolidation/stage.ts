import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../sql.ts';

/**
 * Runs one consolidation stage at most once per run: its writes and its stored result commit in one
 * transaction, so a retried activity gets the stored result and changes nothing again. A
 * per-company lock keeps two overlapping runs (a manual one beside the schedule's) from interleaving.
 */
export async function runStage<Result>(
  pool: Pool,
  target: { runKey: string; companyId: string; stage: string },
  apply: (client: PoolClient) => Promise<Result>,
): Promise<Result> {
  const stored = await storedResult<Result>(pool, target);
  if (stored !== undefined) return stored;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `synthorg:memory-consolidation:${target.companyId}`,
    ]);
    const again = await storedResult<Result>(client, target);
    if (again !== undefined) return again;
    const result = await apply(client);
    await client.query('INSERT INTO memory_consolidation_stages (run_key, stage, result) VALUES ($1, $2, $3)', [
      target.runKey,
      target.stage,
      JSON.stringify(result),
    ]);
    return result;
  });
}

async function storedResult<Result>(
  db: Pool | PoolClient,
  target: { runKey: string; stage: string },
): Promise<Result | undefined> {
  const { rows } = await db.query<{ result: Result }>(
    'SELECT result FROM memory_consolidation_stages WHERE run_key = $1 AND stage = $2',
    [target.runKey, target.stage],
  );
  return rows[0]?.result;
}
