import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A query sent as a named prepared statement (named by its text, so one name always means one text):
 * each connection parses it once and PostgreSQL keeps its plan. After five executions PostgreSQL
 * compares the generic plan's estimated cost with the custom plans' and keeps the generic one where it
 * is no dearer, so a statement run on every recall stops paying for its planning (a graph step ~1.4 ms
 * of CPU on the embedded PGlite, docs/memory-rounds.md "Tenth round").
 *
 * For statements of a fixed shape run often. A statement whose rows depend on its plan (a `LIMIT`
 * without `ORDER BY`) returns what the generic plan reads: the same index scans here, checked row by row
 * (bench/memory-generic-plans.ts). On the embedded PGlite the statements are per client connection like
 * on PostgreSQL (src/db/pglite-statement-names.ts); behind a pooler in transaction mode they need its
 * prepared-statement support.
 */
export function preparedQuery(text: string, values: unknown[]): QueryConfig {
  return { name: `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text, values };
}
