/**
 * Hybrid recall on kept stores (bench/memory-load.ts) that differ only in maintenance: the same 100k
 * notes, one store as loaded, another after `ANALYZE` of every memory table or `VACUUM (ANALYZE)`.
 * PGlite runs no autovacuum, so without maintenance the graph tables have no planner statistics and
 * every memory updated after insert leaves a dead row behind. The stores' recalls alternate query by
 * query (the first store goes first on even queries); wall and CPU time per recall, and how many
 * queries' top 5 differ from the first store's.
 *
 *   cp -a STORE STORE-b && node bench/memory-maintenance.ts --stores STORE,STORE-b --maintain STORE-b=vacuum
 *
 * `--maintain DIR=analyze|vacuum` runs the maintenance once on that store before measuring (the copy
 * keeps it: run it once, then compare without `--maintain`). Each store is its own PGlite in this process.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { benchQueries } from './memory-dataset.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    stores: { type: 'string' },
    maintain: { type: 'string', multiple: true, default: [] },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '11' },
  },
  strict: true,
});
/** The tables a recall reads. ANALYZE gathers planner statistics, VACUUM (ANALYZE) also reclaims dead rows. */
async function maintainMemoryTables(pool: Pool, options: { vacuum: boolean }): Promise<void> {
  const command = options.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE';
  for (const table of ['memories', 'memory_entities', 'memory_mentions', 'memory_relations'])
    await pool.query(`${command} ${table}`);
}
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const directories = values.stores?.split(',') ?? [];
if (directories.length < 2) throw new Error('--stores takes two or more kept store folders, comma-separated');
const stores = [];
for (const directory of directories) {
  const database = await startPgliteDatabase({ vector: true, dataDir: directory, poolSize: 2 });
  const maintenance = values.maintain.map((spec) => spec.split('=')).find(([folder]) => folder === directory)?.[1] as
    'analyze' | 'vacuum' | undefined;
  if (maintenance !== undefined) {
    if (maintenance !== 'analyze' && maintenance !== 'vacuum') throw new Error(`--maintain DIR=analyze|vacuum`);
    const begun = performance.now();
    await maintainMemoryTables(database.pool, { vacuum: maintenance === 'vacuum' });
    log(`${directory}: ${maintenance} took ${((performance.now() - begun) / 1000).toFixed(1)} s (load ${load()})`);
  }
  const context = await openMemoryContext(database.pool, createOfflineEmbedder());
  stores.push({ directory, database, context, wall: [] as number[], cpu: [] as number[], differing: 0 });
}
const queries = benchQueries(Number(values.queries), Number(values.seed));
const operator = { kind: 'operator' } as const;
for (const store of stores)
  for (const query of queries.slice(0, 4))
    await recall(store.context, { companyId: benchCompany, viewer: operator, query });
const loadAtStart = load();
for (const [index, query] of queries.entries()) {
  const tops = new Map<string, string>();
  for (const store of index % 2 === 0 ? stores : [...stores].reverse()) {
    const cpu = process.cpuUsage();
    const begun = performance.now();
    const result = await recall(store.context, { companyId: benchCompany, viewer: operator, query, limit: 5 });
    store.wall.push(performance.now() - begun);
    store.cpu.push(cpuMs(process.cpuUsage(cpu)));
    tops.set(store.directory, result.memories.map((memory) => memory.id).join(','));
  }
  for (const store of stores.slice(1))
    if (tops.get(store.directory) !== tops.get(stores[0]?.directory ?? '')) store.differing++;
}
log(`${queries.length} queries alternating, load ${loadAtStart} → ${load()}`);
log('store                                wall p50 / p95 ms   CPU p50 / p95 ms   top 5 differs');
for (const store of stores)
  log(
    `${store.directory.padEnd(36)} ${percentile(store.wall, 50).toFixed(1).padStart(7)} / ${percentile(store.wall, 95).toFixed(1).padEnd(7)}  ${percentile(store.cpu, 50).toFixed(1).padStart(7)} / ${percentile(store.cpu, 95).toFixed(1).padEnd(7)}  ${store === stores[0] ? '—' : store.differing}`,
  );
for (const store of stores) await store.database.stop();
