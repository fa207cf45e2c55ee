import type { Pool, PoolClient } from 'pg';
import type { Viewer } from './types.ts';

export type Queryable = Pool | PoolClient;

/** Positional parameters for a query built from fragments: `add` returns the placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The rows a viewer may read. Company isolation is not here: every memory query also filters on
 * `company_id`, so no viewer ever crosses companies.
 */
export function visibleTo(viewer: Viewer, params: SqlParams, alias = 'm'): string {
  if (viewer.kind === 'operator') return 'TRUE';
  return `(${alias}.scope = 'company'
      OR (${alias}.scope = 'department' AND ${alias}.owner_id = ${params.add(viewer.department)})
      OR (${alias}.scope = 'agent' AND ${alias}.owner_id = ${params.add(viewer.agentId)}))`;
}

/** Runs `work` in a transaction on one pooled connection; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A SQL string literal, for the few places a value must be constant at plan time (partial index predicates). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
