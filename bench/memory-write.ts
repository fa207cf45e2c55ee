/**
 * Two write paths side by side, as a store grows in production: the model's HNSW index exists before the
 * first write (it is built at first use) and memories arrive through `rememberBatch`. Two in-memory PGlite
 * + pgvector stores are loaded with the same background notes, this checkout's `rememberBatch` into one
 * and another checkout's into the other (`--baseline OTHER/src/memory`), alternating batch by batch. Then,
 * on both: the heap's size (dead row versions an update after insert leaves take pages), the size of the HNSW and full-text indexes, HNSW recall@10 against an exact scan (ties count) and search
 * latency, and hybrid recall latency (wall and CPU) with the top 5 compared, the two stores alternating
 * query by query. Last, recorded recalls (an agent step's, which update the recalled memories) on both,
 * alternating: their time and the bytes they added to the table's indexes.
 *
 *   git -C MAIN archive main | tar -x -C /tmp/main && ln -s $PWD/node_modules /tmp/main/node_modules
 *   node bench/memory-write.ts --baseline /tmp/main/src/memory [--size 10000] [--batch 500] [--queries 100]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder, embedOffline } from '../src/memory/embedding/offline-embedder.ts';
import { recall as currentRecall } from '../src/memory/hybrid-recall.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { nearestRequest } from '../src/memory/vector-backend.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { backgroundNotes, benchQueries } from './memory-dataset.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    size: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '500' },
    queries: { type: 'string', default: '100' },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const companyId = 'bench-write';

interface Path {
  name: string;
  rememberBatch: typeof rememberBatch;
  recall: typeof currentRecall;
  openMemoryContext: typeof openMemoryContext;
  embedTexts: typeof embedTexts;
  /** Migrates with its checkout's migrations. */
  startPgliteDatabase: typeof startPgliteDatabase;
}
const here: Path = {
  name: 'this checkout',
  rememberBatch,
  recall: currentRecall,
  openMemoryContext,
  embedTexts,
  startPgliteDatabase,
};
const other: Path = values.baseline
  ? {
      name: `baseline ${values.baseline}`,
      ...((await import(join(values.baseline, 'memory-store.ts'))) as { rememberBatch: typeof rememberBatch }),
      ...((await import(join(values.baseline, 'hybrid-recall.ts'))) as { recall: typeof currentRecall }),
      ...((await import(join(values.baseline, 'memory-context.ts'))) as {
        openMemoryContext: typeof openMemoryContext;
        embedTexts: typeof embedTexts;
      }),
      ...((await import(join(values.baseline, '../../test/memory/helpers/databases.ts'))) as {
        startPgliteDatabase: typeof startPgliteDatabase;
      }),
    }
  : { ...here, name: 'this checkout again (no --baseline)' };

const stores: { path: Path; stop: () => Promise<void>; context: MemoryContext; writes: number[] }[] = [];
for (const path of [other, here]) {
  const database = await path.startPgliteDatabase({ vector: true, poolSize: 2 });
  const context = await path.openMemoryContext(database.pool, createOfflineEmbedder());
  // The first embedding builds the model's HNSW index, as the first memory of a store does.
  await path.embedTexts(context, ['warm-up']);
  stores.push({ path, stop: () => database.stop(), context, writes: [] });
}
const size = Number(values.size);
const batch = Number(values.batch);
const notes = backgroundNotes(size);
log(`loading ${size} notes in batches of ${batch} into both stores, alternating (load ${load()})`);
for (let start = 0; start < size; start += batch) {
  const writes = notes.slice(start, start + batch).map((note) => ({
    key: `${companyId}/${note.key}`,
    companyId,
    scope: 'company' as const,
    ownerId: companyId,
    authorId: 'bench',
    content: note.content,
  }));
  for (const store of (start / batch) % 2 === 0 ? stores : [...stores].reverse()) {
    const begun = performance.now();
    await store.path.rememberBatch(store.context, writes);
    store.writes.push((performance.now() - begun) / writes.length);
  }
}
log(`loaded (load ${load()})`);
for (const store of stores) {
  const { pool } = store.context;
  await pool.query('ANALYZE memories');
  const fillfactor = await pool.query<{ options: string[] | null }>(
    `SELECT reloptions AS options FROM pg_class WHERE relname = 'memories'`,
  );
  // Dead row versions take heap pages: an update after insert about doubles the heap (PGlite never vacuums).
  const heap = await pool.query<{ live: string; heap: string }>(
    `SELECT count(*) AS live, pg_size_pretty(pg_relation_size('memories')) AS heap FROM memories`,
  );
  const sizes = await pool.query<{ name: string; size: string }>(
    `SELECT indexname AS name, pg_size_pretty(pg_relation_size(indexname::regclass)) AS size FROM pg_indexes
      WHERE tablename = 'memories' AND (indexname LIKE 'memories_hnsw_%' OR indexname = 'memories_search')`,
  );
  log(
    `${store.path.name}: write ${percentile(store.writes, 50).toFixed(2)} ms a memory p50 (batches), ${heap.rows[0]?.live} rows, heap ${heap.rows[0]?.heap} (${fillfactor.rows[0]?.options?.join(' ') ?? 'no options'}); ${sizes.rows.map((row) => `${row.name.replace(/_[0-9a-z]+$/, '')} ${row.size}`).join(', ')}`,
  );
}

const queries = benchQueries(Number(values.queries), 11);
const operator = { kind: 'operator' } as const;
const tallies = stores.map(() => ({ ties: 0, ann: [] as number[], wall: [] as number[], cpu: [] as number[] }));
let differing = 0;
for (const [index, query] of queries.entries()) {
  const vector = embedOffline(query);
  const tops: string[] = [];
  const order = index % 2 === 0 ? [0, 1] : [1, 0];
  for (const at of order) {
    const store = stores[at] as (typeof stores)[number];
    const tally = tallies[at] as (typeof tallies)[number];
    const request = () => nearestRequest({ companyId, model: store.context.embedder.model, query: vector, limit: 10 });
    const exact = await store.context.backend.exactNearest(store.context.pool, request());
    const begun = performance.now();
    const found = await store.context.backend.nearest(store.context.pool, request());
    tally.ann.push(performance.now() - begun);
    const tenth = exact.at(-1)?.similarity ?? 1;
    tally.ties += found.filter((hit) => hit.similarity >= tenth - 1e-6).length / Math.max(1, exact.length);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await store.path.recall(store.context, { companyId, viewer: operator, query, limit: 5 });
    tally.wall.push(performance.now() - started);
    tally.cpu.push(cpuMs(process.cpuUsage(cpu)));
    tops[at] = result.memories.map((memory) => memory.id).join(',');
  }
  if (tops[0] !== tops[1]) differing++;
}
log(`${queries.length} queries, the stores alternating (load ${load()}); top 5 differs on ${differing}`);
log('store                     ANN recall@10  ANN p50 / p95 ms   hybrid wall p50 / p95 ms   CPU p50 / p95 ms');
for (const [at, store] of stores.entries()) {
  const tally = tallies[at] as (typeof tallies)[number];
  const pair = (sample: number[]) =>
    `${percentile(sample, 50).toFixed(1).padStart(6)} / ${percentile(sample, 95).toFixed(1).padEnd(6)}`;
  log(
    `${store.path.name.slice(0, 24).padEnd(24)}  ${(tally.ties / queries.length).toFixed(3).padStart(13)}  ${pair(tally.ann)}   ${pair(tally.wall)}           ${pair(tally.cpu)}`,
  );
}

// Recorded recalls, as an agent step makes them: each updates the recalled memories' recall_count and
// last_recalled_at, a heap-only update where the page has room (migration 023), else an entry in every index.
const recorded = stores.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
const indexesBefore = await Promise.all(stores.map((store) => indexBytes(store.context)));
for (const [index, query] of queries.entries())
  for (const at of index % 2 === 0 ? [0, 1] : [1, 0]) {
    const store = stores[at] as (typeof stores)[number];
    const tally = recorded[at] as (typeof recorded)[number];
    const cpu = process.cpuUsage();
    const started = performance.now();
    await store.path.recall(store.context, {
      companyId,
      viewer: operator,
      query,
      limit: 5,
      record: { key: `bench-step-${index}`, workflowId: 'bench' },
    });
    tally.wall.push(performance.now() - started);
    tally.cpu.push(cpuMs(process.cpuUsage(cpu)));
  }
log(`${queries.length} recorded recalls, the stores alternating (load ${load()})`);
log('store                     recorded recall wall p50 / p95 ms   CPU p50 / p95 ms   index bytes added');
for (const [at, store] of stores.entries()) {
  const tally = recorded[at] as (typeof recorded)[number];
  const pair = (sample: number[]) =>
    `${percentile(sample, 50).toFixed(1).padStart(6)} / ${percentile(sample, 95).toFixed(1).padEnd(6)}`;
  log(
    `${store.path.name.slice(0, 24).padEnd(24)}  ${pair(tally.wall)}                     ${pair(tally.cpu)}   ${(await indexBytes(store.context)) - (indexesBefore[at] ?? 0)}`,
  );
}
for (const store of stores) await store.stop();

/** Bytes of every index of `memories`: an update that is not heap-only adds an entry to each. */
async function indexBytes(context: MemoryContext): Promise<number> {
  const { rows } = await context.pool.query<{ size: string }>(`SELECT pg_indexes_size('memories') AS size`);
  return Number(rows[0]?.size ?? 0);
}
