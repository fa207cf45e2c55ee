import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * PGlite runs no autovacuum, so entries in GIN's pending list (fastupdate) were never merged and every
 * full-text recall scanned them linearly (migration 019). Written memories must land in the index itself.
 */
describe('full-text index of memories (PGlite)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
  }, 120_000);
  afterAll(async () => database?.stop());

  it('leaves nothing in the pending list after writes, and finds what was written', async () => {
    const companyId = 'text-index';
    await rememberBatch(
      context,
      Array.from({ length: 60 }, (_, index) => ({
        key: `${companyId}/${index}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId: 'test',
        content: `Note ${index}: the quarterly pricing review for region ${index % 7} moved to Thursday.`,
      })),
    );
    // gin_clean_pending_list merges what is pending and returns the pages it merged: none, with fastupdate off.
    const { rows } = await database.pool.query<{ pages: string }>(
      `SELECT gin_clean_pending_list('memories_search'::regclass) AS pages`,
    );
    expect(Number(rows[0]?.pages)).toBe(0);
    const found = await database.pool.query<{ count: string }>(
      `SELECT count(*) FROM memories WHERE company_id = $1 AND search @@ plainto_tsquery('english', 'pricing review')`,
      [companyId],
    );
    expect(Number(found.rows[0]?.count)).toBe(60);
  });
});
