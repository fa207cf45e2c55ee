import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';

export type Pool = pg.Pool;

export interface CreatePoolOptions extends Omit<PoolConfig, 'connectionString' | 'Client'> {
  /** Errors of idle clients (server restarted, connection dropped); by default they are ignored. */
  onIdleClientError?: (error: Error) => void;
  /**
   * `false` sends named statements (src/db/prepared-query.ts) unnamed, parsed and planned on every call: for a
   * pooler in transaction mode without prepared-statement support, where a statement prepared on one server
   * connection is missing on the next (SYNTHORG_DATABASE_PREPARED_STATEMENTS=false). Default true.
   */
  preparedStatements?: boolean;
}

/** A pg pool for `url` (any PostgreSQL, or the embedded PGlite server). */
export function createPool(url: string, options: CreatePoolOptions = {}): pg.Pool {
  const { onIdleClientError, preparedStatements = true, ...config } = options;
  const pool = new pg.Pool({
    max: 10,
    ...config,
    connectionString: url,
    ...(preparedStatements ? {} : { Client: UnnamedStatementsClient }),
  });
  // Without a listener an idle client's error kills the process. The pool already drops that client,
  // and a server that is really gone shows up as an error on the next query, where a caller can act.
  pool.on('error', onIdleClientError ?? (() => {}));
  return pool;
}

/**
 * Runs `work` inside BEGIN/COMMIT on one client, rolling back (and rethrowing) when it throws. `begin` is the
 * statement that opens it: `snapshotRead` for reads that must all see one committed state.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
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

/** A query's config without its statement name; a submittable (a cursor) or a text as it is. */
function withoutName(config: unknown): unknown {
  if (typeof config !== 'object' || config === null || !('name' in config)) return config;
  if ('submit' in config && typeof config.submit === 'function') return config;
  const { name: _name, ...unnamed } = config;
  return unnamed;
}

/** A client that sends every statement unnamed (CreatePoolOptions.preparedStatements false). */
class UnnamedStatementsClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((config: unknown, ...rest: unknown[]) => query(withoutName(config), ...rest)) as pg.Client['query'];
  }
}

/**
 * Opens a transaction whose statements all see the state committed when its first one ran: reads
 * that decide together (a proposal's signals and the guards that let it through) cannot straddle a commit.
 */
export const snapshotRead = 'BEGIN ISOLATION LEVEL REPEATABLE READ';
