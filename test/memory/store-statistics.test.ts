import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryActivities } from '../../activities/memory.ts';
import { loadConfig } from '../../src/config/env.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { createEmbedder } from '../../src/memory/embedding/create-embedder.ts';
import { loadMemoryConfig } from '../../src/memory/memory-config.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import { plannedEfSearch } from '../../src/memory/vector-backend.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../../src/memory/memory-context.ts';
import { remember, rememberBatch } from '../../src/memory/memory-store.ts';
import { isEmbeddedPostgres, keepStatistics, readCounters } from '../../src/memory/store-statistics.ts';
import type { MemoryWrite } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from './helpers/databases.ts';
import { forgetStatistics } from './helpers/forget-statistics.ts';

/**
 * PGlite has no autovacuum, so nothing analysed an embedded store and its vector search never used HNSW
 * (docs/memory-rounds.md, thirteenth round). The product's writes and consolidation now analyse the memory tables
 * when autovacuum would (50 + 10 % of the rows changed since the last ANALYZE), on PGlite only.
 */
describe('planner statistics of the embedded memory store', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const company = 'stats';
  const note = (index: number): MemoryWrite => ({
    key: `${company}/${index}`,
    companyId: company,
    scope: 'company',
    ownerId: company,
    authorId: 'test',
    content: `Acme Logistics shipped parcel ${index} to Depot ${['Kell', 'Varn', 'Osk'][index % 3]} for Dana Lee.`,
  });
  const notes = (from: number, count: number) => Array.from({ length: count }, (_, index) => note(from + index));

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true, poolSize: 2 });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
  }, 120_000);
  afterAll(async () => database?.stop());

  async function memoriesState(): Promise<{ reltuples: number; lastAnalyze: Date | null; columnStats: number }> {
    const { rows } = await database.pool.query<{ reltuples: number; last_analyze: Date | null; stats: string }>(
      `SELECT c.reltuples, s.last_analyze,
              (SELECT count(*) FROM pg_stats WHERE tablename = 'memories' AND schemaname = 'public') AS stats
         FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = 'memories'`,
    );
    const row = rows[0];
    if (!row) throw new Error('no memories table');
    return { reltuples: Number(row.reltuples), lastAnalyze: row.last_analyze, columnStats: Number(row.stats) };
  }

  const ask = {
    companyId: company,
    viewer: { kind: 'operator' as const },
    query: 'parcel shipped to Depot Varn',
    limit: 5,
  };

  /** Recall's vector statement (the one ordering by `<=>`) as a recall with this context sent it. */
  async function vectorStatement(own: MemoryContext = context): Promise<SentStatement> {
    const sink = { sent: [] as SentStatement[] };
    await recall({ ...own, pool: recordingPool(database.pool, sink) }, ask);
    const statement = sink.sent.find((sent) => /ORDER BY m\.embedding::\S+ <=>/.test(sent.sql));
    if (!statement) throw new Error(`no vector statement among ${sink.sent.length}`);
    return statement;
  }

  /** The plan of the vector statement a recall with this context sends. */
  async function vectorPlan(own: MemoryContext = context): Promise<string> {
    const statement = await vectorStatement(own);
    const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, statement.params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('leaves a store below the threshold alone, then analyses it once 50 memories were written', async () => {
    await rememberBatch(context, notes(0, 30));
    for (const write of notes(30, 19)) await remember(context, write);
    expect(await memoriesState()).toMatchObject({ reltuples: -1, lastAnalyze: null, columnStats: 0 });
    await remember(context, note(49));
    const state = await memoriesState();
    expect(state.reltuples).toBe(50);
    expect(state.lastAnalyze).not.toBeNull();
    expect(state.columnStats).toBeGreaterThan(5);
  }, 60_000);

  it('analyses again only when changes pass 50 + 10 % of the rows, the graph tables too', async () => {
    await rememberBatch(context, notes(50, 550));
    const analysed = await memoriesState();
    expect(analysed.reltuples).toBe(600);
    // 600 rows: the next ANALYZE is due after 50 + 60 = 110 changes. 100 writes are checked (≥ 50) but not due.
    await rememberBatch(context, notes(600, 100));
    expect((await memoriesState()).reltuples).toBe(600);
    await rememberBatch(context, notes(700, 60));
    expect((await memoriesState()).reltuples).toBe(760);
    const counters = await readCounters(database.pool);
    for (const table of ['memory_entities', 'memory_mentions', 'memory_relations'])
      expect(counters.find((row) => row.table === table)?.reltuples, table).toBeGreaterThan(0);
  }, 120_000);

  it("plans the recall's vector statement on the HNSW index once analysed, an exact scan before", async () => {
    // Below about 5,000 memories the planner prefers an exact scan to HNSW for this statement, statistics or not
    // (measured: exact at 4,760, HNSW from 5,260).
    await rememberBatch(context, notes(760, 4600), { extractGraph: false });
    await forgetStatistics(database.pool);
    const without = await vectorPlan();
    expect(without, without).not.toMatch(/Index Scan using memories_hnsw_/);
    // What the consolidation run's last activity and the opening of a memory context do.
    expect(await keepStatistics(database.pool)).toContain('memories');
    const withStatistics = await vectorPlan();
    expect(withStatistics, withStatistics).toMatch(/Index Scan using memories_hnsw_/);
    // Writing 4,600 notes: about 30 s at load 6, over 120 s at load 13 beside another file.
  }, 300_000);

  /**
   * pgvector costs an HNSW scan with the session's `hnsw.ef_search` when a statement is planned. A longer
   * list for the scan (the offline embedder's 800) left on the session made the planner choose exact scans
   * at 5,360 memories, where it chose the index with 200 (docs/memory-rounds.md, fourteenth round); the scan's
   * list is now set for its own statement's transaction only, and the session keeps at most
   * `plannedEfSearch` for planning (fifteenth round). These two tests were hnsw-planned-scan.test.ts, which wrote
   * the same 5,360 notes for itself: the store here is now that size (the one at which the session-wide 800 turned
   * the plan to an exact scan), with statistics kept.
   */
  it('plans the vector statement on the HNSW index after recalls that scan with 800', async () => {
    const scanning800 = { ...context, embedder: { ...context.embedder, efSearch: 800 } };
    await recall(scanning800, ask);
    const plan = await vectorPlan(scanning800);
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
        companyId: company,
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

  it('analyses what a consolidation run changed, in its last activity', async () => {
    const activities = createMemoryActivities({
      pool: database.pool,
      config: loadConfig({}),
      memoryConfig: { embeddingModel: 'offline', languageModel: 'offline' },
    });
    const target = { runKey: 'stats-run', companyId: company };
    const started = await activities.startMemoryConsolidation(target);
    const before = (await memoriesState()).lastAnalyze;
    // What the merge and archive stages do, past 50 + 10 % of the rows, and no memory written.
    await database.pool.query(
      `UPDATE memories SET archived_at = now() WHERE company_id = $1 AND id IN (SELECT id FROM memories ORDER BY id LIMIT 1000)`,
      [company],
    );
    await activities.finishMemoryConsolidation({
      ...target,
      startedAt: started.startedAt,
      activeBefore: started.activeBefore,
      decayed: 0,
      graph: { refreshed: 0, extractor: 'offline' },
      duplicates: { groups: 0, archived: 0, merges: [] },
      clusters: { summarised: 0, archived: 0, summaries: [], summarizer: 'offline' },
      lowValue: { archived: 1000, ids: [] },
      communities: { communities: 0, entities: 0, summarizer: 'offline' },
    });
    const after = (await memoriesState()).lastAnalyze;
    expect(after).not.toBeNull();
    expect(after?.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
  }, 60_000);
});

describe('planner statistics on PostgreSQL', () => {
  it('leaves them to autovacuum', async (test) => {
    const database = await startPostgresDatabase();
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    try {
      const context = await openMemoryContext(database.pool, createOfflineEmbedder());
      await rememberBatch(
        context,
        Array.from({ length: 60 }, (_, index) => ({
          key: `pg/${index}`,
          companyId: 'pg',
          scope: 'company' as const,
          ownerId: 'pg',
          authorId: 'test',
          content: `Note ${index} for Dana Lee.`,
        })),
      );
      expect(await isEmbeddedPostgres(database.pool)).toBe(false);
      expect(await keepStatistics(database.pool)).toEqual([]);
    } finally {
      await database.stop();
    }
  }, 120_000);
});
