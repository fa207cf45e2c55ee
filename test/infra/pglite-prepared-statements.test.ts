import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { createPool } from '../../src/db/pool.ts';

/**
 * Named prepared statements on the embedded PGlite behave as on PostgreSQL: each connection has its own
 * (PGlite serves every connection from one session, src/db/pglite-statement-names.ts), and a
 * connection's statements go when it does.
 */
describe('named prepared statements on the embedded PGlite', () => {
  it('are per connection: two connections prepare one name with different texts', async () => {
    const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    const pool = createPool(database.url, { max: 4 });
    try {
      const first = await pool.connect();
      const second = await pool.connect();
      try {
        const one = await first.query<{ n: number }>({ name: 'same', text: 'SELECT $1::int + 1 AS n', values: [1] });
        const two = await second.query<{ n: number }>({ name: 'same', text: 'SELECT $1::int * 10 AS n', values: [1] });
        expect(one.rows[0]?.n).toBe(2);
        expect(two.rows[0]?.n).toBe(10);
        // Each again, now bound to what it parsed (pg sends no Parse the second time).
        expect((await first.query({ name: 'same', text: 'SELECT $1::int + 1 AS n', values: [5] })).rows[0]?.n).toBe(6);
        expect((await second.query({ name: 'same', text: 'SELECT $1::int * 10 AS n', values: [5] })).rows[0]?.n).toBe(
          50,
        );
      } finally {
        first.release();
        second.release();
      }
    } finally {
      await pool.end();
      await database.stop();
    }
  });

  it('keeps concurrent named queries on many connections apart', async () => {
    const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    const pool = createPool(database.url, { max: 6 });
    try {
      let wrong = 0;
      const run = async (factor: number) => {
        for (let index = 0; index < 40; index++) {
          const { rows } = await pool.query<{ n: number }>({
            name: 'scaled',
            text: `SELECT $1::int * ${factor} AS n`,
            values: [index],
          });
          if (rows[0]?.n !== index * factor) wrong++;
        }
      };
      await Promise.all([run(2), run(3), run(5), run(7), run(11), run(13)]);
      expect(wrong).toBe(0);
    } finally {
      await pool.end();
      await database.stop();
    }
  });

  it('frees a connection’s statements when it closes', async () => {
    const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    const watcher = createPool(database.url, { max: 1 });
    const prepared = async () =>
      (await watcher.query<{ count: number }>('SELECT count(*)::int AS count FROM pg_prepared_statements')).rows[0]
        ?.count;
    try {
      const before = await prepared();
      const pool = createPool(database.url, { max: 2 });
      const client = await pool.connect();
      for (let index = 0; index < 5; index++)
        await client.query({ name: `statement-${index}`, text: `SELECT ${index} + $1::int AS n`, values: [1] });
      expect(await prepared()).toBe((before ?? 0) + 5);
      client.release();
      await pool.end();
      // The server frees them after the socket closes: wait for it.
      for (let attempt = 0; attempt < 100 && (await prepared()) !== before; attempt++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await prepared()).toBe(before);
    } finally {
      await watcher.end();
      await database.stop();
    }
  });
});
