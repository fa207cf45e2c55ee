import type { Pool } from 'pg';
import { memoryTables } from '../../../src/memory/store-statistics.ts';

/**
 * Puts the memory tables back in the never-analysed state (no `pg_statistic` rows, `reltuples = -1`): what a
 * PGlite store written before the product kept statistics looks like, and any store between its writes and
 * its first ANALYZE. The product's writes now analyse (src/memory/store-statistics.ts); tests of the
 * never-analysed plans undo that here.
 */
export async function forgetStatistics(pool: Pool): Promise<void> {
  await pool.query(
    `DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relname = ANY($1::text[]))`,
    [memoryTables],
  );
  await pool.query(`UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE relname = ANY($1::text[])`, [memoryTables]);
}
