/**
 * HNSW search methods compared at equal footing on real prose (bench/hnsw-corpus.ts): recall@10 against
 * the exact top 10 of a sequential scan (ties count) and latency, the methods alternating query by query
 * in one loop so load drifts hit them alike. One table, its embedding stored out of line as in `memories`
 * (toast_tuple_target 1024, so an exact re-rank pays the detoasting a memory's would), with one HNSW
 * index per representation, built m = 16, ef_construction = 64 (pgvector's defaults, as `memories`):
 *
 *   vector@EF          the full-precision index at ef_search EF (today: vector@200)
 *   halfvec@EF[:N]     a halfvec(256) expression index; with N, its first N re-ranked on the full vectors
 *   bit@EF:N           binary_quantize(embedding)::bit(256) with Hamming distance, its first N re-ranked
 *   sketch@EF:N        the 256-bit SimHash sketch every memory carries (src/memory/embedding/sketch.ts)
 *                      with Hamming distance, its first N re-ranked on the full vectors
 *   vector@EF:N        the full-precision index asked for N (iterative scan) and the best 10 kept
 *
 *   node bench/hnsw-rerank.ts [--size 50000] [--queries 100] [--seed 17]
 *                             [--methods vector@200,vector@400,halfvec@400,bit@1000:400]
 *
 * `--seed` shuffles the corpus differently: choose a method's parameters on one seed, check them on another.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { sketchOf } from '../src/memory/embedding/sketch.ts';
import { proseCorpus } from './hnsw-corpus.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'node_modules' },
    size: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '17' },
    methods: { type: 'string', default: 'vector@200,vector@400,halfvec@400,halfvec@400:40,bit@1000:400' },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);

interface Method {
  spec: string;
  kind: 'vector' | 'halfvec' | 'bit' | 'sketch';
  efSearch: number;
  candidates: number;
  ties: number;
  times: number[];
}
const methods: Method[] = values.methods.split(',').map((spec) => {
  const match = /^(vector|halfvec|bit|sketch)@(\d+)(?::(\d+))?$/.exec(spec);
  if (!match) throw new Error(`--methods takes kind@ef_search[:candidates], got ${spec}`);
  const kind = match[1] as Method['kind'];
  const candidates = Number(match[3] ?? 0);
  if ((kind === 'bit' || kind === 'sketch') && candidates < 10)
    throw new Error(`${spec}: a bit index needs a re-rank of at least 10`);
  return { spec, kind, efSearch: Number(match[2]), candidates, ties: 0, times: [] };
});

const corpus = await proseCorpus(values.root, Number(values.queries), Number(values.size), Number(values.seed));
log(
  `${corpus.paragraphs} distinct prose paragraphs; ${corpus.stored.length} stored, ${corpus.queries.length} queries, seed ${values.seed} (load ${load()})`,
);
const text = (embedding: Float32Array) => `[${Array.from(embedding, (value) => +value.toPrecision(7)).join(',')}]`;
const db = await PGlite.create('memory://', { extensions: { vector } });
await db.exec(`CREATE EXTENSION vector;
  CREATE TABLE t (id serial PRIMARY KEY, e vector(256), s bit(256)) WITH (toast_tuple_target = 1024);
  ALTER TABLE t ALTER COLUMN e SET STORAGE EXTERNAL`);
for (let start = 0; start < corpus.stored.length; start += 1_000) {
  const vectors = corpus.stored.slice(start, start + 1_000).map((paragraph) => embedOffline(paragraph));
  await db.query('INSERT INTO t (e, s) SELECT v::vector, b::bit(256) FROM unnest($1::text[], $2::text[]) AS x(v, b)', [
    vectors.map(text),
    vectors.map(sketchOf),
  ]);
}
const queryVectors = corpus.queries.map((query) => embedOffline(query));
const queries = queryVectors.map(text);
const sketches = queryVectors.map(sketchOf);
const exact: number[] = [];
for (const query of queries) {
  const { rows } = await db.query<{ d: number }>('SELECT e <=> $1 AS d FROM t ORDER BY e <=> $1 LIMIT 10', [query]);
  exact.push(rows.at(-1)?.d ?? 0);
}
const indexes = {
  vector: 'CREATE INDEX ON t USING hnsw (e vector_cosine_ops)',
  halfvec: 'CREATE INDEX ON t USING hnsw ((e::halfvec(256)) halfvec_cosine_ops)',
  bit: 'CREATE INDEX ON t USING hnsw ((binary_quantize(e)::bit(256)) bit_hamming_ops)',
  sketch: 'CREATE INDEX ON t USING hnsw (s bit_hamming_ops)',
};
await db.exec(`SET maintenance_work_mem = '256MB'`);
for (const kind of new Set(methods.map((method) => method.kind))) {
  const begun = performance.now();
  await db.exec(indexes[kind]);
  log(`${kind} index built in ${((performance.now() - begun) / 1000).toFixed(1)} s (load ${load()})`);
}
await db.exec('ANALYZE t; SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order');

const order = {
  vector: 'e <=> $1::vector',
  halfvec: 'e::halfvec(256) <=> $1::vector::halfvec(256)',
  bit: 'binary_quantize(e)::bit(256) <~> binary_quantize($1::vector)',
  sketch: 's <~> $2::bit(256)',
};
const sqlOf = (method: Method) =>
  method.candidates === 0
    ? `SELECT e <=> $1::vector AS d FROM t ORDER BY ${order[method.kind]} LIMIT 10`
    : `SELECT e <=> $1::vector AS d FROM (SELECT e FROM t ORDER BY ${order[method.kind]} LIMIT ${method.candidates}) c
        ORDER BY d LIMIT 10`;
const paramsOf = (method: Method, index: number) =>
  method.kind === 'sketch' ? [queries[index], sketches[index]] : [queries[index]];
for (const method of methods) {
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sqlOf(method)}`, paramsOf(method, 0));
  if (!plan.rows.some((row) => row['QUERY PLAN'].includes('Index Scan using')))
    throw new Error(`${method.spec} does not use its index`);
}
for (const index of queries.keys()) {
  for (const method of index % 2 === 0 ? methods : [...methods].reverse()) {
    await db.exec(`SET hnsw.ef_search = ${method.efSearch}`);
    const begun = performance.now();
    const { rows } = await db.query<{ d: number }>(sqlOf(method), paramsOf(method, index));
    method.times.push(performance.now() - begun);
    const tenth = exact[index] ?? 0;
    method.ties += rows.filter((row) => row.d <= tenth + 1e-6).length / 10;
  }
}
log('method              recall@10 ties  p50 ms  p95 ms');
for (const method of methods)
  log(
    `${method.spec.padEnd(18)}  ${(method.ties / queries.length).toFixed(3).padStart(14)}  ${percentile(method.times, 50).toFixed(1).padStart(6)}  ${percentile(method.times, 95).toFixed(1).padStart(6)}`,
  );
log(`load ${load()}`);
await db.close();
