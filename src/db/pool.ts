import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';

export type Pool = pg.Pool;

export interface CreatePoolOptions extends Omit<PoolConfig, 'connectionString'> {
  /** Errors of idle clients (server restarted, connection dropped); by default they are ignored. */
  onIdleClientError?: (error: Error) => void;
}

/** A pg pool for `url` (any PostgreSQL, or the embedded PGlite server). */
export function createPool(url: string, options: CreatePoolOptions = {}): pg.Pool {
  const { onIdleClientError, ...config } = options;
  const pool = new pg.Pool({ max: 10, ...config, connectionString: url });
  // Without a listener an idle client's error kills the process. The pool already drops that client,
  // and a server that is really gone shows up as an error on the next query, where a caller can act.
  pool.on('error', onIdleClientError ?? (() => {}));
  return pool;
}

/** Runs `work` inside BEGIN/COMMIT on one client, rolling back (and rethrowing) when it throws. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A client that cannot roll back must not go back into the pool with an open transaction.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
