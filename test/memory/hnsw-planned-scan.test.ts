import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createEmbedder } from '../../src/memory/embedding/create-embedder.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { loadMemoryConfig } from '../../src/memory/memory-config.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import { keepStatistics } from '../../src/memory/store-statistics.ts';
import { plannedEfSearch } from '../../src/memory/vector-backend.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * pgvector costs an HNSW scan with the session's `hnsw.ef_search` when a statement is planned. A longer
 * list for the scan (the offline embedder's 800) left on the session made the planner choose exact scans
 * at 5,360 memories, where it chose the index with 200 (docs/memory.md, fourteenth round); the scan's
 * list is now set for its own statement's transaction only, and the session keeps at most
 * `plannedEfSearch` for planning (fifteenth round).
 */
describe('a longer HNSW list for the scan, not for the plan (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'planned';
  const ask = { companyId, viewer: { kind: 'operator' as const }, query: 'parcel shipped to Depot Varn', limit: 5 };

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true, poolSize: 2 });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    // 5,360 memories: the size at which the fourteenth round's session-wide 800 turned the plan to an exact scan.
    // (About 30 s to write at load 6; over 180 s at load 25, hence the long limit.)
    const notes = Array.from({ length: 5_360 }, (_, index) => ({
      key: `${companyId}/${index}`,
      companyId,
      scope: 'company' as const,
      ownerId: companyId,
      authorId: 'test',
      content: `Acme Logistics shipped parcel ${index} to Depot ${['Kell', 'Varn', 'Osk'][index % 3]} for Dana Lee.`,
    }));
    for (let start = 0; start < notes.length; start += 1_000)
      await rememberBatch(context, notes.slice(start, start + 1_000), { extractGraph: false });
    await keepStatistics(database.pool);
  }, 600_000);
  afterAll(async () => database?.stop());

  /** Recall's vector statement (the one ordering by `<=>`) as a recall with this context sent it. */
  async function vectorStatement(own: MemoryContext): Promise<SentStatement> {
    const sink = { sent: [] as SentStatement[] };
    await recall({ ...own, pool: recordingPool(database.pool, sink) }, ask);
    const statement = sink.sent.find((sent) => /ORDER BY m\.embedding::\S+ <=>/.test(sent.sql));
    if (!statement) throw new Error(`no vector statement among ${sink.sent.length}`);
    return statement;
  }

  it('plans the vector statement on the HNSW index after recalls that scan with 800', async () => {
    const scanning800 = { ...context, embedder: { ...context.embedder, efSearch: 800 } };
    await recall(scanning800, ask);
    const statement = await vectorStatement(scanning800);
    const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, statement.params);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan, plan).toMatch(/Index Scan using memories_hnsw_/);
    const setting = await database.pool.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`);
    expect(setting.rows[0]?.ef).toBe(String(plannedEfSearch));
  }, 300_000);

  it('runs the scan with the longer list the operator configured', async () => {
    // SYNTHORG_HNSW_EF_SEARCH reaches the embedder recall searches with.
    const config = loadConfig({ SYNTHORG_EMBEDDING_MODEL: 'offline', SYNTHORG_HNSW_EF_SEARCH: '250' });
    const embedder = createEmbedder(loadMemoryConfig(config), config);
    expect(embedder.efSearch).toBe(250);
    expect(() => loadConfig({ SYNTHORG_HNSW_EF_SEARCH: '0' })).toThrow(/SYNTHORG_HNSW_EF_SEARCH/);
    // Recall's vector statement sets it for its own transaction: inside one it is in force after the statement,
    // and the session's planning list comes back at the end.
    const statement = await vectorStatement({ ...context, embedder });
    const client = await database.pool.connect();
    try {
      const setting = async () =>
        (await client.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`)).rows[0]?.ef;
      await client.query('BEGIN');
      await client.query(statement.sql, statement.params);
      expect(await setting()).toBe('250');
      await client.query('COMMIT');
      expect(await setting()).toBe(String(plannedEfSearch));
      // The scan runs with it: without an iterative scan, HNSW returns at most ef_search rows, so a search
      // for 1,000 rows returns 250, not the planned 200. (So many rows the planner would rather sort: it may
      // not, in this transaction.)
      const [query] = await embedTexts(context, [ask.query]);
      const request = {
        companyId,
        params: new SqlParams(),
        visibility: 'TRUE',
        model: context.embedder.model,
        query: (query as { embedding: Float32Array }).embedding,
        limit: 1_000,
        efSearch: 250,
      };
      const sql = (context.backend.nearestSql?.(request) ?? '').replace(`'relaxed_order'`, `'off'`);
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, request.params.values);
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using memories_hnsw_/);
      expect((await client.query(sql, request.params.values)).rows).toHaveLength(250);
      await client.query('COMMIT');
      expect(await setting()).toBe(String(plannedEfSearch));
      await client.query(`SET hnsw.iterative_scan = relaxed_order`);
    } finally {
      client.release();
    }
  }, 300_000);
});
