import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Pool } from 'pg';
import { pgliteSocketServer } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';

/** A kept store (bench/memory-load.ts) opened in this process, migrated. */
export interface KeptStore {
  pool: Pool;
  /** The page cache it runs with, as PostgreSQL shows it. */
  sharedBuffers: string;
  stop(): Promise<void>;
}

/**
 * Opens a kept PGlite + pgvector store on a local socket, with PGlite's page cache (`shared_buffers`)
 * set as a start parameter the way src/db/embedded-postgres.ts sets it; PGlite's default (128 MB) when
 * `sharedBuffers` is unset.
 */
export async function openKeptStore(directory: string, options: { sharedBuffers?: string; poolSize?: number } = {}) {
  const db = await PGlite.create({
    dataDir: directory,
    extensions: { vector },
    ...(options.sharedBuffers === undefined
      ? {}
      : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] }),
  });
  const server = pgliteSocketServer(db, { port: 0, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  const pool = createPool(`postgresql://postgres:postgres@${server.getServerConn()}/postgres`, {
    max: options.poolSize ?? 4,
  });
  await migrate(pool);
  const shown = await pool.query<{ shared_buffers: string }>('SHOW shared_buffers');
  const store: KeptStore = {
    pool,
    sharedBuffers: shown.rows[0]?.shared_buffers ?? '?',
    stop: async () => {
      await pool.end();
      await server.stop();
      await new Promise((resolve) => setImmediate(resolve));
      await db.close();
    },
  };
  return store;
}
