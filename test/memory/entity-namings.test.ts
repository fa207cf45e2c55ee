import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityNamings } from '../../src/memory/graph/entity-namings.ts';
import type { Queryable } from '../../src/memory/sql.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The walk's path-end look-up remembers entity names and kinds per connection (eleventh round). One
 * process opens many databases whose entity ids coincide: each must read its own entities, and a
 * connection must not ask again for entities it has read.
 */
describe('entity names and kinds remembered per connection', () => {
  const databases: MemoryTestDatabase[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 2; index++) databases.push(await startPgliteDatabase({ vector: false }));
  });
  afterAll(async () => Promise.all(databases.map((database) => database.stop())));

  /** A connection that counts the statements it is sent. */
  const counting = (pool: Queryable) => {
    const connection = {
      statements: 0,
      query: (...args: unknown[]) => {
        connection.statements++;
        return (pool.query as (...args: unknown[]) => Promise<unknown>)(...args);
      },
    };
    return connection;
  };

  it('gives each database its own entities for the same ids, and reads each entity once', async () => {
    const [first, second] = databases as [MemoryTestDatabase, MemoryTestDatabase];
    const insert = (database: MemoryTestDatabase, rows: [string, string][]) =>
      database.pool.query<{ id: string }>(
        `INSERT INTO memory_entities (company_id, name, normalized, kind)
         SELECT 'acme', normalized, normalized, kind FROM unnest($1::text[], $2::text[]) AS e(normalized, kind)
         RETURNING id`,
        [rows.map(([normalized]) => normalized), rows.map(([, kind]) => kind)],
      );
    const firstIds = (
      await insert(first, [
        ['june 2024', 'date'],
        ['gyro search', 'thing'],
      ])
    ).rows.map((row) => Number(row.id));
    const secondIds = (
      await insert(second, [
        ['alice moreau', 'person'],
        ['1987', 'date'],
      ])
    ).rows.map((row) => Number(row.id));
    // Both sequences start at 1: the ids coincide, the entities do not.
    expect(secondIds).toEqual(firstIds);

    const firstConnection = counting(first.pool);
    const secondConnection = counting(second.pool);
    const read = async (connection: ReturnType<typeof counting>) =>
      Object.fromEntries(
        [...(await entityNamings(connection as unknown as Queryable, [...firstIds, 999])).entries()].map(
          ([id, naming]) => [id, `${naming.normalized}/${naming.kind}`],
        ),
      );
    const expectedFirst = { [firstIds[0]!]: 'june 2024/date', [firstIds[1]!]: 'gyro search/thing' };
    const expectedSecond = { [firstIds[0]!]: 'alice moreau/person', [firstIds[1]!]: '1987/date' };
    expect(await read(firstConnection)).toEqual(expectedFirst);
    expect(await read(secondConnection)).toEqual(expectedSecond);
    expect(await read(firstConnection)).toEqual(expectedFirst);
    expect(await read(secondConnection)).toEqual(expectedSecond);
    // The second read of each asked only for the id that does not exist.
    expect([firstConnection.statements, secondConnection.statements]).toEqual([2, 2]);
    const known = await entityNamings(firstConnection as unknown as Queryable, firstIds);
    expect(known.size).toBe(2);
    expect(firstConnection.statements).toBe(2);
  });
});
