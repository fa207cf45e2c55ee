/**
 * HNSW recall@10 on real text rather than the benchmark's templated notes: the paragraphs of the
 * Markdown files of the installed packages (node_modules: READMEs, changelogs, docs — English prose
 * written by many people), embedded with the offline embedder into a bare pgvector table on PGlite,
 * indexed as the memories table is (HNSW, pgvector's defaults m = 16, ef_construction = 64), and
 * compared with the exact top 10 of a sequential scan, per `hnsw.ef_search` and per LIMIT (recall
 * asks for 4 candidates per result: 20 for the default top 5). Queries are the opening words of
 * paragraphs left out of the table. (From round 4's bench/ivfflat-real-text.ts on branch s4-vector.)
 *
 *   node bench/hnsw-real-text.ts [--root node_modules] [--size 50000] [--queries 100] [--ef-search 40,100,200,400]
 *                                [--limits 10,20]
 */
import { readdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { seededRandom } from '../src/domain/seeded-random.ts';
import { embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'node_modules' },
    size: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '100' },
    'ef-search': { type: 'string', default: '40,100,200,400' },
    limits: { type: 'string', default: '10,20' },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);

async function markdownFiles(directory: string, depth: number, found: string[]): Promise<void> {
  if (depth > 6) return;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() || entry.isSymbolicLink()) await markdownFiles(path, depth + 1, found);
    else if (entry.name.toLowerCase().endsWith('.md')) found.push(path);
  }
}

const files: string[] = [];
await markdownFiles(values.root, 0, files);
const seen = new Set<string>();
const paragraphs: string[] = [];
for (const file of files.sort()) {
  for (const block of (await readFile(file, 'utf8')).split(/\n\s*\n/)) {
    const text = block.replace(/\s+/g, ' ').trim();
    // Prose-like paragraphs only: long enough, mostly letters, not a table or a badge line.
    if (text.length < 80 || text.length > 2_000 || /^[|!<[]/.test(text)) continue;
    if ((text.match(/\p{L}/gu)?.length ?? 0) < text.length * 0.6 || seen.has(text)) continue;
    seen.add(text);
    paragraphs.push(text);
  }
}
const random = seededRandom(17);
for (let index = paragraphs.length - 1; index > 0; index--) {
  const other = Math.floor(random() * (index + 1));
  [paragraphs[index], paragraphs[other]] = [paragraphs[other] as string, paragraphs[index] as string];
}
const queryCount = Number(values.queries);
const queries = paragraphs.slice(0, queryCount).map((text) => text.split(' ').slice(0, 8).join(' '));
const stored = paragraphs.slice(queryCount, queryCount + Number(values.size));
log(
  `${files.length} Markdown files, ${paragraphs.length} distinct prose paragraphs; ${stored.length} stored, ${queries.length} queries`,
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

async function measure(limit: number): Promise<string> {
  let ties = 0;
  let same = 0;
  const times: number[] = [];
  for (const [index, query] of queryVectors.entries()) {
    const begun = performance.now();
    const rows = (
      await db.query<{ id: number; d: number }>('SELECT id, e <=> $1 AS d FROM t ORDER BY e <=> $1 LIMIT $2', [
        query,
        limit,
      ])
    ).rows.slice(0, 10);
    times.push(performance.now() - begun);
    const truth = exact[index] ?? [];
    const tenth = truth.at(-1)?.d ?? 0;
    const ids = new Set(truth.map((row) => row.id));
    ties += rows.filter((row) => row.d <= tenth + 1e-6).length / Math.max(1, truth.length);
    same += rows.filter((row) => ids.has(row.id)).length / Math.max(1, truth.length);
  }
  return `${(ties / queryVectors.length).toFixed(3).padStart(14)}  ${(same / queryVectors.length).toFixed(3).padStart(8)}  ${percentile(times, 50).toFixed(1).padStart(6)}  ${percentile(times, 95).toFixed(1).padStart(6)}`;
}

const begun = performance.now();
await db.exec(`SET maintenance_work_mem = '256MB'; CREATE INDEX ON t USING hnsw (e vector_cosine_ops); ANALYZE t`);
log(
  `HNSW m=16 ef_construction=64 built in ${((performance.now() - begun) / 1000).toFixed(1)} s (load ${(loadavg()[0] ?? 0).toFixed(1)})`,
);
await db.exec('SET enable_seqscan = off; SET hnsw.iterative_scan = relaxed_order');
log('limit  ef_search  recall@10 ties  same ids  p50 ms  p95 ms');
for (const limit of values.limits.split(',').map(Number))
  for (const ef of values['ef-search'].split(',').map(Number)) {
    await db.exec(`SET hnsw.ef_search = ${ef}`);
    log(`${String(limit).padStart(5)}  ${String(ef).padStart(9)}  ${await measure(limit)}`);
  }
log(`load ${(loadavg()[0] ?? 0).toFixed(1)}`);
await db.close();
