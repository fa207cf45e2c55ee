import type { Pool } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { startRealPostgres } from '../../src/db/real-postgres.ts';
import { readOrBuildRunFile } from './run-file.ts';

export interface TestDatabase {
  pool: Pool;
  url: string;
  stop(): Promise<void>;
}

/**
 * The migrated database of one test run, as a file of PGlite's data directory: PGlite's initdb costs
 * about 3 s of CPU and each test file starts one or more databases. test/global-setup.ts names the
 * file (SYNTHORG_TEST_DATABASE_TEMPLATE) in the run's directory; the first process that needs a
 * database migrates one and writes its copy there, later ones start from the copy. Unset: none.
 */
export const databaseTemplateFileVariable = 'SYNTHORG_TEST_DATABASE_TEMPLATE';

let template: Promise<Blob | undefined> | undefined;

async function buildTemplate(): Promise<Blob> {
  const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  try {
    const pool = createPool(database.url);
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    return await database.dump();
  } finally {
    await database.stop();
  }
}

/**
 * A fresh in-memory PGlite served on a free port, migrated (started from the run's migrated copy
 * when there is one; `migrate` then finds nothing to apply). Queries run one at a time.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const file = process.env[databaseTemplateFileVariable];
  template ??= file ? readOrBuildRunFile(file, buildTemplate) : Promise.resolve(undefined);
  const loadDataDir = await template;
  const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0, loadDataDir });
  return migrated(database.url, () => database.stop());
}

/**
 * A fresh real PostgreSQL server, migrated unless `migrate: false`, for tests that need truly concurrent transactions.
 * Undefined when this machine has no PostgreSQL (the test should skip, saying so); in CI that is
 * an error, because .ci/run installs PostgreSQL.
 */
export async function startTestRealPostgres(options: { migrate?: boolean } = {}): Promise<TestDatabase | undefined> {
  const server = await startRealPostgres();
  if (server === undefined) {
    if (process.env.CI) {
      throw new Error(
        'CI is set but no PostgreSQL server binaries (initdb, pg_ctl) were found; .ci/run should install the postgresql package',
      );
    }
    return undefined;
  }
  if (options.migrate === false) {
    const pool = createPool(server.url);
    return { pool, url: server.url, stop: () => pool.end().finally(() => server.stop()) };
  }
  return migrated(server.url, () => server.stop());
}

/** Why real-PostgreSQL tests skip on this machine. */
export const noRealPostgresReason = 'no PostgreSQL server binaries (initdb, pg_ctl) on this machine';

async function migrated(url: string, stopServer: () => Promise<void>): Promise<TestDatabase> {
  const pool = createPool(url);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    await stopServer();
    throw error;
  }
  return {
    pool,
    url,
    stop: async () => {
      await pool.end();
      await stopServer();
    },
  };
}
