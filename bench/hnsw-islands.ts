/**
 * Why HNSW recall@10 is low on the generated 100k store (bench/memory-load.ts), measured on the store's own
 * index and recall's own search statement:
 *  - recall@10 against an exact scan (ties count: a hit as close as the exact 10th) per query shape, at each
 *    `--ef-search`, through `VectorBackend.nearest` (the statement recall sends);
 *  - whether the graph can reach the exact top 10 at all: an iterative scan (relaxed order) asked for
 *    `--reach` rows, and the row at which it has returned 10 hits, or that it never did. A scan that ends
 *    before `--reach` rows has visited every graph element reachable from where its search began: the query
 *    was inside a region of the graph with no edge out (an island), and no ef_search can leave it;
 *  - how many memories share their embedding with others (identical texts): pgvector keeps up to 10 heap
 *    rows per graph element and makes a further, identical element beyond that.
 *
 *   node bench/hnsw-islands.ts --data-dir DIR [--queries 100] [--ef-search 40,100,200,400,800] [--reach 20000]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { SqlParams } from '../src/memory/sql.ts';
import { benchQueries, benchQueryShape as shapeOf } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '11' },
    'ef-search': { type: 'string', default: '40,100,200,400,800' },
    reach: { type: 'string', default: '20000' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const mean = (list: readonly number[]) => list.reduce((sum, value) => sum + value, 0) / Math.max(1, list.length);
const vectorText = (vector: Float32Array) => `[${Array.from(vector, (value) => +value.toPrecision(7)).join(',')}]`;

const store = await openKeptStore(dataDir, { sharedBuffers: '256MB' });
const client = await store.pool.connect();
try {
  const context = await openMemoryContext(store.pool, createOfflineEmbedder());
  const model = context.embedder.model;
  const queries = benchQueries(Number(values.queries), Number(values.seed));
  const embedded = await embedTexts(context, queries);
  log(`before: ${uptime()}`);

  const duplicates = await client.query<{ texts: string; memories: string; in_groups_over_10: string }>(
    `SELECT count(*) AS texts, sum(n) AS memories, sum(n) FILTER (WHERE n > 10) AS in_groups_over_10
       FROM (SELECT count(*) AS n FROM memories WHERE company_id = $1 GROUP BY content) AS groups`,
    [benchCompany],
  );
  const counted = duplicates.rows[0];
  log(
    `${counted?.memories} memories, ${counted?.texts} distinct texts; ${counted?.in_groups_over_10} memories share their text with more than 9 others (more than one graph element of one vector)`,
  );

  // The exact top 10 of each query (a sequential scan), and every memory as close as its 10th (ties).
  await client.query('SET enable_indexscan = off');
  const ties: Set<number>[] = [];
  const tenths: number[] = [];
  for (const { embedding } of embedded) {
    const vector = vectorText(embedding);
    const exact = await client.query<{ distance: number }>(
      `SELECT embedding <=> $1::vector AS distance FROM memories WHERE company_id = $2 AND archived_at IS NULL
        ORDER BY 1 LIMIT 10`,
      [vector, benchCompany],
    );
    const tenth = exact.rows.at(-1)?.distance ?? 0;
    tenths.push(1 - tenth);
    const tied = await client.query<{ id: string }>(
      `SELECT id FROM memories WHERE company_id = $2 AND archived_at IS NULL AND embedding <=> $1::vector <= $3`,
      [vector, benchCompany, tenth + 1e-6],
    );
    ties.push(new Set(tied.rows.map((row) => Number(row.id))));
  }
  await client.query('RESET enable_indexscan');

  log('\nrecall@10 (ties count) through VectorBackend.nearest, per query shape');
  for (const efSearch of values['ef-search'].split(',').map(Number)) {
    const byShape = new Map<string, number[]>();
    for (const [index, query] of queries.entries()) {
      const hits = await context.backend.nearest(client, {
        companyId: benchCompany,
        params: new SqlParams(),
        visibility: 'TRUE',
        model,
        query: (embedded[index] as { embedding: Float32Array }).embedding,
        limit: 10,
        efSearch,
      });
      const tenth = tenths[index] as number;
      const share = hits.filter((hit) => hit.similarity >= tenth - 1e-6).length / 10;
      byShape.set(shapeOf(query), [...(byShape.get(shapeOf(query)) ?? []), share]);
    }
    log(
      `ef_search ${String(efSearch).padStart(4)}: ${mean([...byShape.values()].flat()).toFixed(3)}  (${[...byShape]
        .map(([shape, shares]) => `${shape} ${mean(shares).toFixed(2)}`)
        .join(', ')})`,
    );
  }

  const reach = Number(values.reach);
  log(`\nreach: an iterative scan (relaxed order, ef_search 200) asked for ${reach} rows`);
  const byShape = new Map<string, { queries: number; never: number; island: number; rows: number[] }>();
  const seen = new Set<string>();
  for (const [index, query] of queries.entries()) {
    if (seen.has(query)) continue;
    seen.add(query);
    await client.query(
      `SELECT set_config('hnsw.ef_search', '200', false), set_config('hnsw.iterative_scan', 'relaxed_order', false),
              set_config('hnsw.max_scan_tuples', $1, false)`,
      [String(reach)],
    );
    const scanned = await client.query<{ id: string }>(
      `SELECT id FROM memories m WHERE m.embedding_model = $2
        ORDER BY m.embedding::vector(256) <=> $1::vector(256) LIMIT ${reach}`,
      [vectorText((embedded[index] as { embedding: Float32Array }).embedding), model],
    );
    const wanted = ties[index] as Set<number>;
    let found = 0;
    let reachedAt = -1;
    for (const [position, row] of scanned.rows.entries())
      if (wanted.has(Number(row.id)) && ++found === Math.min(10, wanted.size)) {
        reachedAt = position + 1;
        break;
      }
    const entry = byShape.get(shapeOf(query)) ?? { queries: 0, never: 0, island: 0, rows: [] };
    entry.queries++;
    if (reachedAt < 0) entry.never++;
    else entry.rows.push(reachedAt);
    if (scanned.rows.length < reach) entry.island++;
    byShape.set(shapeOf(query), entry);
    if (reachedAt < 0)
      log(`  never reached: ${query} (${wanted.size} ties; the scan ended after ${scanned.rows.length} rows)`);
  }
  await client.query(`RESET hnsw.max_scan_tuples`);
  for (const [shape, entry] of byShape)
    log(
      `${shape.padEnd(9)} ${entry.queries} distinct queries: 10 hits never reached ${entry.never}; scan ended before ${reach} rows (island) ${entry.island}; rows needed ${entry.rows.sort((left, right) => left - right).join(' ')}`,
    );
  log(`after:  ${uptime()}`);
} finally {
  client.release();
  await store.stop();
}
