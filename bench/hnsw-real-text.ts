/**
 * HNSW recall@10 on real text rather than the benchmark's templated notes: the paragraphs of the
 * Markdown files of the installed packages (node_modules: READMEs, changelogs, docs — English prose
 * written by many people), embedded with the offline embedder into a bare pgvector table on PGlite,
 * indexed as the memories table is (HNSW, pgvector's defaults m = 16, ef_construction = 64) or with
 * other build parameters (`--builds m:ef_construction,…`, one copy of the table per build, queries
 * alternating between the builds so load drifts hit them alike), and compared with the exact top 10 of
 * a sequential scan, per `hnsw.ef_search` and per LIMIT (recall asks for 4 candidates per result: 20
 * for the default top 5). Queries are the opening words of paragraphs left out of the table. (From
 * round 4's bench/ivfflat-real-text.ts on branch s4-vector.)
 *
 *   node bench/hnsw-real-text.ts [--root node_modules] [--size 50000] [--queries 100] [--ef-search 40,100,200,400]
 *                                [--limits 10,20] [--builds 16:64,16:128] [--inserts 2000]
 *                                [--pairs 16:64@200,32:200@150]
 *
 * `--inserts N` leaves the last N paragraphs out of each build and then inserts them into the indexed
 * table, timed (what the index costs each memory write). `--pairs` compares (build, ef_search) pairs
 * alternating query by query in one loop: recall and latency of settings meant to replace each other.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { proseCorpus } from './hnsw-corpus.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'node_modules' },
    size: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '100' },
    'ef-search': { type: 'string', default: '40,100,200,400' },
    limits: { type: 'string', default: '10,20' },
    builds: { type: 'string', default: '16:64' },
    inserts: { type: 'string', default: '0' },
    pairs: { type: 'string' },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);

const corpus = await proseCorpus(values.root, Number(values.queries), Number(values.size));
const { queries, stored } = corpus;
log(
  `${corpus.files} Markdown files, ${corpus.paragraphs} distinct prose paragraphs; ${stored.length} stored, ${queries.length} queries`,
);

const text = (embedding: Float32Array) => `[${Array.from(embedding, (value) => +value.toPrecision(7)).join(',')}]`;
const db = await PGlite.create('memory://', { extensions: { vector } });
await db.exec('CREATE EXTENSION vector; CREATE TABLE t (id serial PRIMARY KEY, e vector(256))');
for (let start = 0; start < stored.length; start += 1_000)
  await db.query('INSERT INTO t (e) SELECT v::vector FROM unnest($1::text[]) AS x(v)', [
    stored.slice(start, start + 1_000).map((paragraph) => text(embedOffline(paragraph))),
  ]);
const queryVectors = queries.map((query) => text(embedOffline(query)));
const exact: { id: number; d: number }[][] = [];
for (const query of queryVectors)
  exact.push(
    (await db.query<{ id: number; d: number }>('SELECT id, e <=> $1 AS d FROM t ORDER BY e <=> $1 LIMIT 10', [query]))
      .rows,
  );

interface Build {
  m: number;
  efConstruction: number;
  table: string;
}
const builds: Build[] = values.builds.split(',').map((spec) => {
  const [m, efConstruction] = spec.split(':').map(Number);
  if (!Number.isInteger(m) || !Number.isInteger(efConstruction) || (m ?? 0) < 2 || (efConstruction ?? 0) < 4)
    throw new Error(`--builds takes m:ef_construction pairs such as 16:64, got ${spec}`);
  return { m: m as number, efConstruction: efConstruction as number, table: `t_${m}_${efConstruction}` };
});

interface Tally {
  ties: number;
  same: number;
  times: number[];
}

/** Every query against every build, the builds alternating query by query. */
async function measure(limit: number): Promise<Map<Build, Tally>> {
  const tallies = new Map(builds.map((build) => [build, { ties: 0, same: 0, times: [] as number[] }]));
  for (const [index, query] of queryVectors.entries()) {
    const order = index % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const tally = tallies.get(build) as Tally;
      const begun = performance.now();
      const rows = (
        await db.query<{ id: number; d: number }>(
          `SELECT id, e <=> $1 AS d FROM ${build.table} ORDER BY e <=> $1 LIMIT $2`,
          [query, limit],
        )
      ).rows.slice(0, 10);
      tally.times.push(performance.now() - begun);
      const truth = exact[index] ?? [];
      const tenth = truth.at(-1)?.d ?? 0;
      const ids = new Set(truth.map((row) => row.id));
      tally.ties += rows.filter((row) => row.d <= tenth + 1e-6).length / Math.max(1, truth.length);
      tally.same += rows.filter((row) => ids.has(row.id)).length / Math.max(1, truth.length);
    }
  }
  return tallies;
}

const inserts = Number(values.inserts);
const embeddings = await db.query<{ id: number }>('SELECT id FROM t ORDER BY id');
const firstLate = embeddings.rows.at(-inserts)?.id ?? Number.MAX_SAFE_INTEGER;
for (const build of builds) {
  const begun = performance.now();
  await db.exec(
    `CREATE TABLE ${build.table} AS SELECT * FROM t WHERE ${inserts > 0 ? `id < ${firstLate}` : 'true'};
     SET maintenance_work_mem = '256MB';
     CREATE INDEX ON ${build.table} USING hnsw (e vector_cosine_ops) WITH (m = ${build.m}, ef_construction = ${build.efConstruction})`,
  );
  const built = performance.now() - begun;
  let inserted = '';
  if (inserts > 0) {
    const times: number[] = [];
    for (let from = firstLate; from < firstLate + inserts; from += 100) {
      const started = performance.now();
      await db.query(`INSERT INTO ${build.table} SELECT * FROM t WHERE id >= $1 AND id < $2`, [from, from + 100]);
      times.push((performance.now() - started) / 100);
    }
    inserted = `; ${inserts} rows inserted after, p50 ${percentile(times, 50).toFixed(2)} ms a row (batches of 100)`;
  }
  await db.exec(`ANALYZE ${build.table}`);
  log(
    `HNSW m=${build.m} ef_construction=${build.efConstruction} built in ${(built / 1000).toFixed(1)} s${inserted} (load ${(loadavg()[0] ?? 0).toFixed(1)})`,
  );
}
await db.exec('SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order');
log('build (m:efc)  limit  ef_search  recall@10 ties  same ids  p50 ms  p95 ms');
for (const limit of values.limits.split(',').map(Number))
  for (const ef of values['ef-search'].split(',').map(Number)) {
    await db.exec(`SET hnsw.ef_search = ${ef}`);
    for (const [build, tally] of await measure(limit)) {
      const n = queryVectors.length;
      log(
        `${`${build.m}:${build.efConstruction}`.padStart(13)}  ${String(limit).padStart(5)}  ${String(ef).padStart(9)}  ${(tally.ties / n).toFixed(3).padStart(14)}  ${(tally.same / n).toFixed(3).padStart(8)}  ${percentile(tally.times, 50).toFixed(1).padStart(6)}  ${percentile(tally.times, 95).toFixed(1).padStart(6)}`,
      );
    }
  }
if (values.pairs) {
  const pairs = values.pairs.split(',').map((spec) => {
    const [buildSpec, ef] = spec.split('@');
    const build = builds.find((candidate) => `${candidate.m}:${candidate.efConstruction}` === buildSpec);
    if (!build || !Number.isInteger(Number(ef)))
      throw new Error(`--pairs takes m:ef_construction@ef_search of a build in --builds, got ${spec}`);
    return { build, ef: Number(ef), ties: 0, times: [] as number[] };
  });
  for (const [index, query] of queryVectors.entries()) {
    for (const pair of index % 2 === 0 ? pairs : [...pairs].reverse()) {
      await db.exec(`SET hnsw.ef_search = ${pair.ef}`);
      const begun = performance.now();
      const rows = (
        await db.query<{ d: number }>(`SELECT e <=> $1 AS d FROM ${pair.build.table} ORDER BY e <=> $1 LIMIT 20`, [
          query,
        ])
      ).rows.slice(0, 10);
      pair.times.push(performance.now() - begun);
      const truth = exact[index] ?? [];
      const tenth = truth.at(-1)?.d ?? 0;
      pair.ties += rows.filter((row) => row.d <= tenth + 1e-6).length / Math.max(1, truth.length);
    }
  }
  log('pairs, alternating query by query (LIMIT 20):');
  log('build (m:efc)  ef_search  recall@10 ties  p50 ms  p95 ms');
  for (const pair of pairs)
    log(
      `${`${pair.build.m}:${pair.build.efConstruction}`.padStart(13)}  ${String(pair.ef).padStart(9)}  ${(pair.ties / queryVectors.length).toFixed(3).padStart(14)}  ${percentile(pair.times, 50).toFixed(1).padStart(6)}  ${percentile(pair.times, 95).toFixed(1).padStart(6)}`,
    );
}
log(`load ${(loadavg()[0] ?? 0).toFixed(1)}`);
await db.close();
