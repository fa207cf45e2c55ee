import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Pool } from 'pg';
import { pgliteSocketServer } from '../../../src/db/embedded-postgres.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { createPool } from '../../../src/db/pool.ts';
import { startRealPostgres } from '../../../src/db/real-postgres.ts';

/** A migrated database for memory tests and benchmarks, named by what backs it. */
export interface MemoryTestDatabase {
  pool: Pool;
  url: string;
  kind: 'pglite-pgvector' | 'pglite' | 'postgres';
  stop(): Promise<void>;
}

/**
 * In-memory PGlite on a local socket, with or without pgvector loaded. Without it the migration
 * takes the bytea fallback, as on a PostgreSQL server that has no pgvector.
 */
export async function startPgliteDatabase(options: {
  vector: boolean;
  poolSize?: number;
  /** A data folder kept between runs (benchmarks reuse a loaded store); in memory when unset. */
  dataDir?: string;
  /** PGlite's page cache (`shared_buffers`), as src/db/embedded-postgres.ts starts it; PGlite's 128 MB when unset. */
  sharedBuffers?: string;
}): Promise<MemoryTestDatabase> {
  const db = await PGlite.create(options.dataDir ?? 'memory://', {
    ...(options.vector ? { extensions: { vector } } : {}),
    ...(options.sharedBuffers === undefined
      ? {}
      : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] }),
  });
  const server = pgliteSocketServer(db, { port: 0, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
  const pool = createPool(url, { max: options.poolSize ?? 4 });
  await migrate(pool);
  return {
    pool,
    url,
    kind: options.vector ? 'pglite-pgvector' : 'pglite',
    stop: async () => {
      await pool.end();
      await server.stop();
      await new Promise((resolve) => setImmediate(resolve));
      await db.close();
    },
  };
}

/** A throwaway real PostgreSQL (Debian's has no pgvector: the fallback path); undefined without server binaries. */
export async function startPostgresDatabase(
  options: { poolSize?: number } = {},
): Promise<MemoryTestDatabase | undefined> {
  const server = await startRealPostgres();
  if (!server) return undefined;
  const pool = createPool(server.url, { max: options.poolSize ?? 8 });
  await migrate(pool);
  return {
    pool,
    url: server.url,
    kind: 'postgres',
    stop: async () => {
      await pool.end();
      await server.stop();
    },
  };
}
