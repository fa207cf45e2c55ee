import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { dirname, join } from 'node:path';
import type { Pool } from 'pg';
import { pgliteSocketServer } from '../../../src/db/embedded-postgres.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { createPool } from '../../../src/db/pool.ts';
import { startRealPostgres } from '../../../src/db/real-postgres.ts';
import { databaseTemplateFileVariable } from '../../helpers/database.ts';
import { readOrBuildRunFile } from '../../helpers/run-file.ts';

/** A migrated database for memory tests and benchmarks, named by what backs it. */
export interface MemoryTestDatabase {
  pool: Pool;
  url: string;
  kind: 'pglite-pgvector' | 'pglite' | 'postgres';
  stop(): Promise<void>;
}

/** PGlite with or without pgvector, serving on a free local socket until stopped. */
async function servePglite(options: {
  vector: boolean;
  poolSize?: number;
  dataDir?: string;
  sharedBuffers?: string;
  loadDataDir?: Blob;
}): Promise<MemoryTestDatabase & { dump(): Promise<Blob> }> {
  const db = await PGlite.create(options.dataDir ?? 'memory://', {
    ...(options.vector ? { extensions: { vector } } : {}),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
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
    dump: () => db.dumpDataDir('none'),
  };
}

const templates = new Map<boolean, Promise<Blob | undefined>>();

/**
 * The test run's migrated copy of an empty memory database of this kind (as test/helpers/database.ts keeps one
 * for the stack's databases): PGlite's initdb costs 3-5 s of CPU in every test file, loading the copy about 1 s.
 * Beside the run's template file, one per kind (with pgvector the migration makes vector columns, without it
 * the bytea fallback); the first process builds it with a real initdb and migration. Unset (a bench): none.
 */
function runTemplate(vector: boolean): Promise<Blob | undefined> {
  const runTemplateFile = process.env[databaseTemplateFileVariable];
  if (!runTemplateFile) return Promise.resolve(undefined);
  let template = templates.get(vector);
  if (template === undefined) {
    const file = join(dirname(runTemplateFile), `memory-${vector ? 'pglite-pgvector' : 'pglite'}.tar`);
    template = readOrBuildRunFile(file, async () => {
      const database = await servePglite({ vector });
      try {
        return await database.dump();
      } finally {
        await database.stop();
      }
    });
    templates.set(vector, template);
  }
  return template;
}

/**
 * In-memory PGlite on a local socket, with or without pgvector loaded, migrated. Without pgvector the migration
 * takes the bytea fallback, as on a PostgreSQL server that has no pgvector. In a test run an in-memory database
 * starts from the run's migrated copy (`migrate` then finds nothing to apply).
 */
export async function startPgliteDatabase(options: {
  vector: boolean;
  poolSize?: number;
  /** A data folder kept between runs (benchmarks reuse a loaded store); in memory when unset. */
  dataDir?: string;
  /** PGlite's page cache (`shared_buffers`), as src/db/embedded-postgres.ts starts it; PGlite's 128 MB when unset. */
  sharedBuffers?: string;
}): Promise<MemoryTestDatabase> {
  const loadDataDir = options.dataDir === undefined ? await runTemplate(options.vector) : undefined;
  return servePglite({ ...options, loadDataDir });
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
