import type { Pool } from 'pg';
import type { Queryable } from './sql.ts';

/**
 * The tables a recall and the graph walk plan over. Their statistics decide whether the vector search
 * uses HNSW, whether the full-text candidates come from the full-text index and how the walk joins
 * (docs/memory-rounds.md, thirteenth round).
 */
export const memoryTables = [
  'memories',
  'memory_entities',
  'memory_mentions',
  'memory_relations',
  'memory_relation_labels',
  'memory_communities',
] as const;

/**
 * autovacuum's defaults: a table is analysed once its changes since the last ANALYZE pass
 * `autovacuum_analyze_threshold` (50) + `autovacuum_analyze_scale_factor` (0.1) × its rows.
 */
export const analyzeThreshold = 50;
export const analyzeScaleFactor = 0.1;

/** One memory table's counters, as `pg_stat_user_tables` and `pg_class` give them. */
export interface TableCounters {
  table: string;
  /** Rows at the last ANALYZE (or VACUUM); -1 when neither ever ran. */
  reltuples: number;
  /** Bytes of the table's main fork: tells a never-analysed table with rows from an empty one. */
  bytes: number;
  modifiedSinceAnalyze: number;
}

/**
 * Whether autovacuum would analyse this table now. A never-analysed table with rows is analysed at once:
 * its counters may have been lost (PostgreSQL drops them after a crash, and a store written by an older
 * version was never analysed at all), and `reltuples = -1` makes the planner take every filter for one row.
 */
export function needsAnalyze(counters: TableCounters): boolean {
  if (counters.reltuples < 0) return counters.bytes > 0;
  return counters.modifiedSinceAnalyze > analyzeThreshold + analyzeScaleFactor * counters.reltuples;
}

/** The counters of the memory tables. */
export async function readCounters(db: Queryable): Promise<TableCounters[]> {
  // The cumulative statistics reach pg_stat_user_tables when a backend flushes its pending counters, at most
  // once a second when idle; forcing the next flush makes this read see the writes just committed.
  await db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await db.query<{ table: string; reltuples: number; bytes: string; modified: string | null }>(
    `SELECT c.relname AS "table", c.reltuples, pg_relation_size(c.oid) AS bytes, s.n_mod_since_analyze AS modified
       FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relname = ANY($1::text[]) AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`,
    [memoryTables],
  );
  return rows.map((row) => ({
    table: row.table,
    reltuples: Number(row.reltuples),
    bytes: Number(row.bytes),
    modifiedSinceAnalyze: Number(row.modified ?? 0),
  }));
}

/**
 * Analyses the memory tables autovacuum would analyse now; returns their names. Only for PGlite: it has no
 * autovacuum launcher (`SHOW autovacuum` says on, nothing runs), so without this every embedded store stays
 * without planner statistics and its vector search never uses HNSW. On PostgreSQL autovacuum already does
 * this, so the caller skips it there ({@link isEmbeddedPostgres}).
 */
export async function analyzeStaleTables(db: Queryable): Promise<string[]> {
  const stale = (await readCounters(db)).filter(needsAnalyze).map((counters) => counters.table);
  // Table names come from memoryTables, never from input.
  if (stale.length > 0) await db.query(`ANALYZE ${stale.join(', ')}`);
  return stale;
}

const embedded = new WeakMap<Pool, Promise<boolean>>();

/** Whether `pool` reaches PGlite (the embedded default) rather than a PostgreSQL server; asked once a pool. */
export function isEmbeddedPostgres(pool: Pool): Promise<boolean> {
  let answer = embedded.get(pool);
  if (answer === undefined) {
    answer = pool
      .query<{ version: string }>('SELECT version()')
      .then(({ rows }) => /PGlite/.test(rows[0]?.version ?? ''));
    embedded.set(pool, answer);
    // A failed probe is asked again next time rather than remembered.
    answer.catch(() => embedded.delete(pool));
  }
  return answer;
}

/** Memories written through a pool since its counters were last read (per process). */
const writtenSince = new WeakMap<Pool, number>();
const running = new WeakMap<Pool, Promise<string[]>>();

/**
 * After `count` memories were written: on PGlite, once autovacuum's base threshold of changes has been written
 * through this pool since the last look, reads the counters and analyses what passed autovacuum's threshold.
 * Reading the counters every write would cost two statements a write; below 50 changes no table can pass. On
 * PostgreSQL it does nothing (autovacuum's autoanalyze). Returns the tables analysed.
 */
export async function keepStatisticsAfterWrite(pool: Pool, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const written = (writtenSince.get(pool) ?? 0) + count;
  if (written < analyzeThreshold) {
    writtenSince.set(pool, written);
    return [];
  }
  writtenSince.set(pool, 0);
  return keepStatistics(pool);
}

/** On PGlite, analyses the stale memory tables now (one run at a time per pool); on PostgreSQL nothing. */
export async function keepStatistics(pool: Pool): Promise<string[]> {
  if (!(await isEmbeddedPostgres(pool))) return [];
  const current = running.get(pool);
  if (current) return current;
  const run = analyzeStaleTables(pool).finally(() => running.delete(pool));
  running.set(pool, run);
  return run;
}
