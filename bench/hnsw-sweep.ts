/**
 * HNSW recall@10 and latency per search setting on the memory benchmark's background notes, in a bare
 * pgvector table on PGlite (no memory pipeline, so a 100k build fits in minutes), all settings in one
 * run against the same exact top 10 (a sequential scan). The levers measured:
 *  - `hnsw.ef_search` (the candidate list);
 *  - `hnsw.iterative_scan` off / relaxed_order / strict_order (pgvector ≥ 0.8);
 *  - the same query with a filter, as recall runs it (`company = 1`: every row passes, so it shows what
 *    a filter costs the plan, not what it removes);
 *  - an index over the distinct embeddings only (identical notes share one graph node; the hits are
 *    expanded back to every row with that embedding): the hypothesis that groups of identical vectors
 *    are what hold recall down;
 *  - an IVFFlat index (k-means lists over the loaded rows) against `ivfflat.probes`, on a copy of the
 *    table: the alternative where HNSW's graph does not connect the clusters of templated notes.
 * Used for the figures in docs/memory-rounds.md ("HNSW recall against ef_search", "HNSW levers measured").
 *
 *   node bench/hnsw-sweep.ts [--size 100000] [--m 16] [--ef-construction 64] [--ef-search 40,100,200,400]
 *                            [--iterative off,relaxed_order,strict_order] [--queries 100] [--data-dir DIR]
 *                            [--ivf-lists 300] [--probes 3,10,20,40]
 *
 * With --data-dir the table and indexes are kept there and reused by the next run with the same size
 * and build parameters (a 100k build takes minutes), so settings can be measured again without one.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { backgroundNotes, benchQueries } from './memory-dataset.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    m: { type: 'string', default: '16' },
    'ef-construction': { type: 'string', default: '64' },
    'ef-search': { type: 'string', default: '40,100,200,400' },
    iterative: { type: 'string', default: 'off,relaxed_order,strict_order' },
    queries: { type: 'string', default: '100' },
    'data-dir': { type: 'string' },
    'ivf-lists': { type: 'string', default: '300' },
    probes: { type: 'string', default: '3,10,20,40' },
  },
  strict: true,
});
const size = Number(values.size);
const m = Number(values.m);
const efConstruction = Number(values['ef-construction']);
const dataDir = values['data-dir'];
const reuse = dataDir !== undefined && existsSync(dataDir);
const db = await PGlite.create(dataDir ?? 'memory://', { extensions: { vector } });
const text = (embedding: Float32Array) => `[${Array.from(embedding, (value) => +value.toPrecision(7)).join(',')}]`;
const log = (line: string) => process.stdout.write(`${line}\n`);

if (!reuse) {
  await db.exec(`CREATE EXTENSION vector;
    CREATE TABLE t (id serial PRIMARY KEY, company int DEFAULT 1, body text, e vector(256), h text)`);
  const notes = backgroundNotes(size).map((note) => note.content);
  for (let start = 0; start < notes.length; start += 1000) {
    const batch = notes.slice(start, start + 1000);
    await db.query('INSERT INTO t (body, e) SELECT b, v::vector FROM unnest($1::text[], $2::text[]) AS x(b, v)', [
      batch,
      batch.map((note) => text(embedOffline(note))),
    ]);
  }
  const built = async (sql: string) => {
    const started = performance.now();
    await db.exec(`SET maintenance_work_mem = '512MB'; ${sql}`);
    return ((performance.now() - started) / 1000).toFixed(1);
  };
  const withParams = `WITH (m = ${m}, ef_construction = ${efConstruction})`;
  log(
    `build over all rows: ${await built(`CREATE INDEX t_hnsw ON t USING hnsw (e vector_cosine_ops) ${withParams}`)} s`,
  );
  // Distinct embeddings: one row (and one graph node) per embedding, with the number of notes sharing it.
  await db.exec(`UPDATE t SET h = md5(e::text); CREATE INDEX ON t (h);
    CREATE TABLE d AS SELECT h, min(e::text)::vector(256) AS e, count(*) AS n FROM t GROUP BY h`);
  log(
    `build over distinct embeddings: ${await built(`CREATE INDEX d_hnsw ON d USING hnsw (e vector_cosine_ops) ${withParams}`)} s`,
  );
  await db.exec('ANALYZE');
  await db.exec(`CREATE TABLE sweep_meta AS SELECT ${size} AS size, ${m} AS m, ${efConstruction} AS ef_construction`);
} else {
  const meta = (await db.query<{ size: number; m: number; ef_construction: number }>('SELECT * FROM sweep_meta'))
    .rows[0];
  if (meta?.size !== size || meta.m !== m || meta.ef_construction !== efConstruction)
    throw new Error(`${dataDir} holds another build (${JSON.stringify(meta)}): remove it or pass its parameters`);
}
const ivfLists = Number(values['ivf-lists']);
const ivfTable = `ti_${ivfLists}`;
const hasIvf = (await db.query(`SELECT 1 FROM pg_class WHERE relname = '${ivfTable}'`)).rows.length > 0;
if (!hasIvf) {
  await db.exec(`CREATE TABLE ${ivfTable} AS SELECT id, company, e FROM t`);
  const started = performance.now();
  await db.exec(
    `SET maintenance_work_mem = '512MB'; CREATE INDEX ON ${ivfTable} USING ivfflat (e vector_cosine_ops) WITH (lists = ${ivfLists}); ANALYZE ${ivfTable}`,
  );
  log(`IVFFlat build (lists = ${ivfLists}): ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const counts = (
  await db.query<{ rows: number; unique_embeddings: number }>(
    'SELECT (SELECT count(*) FROM t)::int AS rows, (SELECT count(*) FROM d)::int AS unique_embeddings',
  )
).rows[0];
log(
  `${counts?.rows} notes, ${counts?.unique_embeddings} distinct embeddings, m=${m}, ef_construction=${efConstruction}`,
);

const queryTexts = benchQueries(Number(values.queries));
const queries = queryTexts.map((query) => text(embedOffline(query)));
await db.exec('SET enable_indexscan = off; SET enable_bitmapscan = off');
const exact: { id: number; d: number }[][] = [];
const exactTimes: number[] = [];
for (const query of queries) {
  const started = performance.now();
  exact.push(
    (await db.query<{ id: number; d: number }>('SELECT id, e <=> $1 AS d FROM t ORDER BY e <=> $1 LIMIT 10', [query]))
      .rows,
  );
  exactTimes.push(performance.now() - started);
}
log(`exact scan: p50 ${percentile(exactTimes, 50).toFixed(1)} ms, p95 ${percentile(exactTimes, 95).toFixed(1)} ms`);
await db.exec('SET enable_indexscan = on; SET enable_bitmapscan = on; SET enable_seqscan = off');

const variants: [string, string][] = [
  ['all rows', 'SELECT id, e <=> $1 AS d FROM t ORDER BY e <=> $1 LIMIT 10'],
  ['all rows, filtered', 'SELECT id, e <=> $1 AS d FROM t WHERE company = 1 ORDER BY e <=> $1 LIMIT 10'],
  [
    'distinct embeddings',
    `SELECT t.id, x.d FROM (SELECT h, e <=> $1 AS d FROM d ORDER BY e <=> $1 LIMIT 10) x JOIN t USING (h)
      ORDER BY x.d, t.id LIMIT 10`,
  ],
];
/** The benchmark's query shapes (bench/memory-dataset.ts benchQueries): recall differs a lot between them. */
const shapeOf = (query: string) =>
  query.includes('smoke')
    ? 'lessons'
    : query.startsWith('who owns')
      ? 'owner'
      : query.includes(' plan ')
        ? 'plan'
        : 'person';

async function measure(sql: string): Promise<string> {
  let ties = 0;
  let same = 0;
  const times: number[] = [];
  const byShape = new Map<string, { sum: number; count: number }>();
  for (const [index, query] of queries.entries()) {
    const started = performance.now();
    const rows = (await db.query<{ id: number; d: number }>(sql, [query])).rows;
    times.push(performance.now() - started);
    const truth = exact[index] ?? [];
    const ids = new Set(truth.map((row) => row.id));
    const tenth = truth.at(-1)?.d ?? 0;
    const hit = rows.filter((row) => row.d <= tenth + 1e-6).length / truth.length;
    same += rows.filter((row) => ids.has(row.id)).length / truth.length;
    ties += hit;
    const shape = byShape.get(shapeOf(queryTexts[index] ?? '')) ?? { sum: 0, count: 0 };
    byShape.set(shapeOf(queryTexts[index] ?? ''), { sum: shape.sum + hit, count: shape.count + 1 });
  }
  const shapes = [...byShape]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([shape, { sum, count }]) => `${shape} ${(sum / count).toFixed(2)}`)
    .join(', ');
  return `${(ties / queries.length).toFixed(3).padStart(14)}  ${(same / queries.length).toFixed(3).padStart(8)}  ${percentile(times, 50).toFixed(1).padStart(7)}  ${percentile(times, 95).toFixed(1).padStart(7)}  ${shapes}`;
}

log('\nrecall@10 vs exact ("ties": a hit as close as the exact 10th counts; many generated notes are identical)');
log(
  'iterative scan   index                 ef_search  recall@10 ties  same ids   p50 ms   p95 ms  ties by query shape',
);
for (const iterative of values.iterative.split(',')) {
  for (const [name, sql] of variants) {
    for (const ef of values['ef-search'].split(',').map(Number)) {
      await db.exec(`SET hnsw.ef_search = ${ef}; SET hnsw.iterative_scan = ${iterative}`);
      log(`${iterative.padEnd(16)} ${name.padEnd(21)} ${String(ef).padStart(9)}  ${await measure(sql)}`);
    }
  }
}
for (const probes of values.probes.split(',').map(Number)) {
  // Filtered, as recall runs it; iterative IVFFlat scans keep probing until LIMIT rows pass the filter.
  await db.exec(`SET ivfflat.probes = ${probes}; SET ivfflat.iterative_scan = relaxed_order`);
  const sql = `SELECT id, e <=> $1 AS d FROM ${ivfTable} WHERE company = 1 ORDER BY e <=> $1 LIMIT 10`;
  log(
    `${'(IVFFlat)'.padEnd(16)} ${`lists=${ivfLists}, filtered`.padEnd(21)} ${`probes ${probes}`.padStart(9)}  ${await measure(sql)}`,
  );
}
await db.close();
