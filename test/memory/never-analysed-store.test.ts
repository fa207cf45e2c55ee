import type { QueryConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { mentioningMemories } from '../../src/memory/graph/mentioning-memories.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { textCandidates } from '../../src/memory/recall-candidates.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import type { Queryable, SqlParams } from '../../src/memory/sql.ts';
import { visibleTo } from '../../src/memory/sql.ts';
import type { Viewer } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';
import { forgetStatistics } from './helpers/forget-statistics.ts';

/**
 * Recall's statements on a store whose `memories` was never analysed (PGlite has no autovacuum: every
 * embedded store), where the planner takes the company's memories as one row (thirteenth round).
 * - The walk's look-up of memories that mention a path end: with the memory's conditions as separate join
 *   conditions it probed the mentions for every memory of the company, per entity (260 of a prose recall's
 *   470 ms of CPU at 17k memories). Now each mention's memory is read by its primary key. It must still return, per entity, the first memories
 *   of its mentions (in the order the index yields them, heap order) that the viewer may read and that are
 *   not archived, at most 8, and its plan must not scan the company's memories.
 * - The full-text candidates: the planner tested every memory's words instead of using the full-text
 *   index. They must come from that index, and be every readable, unarchived match, best ranked first.
 * - The final fetch of the candidates read every memory of the company; it must read them by primary key.
 */
describe('recall statements on a store never analysed', () => {
  let database: MemoryTestDatabase;
  const company = 'hub';
  let hub = 0;
  let entities: number[] = [];

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true, poolSize: 1 });
    const context = await openMemoryContext(database.pool, createOfflineEmbedder());
    // A hub named by every note; some notes are an agent's own, some are archived, so the first mentions
    // of the hub are not all readable.
    const scopes = ['agent', 'company', 'agent', 'department', 'company', 'company'] as const;
    await rememberBatch(
      context,
      Array.from({ length: 600 }, (_, index) => {
        const scope = scopes[index % scopes.length] as (typeof scopes)[number];
        return {
          key: `${company}/${index}`,
          companyId: company,
          scope,
          ownerId: scope === 'agent' ? `agent-${index % 4}` : scope === 'department' ? 'research' : company,
          authorId: 'test',
          content: `Acme Logistics shipped parcel ${index} to Depot ${['Kell', 'Varn', 'Osk'][index % 3]} for Dana Lee.`,
        };
      }),
    );
    await database.pool.query(
      `UPDATE memories SET archived_at = now() WHERE company_id = $1 AND memory_key = ANY($2::text[])`,
      [company, [1, 4, 5, 11, 12, 13, 14, 30].map((index) => `${company}/${index}`)],
    );
    // The writes analysed the tables (src/memory/store-statistics.ts): put them back as never analysed.
    await forgetStatistics(database.pool);
    const { rows } = await database.pool.query<{ id: string; normalized: string }>(
      'SELECT id, normalized FROM memory_entities WHERE company_id = $1 ORDER BY id',
      [company],
    );
    hub = Number(rows.find((row) => row.normalized === 'acme logistics')?.id);
    entities = rows.map((row) => Number(row.id));
  }, 120_000);
  afterAll(async () => database?.stop());

  const viewers: Viewer[] = [
    { kind: 'operator' },
    { kind: 'agent', agentId: 'agent-0', department: 'research' },
    { kind: 'agent', agentId: 'agent-1', department: 'sales' },
  ];
  const request = (viewer: Viewer) => ({
    companyId: company,
    visibility: (params: SqlParams) => visibleTo(viewer, params),
  });

  /** What the look-up must return: per entity, its mentions in heap order, readable and not archived, 8 at most. */
  async function expected(viewer: Viewer, ids: number[]): Promise<[number, number][]> {
    const found: [number, number][] = [];
    for (const entity of ids) {
      const { rows } = await database.pool.query<{ memory_id: string; readable: boolean }>(
        `SELECT mm.memory_id,
                (m.company_id = $2 AND m.archived_at IS NULL AND
                 (m.scope = 'company' OR (m.scope = 'department' AND m.owner_id = $3)
                  OR (m.scope = 'agent' AND m.owner_id = $4))) AS readable
           FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
          WHERE mm.entity_id = $1 ORDER BY mm.ctid`,
        [
          entity,
          company,
          viewer.kind === 'agent' ? viewer.department : null,
          viewer.kind === 'agent' ? viewer.agentId : null,
        ],
      );
      const readable = rows.filter((row) => viewer.kind === 'operator' || row.readable);
      const live = await database.pool.query<{ id: string }>(
        'SELECT id FROM memories WHERE id = ANY($1::bigint[]) AND archived_at IS NULL',
        [readable.map((row) => row.memory_id)],
      );
      const alive = new Set(live.rows.map((row) => row.id));
      for (const row of readable.filter((candidate) => alive.has(candidate.memory_id)).slice(0, 8))
        found.push([Number(row.memory_id), entity]);
    }
    return found;
  }

  it('returns the first readable, unarchived mentions of each entity', async () => {
    expect(hub).toBeGreaterThan(0);
    const ids = [hub, ...entities.filter((id) => id !== hub), 999_999];
    for (const viewer of viewers) {
      const found = await mentioningMemories(database.pool, request(viewer), ids);
      const want = await expected(viewer, ids);
      // Each entity's rows come in its lateral's order; the entities in the order asked.
      expect(found).toEqual(want);
      expect(found.filter(([, entity]) => entity === hub)).toHaveLength(8);
    }
  });

  /** The plans (custom and generic) of the statement `send` sends, on this never-analysed store. */
  async function plansOf(send: (db: Queryable) => Promise<unknown>): Promise<string[]> {
    const { rows: statistics } = await database.pool.query<{ reltuples: number }>(
      `SELECT reltuples FROM pg_class WHERE relname = 'memories'`,
    );
    expect(statistics[0]?.reltuples).toBeLessThan(0);
    const sent: QueryConfig[] = [];
    const recording = {
      query: (config: QueryConfig | string, values?: unknown[]) => {
        sent.push(typeof config === 'string' ? { text: config, values: values ?? [] } : config);
        return database.pool.query(config as string, values);
      },
    } as unknown as Queryable;
    await send(recording);
    const statement = sent[0] as QueryConfig;
    const client = await database.pool.connect();
    const plans: string[] = [];
    try {
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>({
          text: `EXPLAIN ${statement.text}`,
          values: statement.values ?? [],
        });
        plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
    } finally {
      await client.query('RESET plan_cache_mode');
      client.release();
    }
    return plans;
  }

  it('checks each mention by the memory primary key, on custom and generic plans', async () => {
    const plans = await plansOf((db) =>
      mentioningMemories(db, request(viewers[1] as Viewer), [hub, ...entities.slice(0, 23)]),
    );
    for (const plan of plans) {
      expect(plan, plan).toContain('memories_pkey');
      expect(plan, plan).not.toContain('memories_visible');
      expect(plan, plan).not.toMatch(/Seq Scan on memories/);
    }
  });

  it('takes the full-text candidates from the full-text index: every readable, unarchived match', async () => {
    const query = 'parcel shipped to Depot Varn';
    for (const viewer of viewers) {
      const filter = (params: SqlParams) => visibleTo(viewer, params);
      const client = await database.pool.connect();
      try {
        const found = await textCandidates(client, company, filter, query, 500);
        // Every note says "parcel … shipped … Depot Varn" for a third of the indexes: all of them, readable and live.
        const { rows } = await client.query<{ id: string }>(
          `SELECT m.id FROM memories m
            WHERE m.company_id = $1 AND m.archived_at IS NULL AND m.content LIKE '%Depot Varn%'
              AND (m.scope = 'company' OR (m.scope = 'department' AND m.owner_id = $2)
                   OR (m.scope = 'agent' AND m.owner_id = $3) OR $4)`,
          [
            company,
            viewer.kind === 'agent' ? viewer.department : null,
            viewer.kind === 'agent' ? viewer.agentId : null,
            viewer.kind === 'operator',
          ],
        );
        expect(new Set(found)).toEqual(new Set(rows.map((row) => Number(row.id))));
        expect(found.length).toBeGreaterThan(20);
      } finally {
        client.release();
      }
    }
    const plans = await plansOf(async (db) =>
      textCandidates(db as never, company, (params) => visibleTo(viewers[1] as Viewer, params), query, 20),
    );
    for (const plan of plans) {
      expect(plan, plan).toContain('memories_search');
      expect(plan, plan).not.toContain('memories_visible');
    }
  });

  it("reads recall's candidates by primary key, on custom and generic plans", async () => {
    const sink: { sent: SentStatement[] } = { sent: [] };
    const context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
    // Opening a context analyses a never-analysed store with rows (src/memory/store-statistics.ts): undo it.
    await forgetStatistics(database.pool);
    const viewer = viewers[1] as Viewer;
    const result = await recall(context, { companyId: company, viewer, query: 'Acme Logistics parcel', limit: 20 });
    expect(result.memories.length).toBe(20);
    const fetch = sink.sent.find((statement) => statement.sql.includes('AS text_rank'));
    expect(fetch).toBeDefined();
    const plans = await plansOf((db) => db.query(fetch?.sql as string, fetch?.params));
    for (const plan of plans) {
      expect(plan, plan).toContain('memories_pkey');
      expect(plan, plan).not.toContain('memories_visible');
    }
  });
});
