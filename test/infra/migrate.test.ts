import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { MigrationChecksumError, MigrationFailedError, migrate } from '../../src/db/migrate.ts';
import { createPool, type Pool } from '../../src/db/pool.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';

const migrationsDirectory = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const shippedVersions = (await readdir(migrationsDirectory))
  .filter((name) => /^\d{3}_.*\.sql$/.test(name))
  .sort()
  .map((name) => name.replace(/\.sql$/, ''));

async function tableExists(pool: Pool, name: string): Promise<boolean> {
  const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [name]);
  return rows[0]?.found != null;
}

describe('migrate on PGlite', () => {
  let database: EmbeddedPostgres;
  let pool: Pool;
  let scratch: string;

  beforeAll(async () => {
    database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    pool = createPool(database.url);
    scratch = await mkdtemp(join(tmpdir(), 'synthorg-migrations-'));
  });
  afterAll(async () => {
    await pool?.end();
    await database?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('applies the shipped migrations in order, then nothing on a second run', async () => {
    expect(shippedVersions[0]).toBe('001_trunk');
    const first = await migrate(pool);
    expect(first.applied).toEqual(shippedVersions);
    expect(await tableExists(pool, 'companies')).toBe(true);
    expect(await tableExists(pool, 'ledger')).toBe(true);

    const second = await migrate(pool);
    expect(second.applied).toEqual([]);
    const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(shippedVersions);
  });

  it('refuses to run when an applied migration file was edited, and applies nothing after it', async () => {
    const directory = join(scratch, 'edited');
    await rm(directory, { recursive: true, force: true });
    await mkdirWith(directory, { '001_widgets.sql': 'CREATE TABLE edited_widgets (id int);' });
    expect((await migrate(pool, { directory })).applied).toEqual(['001_widgets']);

    await writeFile(join(directory, '001_widgets.sql'), 'CREATE TABLE edited_widgets (id bigint);');
    await writeFile(join(directory, '002_gadgets.sql'), 'CREATE TABLE edited_gadgets (id int);');
    const rerun = migrate(pool, { directory });
    await expect(rerun).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(rerun).rejects.toThrow(/001_widgets was changed after it was applied/);
    expect(await tableExists(pool, 'edited_gadgets')).toBe(false);
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const directory = join(scratch, 'failing');
    await mkdirWith(directory, { '001_half.sql': 'CREATE TABLE half_done (id int); SELECT 1 / 0;' });
    await expect(migrate(pool, { directory })).rejects.toBeInstanceOf(MigrationFailedError);
    expect(await tableExists(pool, 'half_done')).toBe(false);
    const { rows } = await pool.query("SELECT 1 FROM schema_migrations WHERE version = '001_half'");
    expect(rows).toHaveLength(0);
  });
});

describe('migrate on a real PostgreSQL server', () => {
  it('applies each migration exactly once when several workers migrate at the same moment', async (context) => {
    const server = await startTestRealPostgres({ migrate: false });
    if (server === undefined) {
      context.skip(noRealPostgresReason);
      return;
    }
    const pools = Array.from({ length: 4 }, () => createPool(server.url));
    try {
      const results = await Promise.all(pools.map((each) => migrate(each)));
      const applied = results.flatMap((result) => result.applied).sort();
      expect(applied).toEqual(shippedVersions);
      const { rows } = await server.pool.query<{ version: string }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(shippedVersions);
    } finally {
      await Promise.all(pools.map((each) => each.end()));
      await server.stop();
    }
  });
});

async function mkdirWith(directory: string, files: Record<string, string>): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(directory, name), content);
}
