/**
 * HNSW recall@10 and search latency per embedding model, in one run: the real-prose corpus
 * (bench/hnsw-corpus.ts) embedded by each model named, one bare pgvector table per model on one PGlite
 * (embedding stored out of line as in `memories`), each indexed as `memories` is (HNSW m = 16,
 * ef_construction = 64, iterative scan relaxed_order), compared with the exact top 10 of a sequential
 * scan (ties count, as the other HNSW benches). Every query runs against every (model, ef_search) pair,
 * the pairs alternating query by query so load drifts hit them alike.
 *
 *   node bench/hnsw-embedders.ts [--embedders offline,local:minilm-l6,local:wordllama-256]
 *                                [--ef-search 40,100,200,400] [--queries 100] [--size 50000] [--seed 17]
 *                                [--notes 0] [--cache-dir ~/.cache/synthorg/bench-embeddings]
 *
 * A local model's vectors are kept in `--cache-dir` (bench/embedding-cache.ts, one file per model), written
 * batch by batch, so a rerun — or a run killed midway — embeds only what the file lacks. `--notes N` adds
 * the memory benchmark's first N generated background notes (bench/memory-dataset.ts) to the stored set:
 * the corpus plus 83,000 notes makes a 100k store.
 */
import { mkdir } from 'node:fs/promises';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { proseCorpus } from './hnsw-corpus.ts';
import { backgroundNotes } from './memory-dataset.ts';
import { defaultEfSearch } from '../src/memory/vector-backend.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'node_modules' },
    size: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '17' },
    notes: { type: 'string', default: '0' },
    embedders: { type: 'string', default: 'offline,local:minilm-l6,local:wordllama-256' },
    'ef-search': { type: 'string', default: '40,100,200,400' },
    'cache-dir': { type: 'string', default: join(homedir(), '.cache', 'synthorg', 'bench-embeddings') },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);

const corpus = await proseCorpus(values.root, Number(values.queries), Number(values.size), Number(values.seed));
const notes = Number(values.notes) > 0 ? backgroundNotes(Number(values.notes), 0).map((note) => note.content) : [];
const stored = [...corpus.stored, ...notes];
log(
  `${corpus.paragraphs} distinct prose paragraphs; ${corpus.stored.length} stored + ${notes.length} generated notes, ${corpus.queries.length} queries, seed ${values.seed} (load ${load()})`,
);

/** The model's vectors for `texts`, in batches through the cache file so each batch is kept once embedded. */
async function embedAll(embedder: Embedder, texts: readonly string[]): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  const begun = performance.now();
  const batch = embedder.offline ? 5_000 : 500;
  for (let start = 0; start < texts.length; start += batch) {
    vectors.push(...(await embedder.embed(texts.slice(start, start + batch))));
    if (!embedder.offline && (start / batch) % 10 === 9)
      log(
        `  ${embedder.model}: ${start + batch} of ${texts.length} (${((performance.now() - begun) / 1000).toFixed(0)} s)`,
      );
  }
  log(
    `${embedder.model}: ${texts.length} texts in ${((performance.now() - begun) / 1000).toFixed(1)} s (cached ones read, not embedded; load ${load()})`,
  );
  return vectors;
}

const text = (embedding: Float32Array) => `[${Array.from(embedding, (value) => +value.toPrecision(7)).join(',')}]`;
const config = loadConfig();
await mkdir(values['cache-dir'], { recursive: true });
const db = await PGlite.create('memory://', { extensions: { vector } });
await db.exec(`CREATE EXTENSION vector; SET maintenance_work_mem = '256MB'`);

interface Model {
  name: string;
  table: string;
  queries: string[];
  /** Distance of the exact 10th neighbour, per query. */
  tenth: number[];
  exactIds: Set<number>[];
  /** The candidate list recall searches this model's index with (the embedder's own, else the default). */
  recallEf: number;
}
const models: Model[] = [];
for (const name of values.embedders.split(',')) {
  const base = benchEmbedder(name, config);
  const embedder = base.offline
    ? base
    : await cachedEmbedder(base, join(values['cache-dir'], `${base.model.replace(/[^a-z0-9]+/gi, '-')}.jsonl`));
  const vectors = await embedAll(embedder, stored);
  const queryVectors = await embedAll(embedder, corpus.queries);
  const dimensions = vectors[0]?.length ?? 0;
  const table = `t_${models.length}`;
  await db.exec(`CREATE TABLE ${table} (id serial PRIMARY KEY, e vector(${dimensions})) WITH (toast_tuple_target = 1024);
    ALTER TABLE ${table} ALTER COLUMN e SET STORAGE EXTERNAL`);
  for (let start = 0; start < vectors.length; start += 1_000)
    await db.query(`INSERT INTO ${table} (e) SELECT v::vector FROM unnest($1::text[]) AS x(v)`, [
      vectors.slice(start, start + 1_000).map(text),
    ]);
  const queries = queryVectors.map(text);
  const tenth: number[] = [];
  const exactIds: Set<number>[] = [];
  for (const query of queries) {
    const { rows } = await db.query<{ id: number; d: number }>(
      `SELECT id, e <=> $1 AS d FROM ${table} ORDER BY e <=> $1 LIMIT 10`,
      [query],
    );
    tenth.push(rows.at(-1)?.d ?? 0);
    exactIds.push(new Set(rows.map((row) => row.id)));
  }
  const begun = performance.now();
  await db.exec(`CREATE INDEX ON ${table} USING hnsw (e vector_cosine_ops); ANALYZE ${table}`);
  log(
    `${base.model} (${dimensions} dimensions): HNSW m=16 ef_construction=64 over ${vectors.length} rows built in ${((performance.now() - begun) / 1000).toFixed(1)} s (load ${load()})`,
  );
  models.push({ name: base.model, table, queries, tenth, exactIds, recallEf: base.efSearch ?? defaultEfSearch });
}
await stopLocalEmbeddingServer();

await db.exec('SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order');
interface Setting {
  model: Model;
  efSearch: number;
  ties: number;
  same: number;
  times: number[];
}
const settings: Setting[] = models.flatMap((model) =>
  values['ef-search']
    .split(',')
    .map((ef) => ({ model, efSearch: Number(ef), ties: 0, same: 0, times: [] as number[] })),
);
for (const setting of settings) {
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT id FROM ${setting.model.table} ORDER BY e <=> $1 LIMIT 10`,
    [setting.model.queries[0]],
  );
  if (!plan.rows.some((row) => row['QUERY PLAN'].includes('Index Scan using')))
    throw new Error(`${setting.model.name} does not use its index`);
}
log(`measuring ${settings.length} settings × ${corpus.queries.length} queries, alternating (load ${load()})`);
for (const index of corpus.queries.keys()) {
  for (const setting of index % 2 === 0 ? settings : [...settings].reverse()) {
    const { model } = setting;
    await db.exec(`SET hnsw.ef_search = ${setting.efSearch}`);
    const begun = performance.now();
    const { rows } = await db.query<{ id: number; d: number }>(
      `SELECT id, e <=> $1 AS d FROM ${model.table} ORDER BY e <=> $1 LIMIT 10`,
      [model.queries[index]],
    );
    setting.times.push(performance.now() - begun);
    const tenth = model.tenth[index] ?? 0;
    const ids = model.exactIds[index] ?? new Set<number>();
    setting.ties += rows.filter((row) => row.d <= tenth + 1e-6).length / 10;
    setting.same += rows.filter((row) => ids.has(row.id)).length / 10;
  }
}
log('model                 ef_search  recall@10 ties  same ids  p50 ms  p95 ms');
for (const setting of settings) {
  const n = corpus.queries.length;
  log(
    `${setting.model.name.padEnd(20)}  ${String(setting.efSearch).padStart(9)}  ${(setting.ties / n).toFixed(3).padStart(14)}  ${(setting.same / n).toFixed(3).padStart(8)}  ${percentile(setting.times, 50).toFixed(1).padStart(6)}  ${percentile(setting.times, 95).toFixed(1).padStart(6)}${setting.efSearch === setting.model.recallEf ? "  ← recall's setting" : ''}`,
  );
}
log(`load ${load()}`);
await db.close();
