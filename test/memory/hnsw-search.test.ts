import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import { defaultEfSearch } from '../../src/memory/vector-backend.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * HNSW's candidate list (ef_search) is a session setting. Set once per pooled connection, it kept
 * whatever another caller put on the session — and on PGlite every socket connection shares one
 * session — so queries ran with a candidate list nobody asked for (round 2 measured recall@10 flat
 * at 0.73 across ef_search). Every nearest() now sets its own.
 */
describe('HNSW search settings per query (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'hnsw';
  const topics = 'billing onboarding pricing security hiring roadmap churn analytics'.split(' ');
  const places = 'Oslo Lima Cairo Dublin Lagos Quito Porto Kyoto'.split(' ');

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const notes = topics.flatMap((topic, t) =>
      places.flatMap((place, p) =>
        [1, 2, 3].map((n) => `Note ${t * 100 + p * 10 + n}: the ${topic} review in ${place} took ${n} hours.`),
      ),
    );
    await rememberBatch(
      context,
      notes.map((content, index) => ({
        key: `${companyId}/${index}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId: 'test',
        content,
      })),
    );
  }, 120_000);
  afterAll(async () => database?.stop());

  it('runs each query with the ef_search it asked for, whatever another connection set', async () => {
    const [query] = await embedTexts(context, ['pricing review in Porto']);
    const other = await database.pool.connect();
    const client = await database.pool.connect();
    try {
      const request = (efSearch?: number) => ({
        companyId,
        params: new SqlParams(),
        visibility: 'TRUE',
        model: context.embedder.model,
        query: (query as { embedding: Float32Array }).embedding,
        limit: 10,
        ...(efSearch === undefined ? {} : { efSearch }),
      });
      const setting = async () =>
        (await client.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`)).rows[0]?.ef;
      await context.backend.nearest(client, request());
      expect(await setting()).toBe(String(defaultEfSearch));
      await other.query('SET hnsw.ef_search = 3');
      const hits = await context.backend.nearest(client, request(40));
      expect(await setting()).toBe('40');
      await other.query('SET hnsw.ef_search = 3');
      await context.backend.nearest(client, request());
      expect(await setting()).toBe(String(defaultEfSearch));
      // 192 memories, candidate list 200: the index search is exact here.
      const exact = await context.backend.exactNearest(client, request());
      const approximate = await context.backend.nearest(client, request());
      expect(approximate.map((hit) => hit.similarity.toFixed(5))).toEqual(
        exact.map((hit) => hit.similarity.toFixed(5)),
      );
      expect(hits).toHaveLength(10);
      await expect(context.backend.nearest(client, request(0))).rejects.toThrow(/efSearch/);
    } finally {
      other.release();
      client.release();
    }
  });
});
