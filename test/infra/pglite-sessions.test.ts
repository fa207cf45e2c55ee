import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { createPool } from '../../src/db/pool.ts';

/**
 * Regression test for multiplexed connections on the embedded PGlite: parameterised reads on some
 * connections while another runs short transactions must each get their own result. Before the
 * session queue, about one read in six came back empty.
 */
describe('embedded PGlite under concurrent connections', () => {
  it('keeps each extended-protocol exchange whole while another connection runs transactions', async () => {
    const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    const pool = createPool(database.url, { max: 6 });
    try {
      await pool.query('CREATE TABLE budget (id text PRIMARY KEY, limit_usd numeric NOT NULL)');
      await pool.query("INSERT INTO budget VALUES ('acme', 5)");
      let wrong = 0;
      const read = async () => {
        for (let index = 0; index < 150; index++) {
          const { rows } = await pool.query<{ limit_usd: string | null }>(
            'SELECT (SELECT limit_usd FROM budget WHERE id = $1) AS limit_usd',
            ['acme'],
          );
          if (rows.length !== 1 || rows[0]?.limit_usd !== '5') wrong++;
        }
      };
      const transact = async () => {
        for (let index = 0; index < 60; index++) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('SELECT $1::int AS n', [index]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      };
      await Promise.all([read(), read(), read(), transact(), transact()]);
      expect(wrong).toBe(0);
    } finally {
      await pool.end();
      await database.stop();
    }
  });
});
