import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type pg from 'pg';
import { withTransaction } from './pool.ts';

export interface MigrateOptions {
  log?: (line: string) => void;
  /** Folder of `NNN_name.sql` files; defaults to src/db/migrations. */
  directory?: string;
}

/** An applied migration file was edited afterwards; the database and the code no longer agree. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
}

/** A migration file failed to apply; its transaction was rolled back. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

interface MigrationFile {
  version: string;
  sql: string;
  checksum: string;
}

const defaultDirectory = fileURLToPath(new URL('./migrations/', import.meta.url));
const fileNamePattern = /^\d{3}_[a-z0-9_-]+\.sql$/;
// Transaction-level only: PGlite serialises connections, so a session lock held by one connection
// would block every other connection forever (docs: TEMPORAL.md, PGlite notes).
const migrationLockKey = '7236510347115253001';

/**
 * Applies the pending `NNN_name.sql` files in order, each in its own transaction under an advisory
 * lock, so any number of workers may start (and migrate) at the same time.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const files = await readMigrationFiles(options.directory ?? defaultDirectory);
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version    text PRIMARY KEY,
         checksum   text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });
  const { rows } = await pool.query<{ version: string; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  const known = new Map(rows.map((row) => [row.version, row.checksum]));

  const applied: string[] = [];
  for (const file of files) {
    const recorded = known.get(file.version);
    if (recorded !== undefined) {
      assertUnchanged(file, recorded);
      continue;
    }
    const didApply = await withTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
      // Another process may have applied it while we waited for the lock.
      const again = await client.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [file.version],
      );
      const row = again.rows[0];
      if (row !== undefined) {
        assertUnchanged(file, row.checksum);
        return false;
      }
      try {
        await client.query(file.sql);
      } catch (error) {
        throw new MigrationFailedError(
          `migration ${file.version} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
        file.version,
        file.checksum,
      ]);
      return true;
    });
    if (didApply) {
      applied.push(file.version);
      log(`applied migration ${file.version}`);
    }
  }
  return { applied };
}

function assertUnchanged(file: MigrationFile, recordedChecksum: string): void {
  if (recordedChecksum === file.checksum) return;
  throw new MigrationChecksumError(
    `migration ${file.version} was changed after it was applied to this database ` +
      `(recorded checksum ${recordedChecksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…). ` +
      'Put schema changes in a new migration file and restore the original, or recreate the database.',
  );
}

async function readMigrationFiles(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => fileNamePattern.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      // Line endings differ between checkouts (Windows); they must not count as a change.
      const sql = (await readFile(join(directory, name), 'utf8')).replace(/\r\n/g, '\n');
      return {
        version: name.slice(0, -'.sql'.length),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}
