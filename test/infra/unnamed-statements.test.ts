import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { createPool } from '../../src/db/pool.ts';
import { preparedQuery } from '../../src/db/prepared-query.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';

const database = await startTestRealPostgres({ migrate: false });
afterAll(async () => {
  await database?.stop();
});

/** What one connection of a pool answers to a named statement, and how many statements it keeps prepared. */
async function onOneConnection(preparedStatements: boolean) {
  const pool = createPool(database!.url, { max: 1, preparedStatements });
  try {
    const client = await pool.connect();
    try {
      const statement = preparedQuery('SELECT $1::int + 1 AS n', [41]);
      const answers = [];
      for (let run = 0; run < 2; run++) answers.push((await client.query<{ n: number }>(statement)).rows[0]?.n);
      const { rows } = await client.query<{ kept: number }>('SELECT count(*)::int AS kept FROM pg_prepared_statements');
      return { answers, kept: rows[0]?.kept };
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

describe.skipIf(!database)(`named statements on real PostgreSQL${database ? '' : ` (${noRealPostgresReason})`}`, () => {
  it('are prepared once per connection by default', async () => {
    expect(await onOneConnection(true)).toEqual({ answers: [42, 42], kept: 1 });
  });

  it('go unnamed, with the same answers, when prepared statements are off (a pooler in transaction mode)', async () => {
    expect(await onOneConnection(false)).toEqual({ answers: [42, 42], kept: 0 });
  });
});

describe('SYNTHORG_DATABASE_PREPARED_STATEMENTS', () => {
  it('is on unless set to false, and refuses what is not a yes or no', () => {
    expect(loadConfig({}).databasePreparedStatements).toBe(true);
    expect(loadConfig({ SYNTHORG_DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(() => loadConfig({ SYNTHORG_DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(ConfigError);
  });
});
