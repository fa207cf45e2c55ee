import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decayedReinforcement, decayedReinforcementSql } from '../../src/memory/decay.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { memoryColumns } from '../../src/memory/memory-rows.ts';
import type { MemoryRow } from '../../src/memory/memory-rows.ts';
import { remember } from '../../src/memory/memory-store.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from './helpers/databases.ts';

/**
 * The reinforcement every memory read returns skips the decay for a memory never reinforced (eleventh
 * round): it must read exactly what the decay gives, for zero and for every other value.
 */
const backends: [string, () => Promise<MemoryTestDatabase | undefined>][] = [
  ['PGlite with pgvector', () => startPgliteDatabase({ vector: true })],
  ['real PostgreSQL', () => startPostgresDatabase()],
];

describe.each(backends)('reinforcement as memory reads return it, on %s', (_name, start) => {
  let database: MemoryTestDatabase | undefined;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await start();
    if (database) context = await openMemoryContext(database.pool, createOfflineEmbedder());
  });
  afterAll(async () => database?.stop());

  it('equals the decayed reinforcement bit for bit, for zero, negative zero and reinforced memories', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    // Real values, as the column stores them (float4), reinforced from an hour to ninety days ago.
    const stored = [0, -0, 0.5, -0.3, 1.25, -0.6, 1e-30, 3.4e38, Math.fround(0.1)];
    const ids: number[] = [];
    for (const [index, reinforcement] of stored.entries()) {
      const { id } = await remember(context, {
        key: `rows#${index}`,
        companyId: 'rows',
        scope: 'company',
        ownerId: 'rows',
        authorId: 'eng-1',
        content: `Memory ${index} about the staging cluster.`,
      });
      await database.pool.query(
        `UPDATE memories SET reinforcement = $2, reinforced_at = now() - make_interval(hours => $3) WHERE id = $1`,
        [id, reinforcement, 1 + index * 240],
      );
      ids.push(id);
    }
    const { rows } = await database.pool.query<MemoryRow & { decayed: number; hours: number }>(
      `SELECT ${memoryColumns}, ${decayedReinforcementSql()} AS decayed,
              extract(epoch FROM now() - m.reinforced_at)::float8 / 3600 AS hours
         FROM memories m WHERE m.id = ANY($1::bigint[]) ORDER BY m.id`,
      [ids],
    );
    expect(rows).toHaveLength(stored.length);
    for (const [index, row] of rows.entries()) {
      expect(Object.is(row.reinforcement, row.decayed), `memory ${index}: ${row.reinforcement} ≠ ${row.decayed}`).toBe(
        true,
      );
      const expected = decayedReinforcement(Math.fround(stored[index]!), row.hours * 3_600_000);
      if (expected === 0) expect(row.reinforcement).toBe(0);
      else expect(Math.abs(row.reinforcement / expected - 1)).toBeLessThan(1e-6);
    }
  });
});
