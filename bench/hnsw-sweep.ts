/**
 * HNSW recall@10 against ef_search on the memory benchmark's background notes, in a bare pgvector
 * table on PGlite (no memory pipeline, so a 100k build fits in minutes): the index is built in bulk
 * with the given m and ef_construction, the exact top 10 comes from a sequential scan, and each
 * ef_search is measured with the iterative scan and a filter as recall runs them. Used for the
 * figures in docs/memory.md ("HNSW recall against ef_search").
 *
 *   node bench/hnsw-sweep.ts [--size 100000] [--m 16] [--ef-construction 64] [--ef-search 40,100,200,400,800]
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { backgroundNotes, benchQueries } from './memory-dataset.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    m: { type: 'string', default: '16' },
    'ef-construction': { type: 'string', default: '64' },
    'ef-search': { type: 'string', default: '40,100,200,400,800' },
    queries: { type: 'string', default: '100' },
  },
  strict: true,
});
const size = Number(values.size);
const m = Number(values.m);
const efConstruction = Number(values['ef-construction']);
const db = await PGlite.create({ extensions: { vector } });
await db.exec('CREATE EXTENSION vector; CREATE TABLE t (id serial PRIMARY KEY, company int DEFAULT 1, e vector(256))');
const text = (embedding: Float32Array) => `[${Array.from(embedding, (value) => +value.toPrecision(7)).join(',')}]`;
const notes = backgroundNotes(size).map((note) => note.content);
for (let start = 0; start < notes.length; start += 1000)
  await db.query('INSERT INTO t (e) SELECT v::vector FROM unnest($1::text[]) AS x(v)', [
    notes.slice(start, start + 1000).map((note) => text(embedOffline(note))),
  ]);
const started = performance.now();
await db.exec(
  `SET maintenance_work_mem = '256MB'; CREATE INDEX ON t USING hnsw (e vector_cosine_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`,
);
process.stdout.write(
  `${size} notes (${new Set(notes).size} distinct texts), m=${m}, ef_construction=${efConstruction}: build ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
const queries = benchQueries(Number(values.queries)).map((query) => text(embedOffline(query)));
const nearest = 'SELECT id, e <=> $1 AS d FROM t WHERE company = 1 ORDER BY e <=> $1 LIMIT 10';
await db.exec('SET enable_indexscan = off; SET enable_bitmapscan = off');
const exact: { id: number; d: number }[][] = [];
for (const query of queries) exact.push((await db.query<{ id: number; d: number }>(nearest, [query])).rows);
await db.exec(`SET enable_indexscan = on; SET enable_bitmapscan = on; SET enable_seqscan = off;
  SET hnsw.iterative_scan = relaxed_order`);
for (const ef of values['ef-search'].split(',').map(Number)) {
  await db.exec(`SET hnsw.ef_search = ${ef}`);
  let ties = 0;
  let same = 0;
  const begun = performance.now();
  for (const [index, query] of queries.entries()) {
    const rows = (await db.query<{ id: number; d: number }>(nearest, [query])).rows;
    const truth = exact[index] ?? [];
    const ids = new Set(truth.map((row) => row.id));
    const tenth = truth.at(-1)?.d ?? 0;
    same += rows.filter((row) => ids.has(row.id)).length / truth.length;
    ties += rows.filter((row) => row.d <= tenth + 1e-6).length / truth.length;
  }
  process.stdout.write(
    `ef_search=${ef}: recall@10 ties count ${(ties / queries.length).toFixed(3)}, same ids ${(same / queries.length).toFixed(3)}, ${((performance.now() - begun) / queries.length).toFixed(1)} ms/query\n`,
  );
}
await db.close();
