/**
 * Hybrid recall on kept stores (bench/memory-load.ts) with PGlite's page cache (`shared_buffers`) set
 * per store as the embedded server sets it (a start parameter, src/db/embedded-postgres.ts): the stores'
 * recalls alternate query by query, and the process's resident memory is read after each round. Give the
 * same store twice (copies: one PGlite per folder) with two sizes to compare them:
 *
 *   cp -a STORE STORE-b && node bench/memory-buffers.ts --stores STORE=128MB,STORE-b=512MB [--rounds 3]
 *
 * Two caches in one process share its resident memory, so for what one costs run it alone:
 * `--stores STORE=512MB` prints the process's resident memory with that one store.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    stores: { type: 'string' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '11' },
    rounds: { type: 'string', default: '2' },
  },
  strict: true,
});
const specs = (values.stores ?? '').split(',').filter((spec) => spec.length > 0);
if (specs.length === 0) throw new Error('--stores DIR=SIZE[,DIR=SIZE…] is required (SIZE as shared_buffers takes it)');
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const stores = [];
for (const spec of specs) {
  const [directory, size] = spec.split('=');
  if (!directory || !size) throw new Error(`not DIR=SIZE: ${spec}`);
  const store = await openKeptStore(directory, { sharedBuffers: size, poolSize: 2 });
  const context = await openMemoryContext(store.pool, createOfflineEmbedder());
  stores.push({
    name: `${directory} (${store.sharedBuffers})`,
    store,
    context,
    wall: [] as number[],
    cpu: [] as number[],
  });
}
log(`opened: resident ${mib(process.memoryUsage().rss)}`);
const queries = benchQueries(Number(values.queries), Number(values.seed));
const operator = { kind: 'operator' } as const;
const now = new Date();
const loadBefore = uptime();
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [index, query] of queries.entries()) {
      const order = index % 2 === 0 ? stores : [...stores].reverse();
      for (const store of order) {
        const cpu = process.cpuUsage();
        const begun = performance.now();
        await recall(store.context, { companyId: benchCompany, viewer: operator, query, limit: 5, now });
        // The first round fills the caches: only later rounds are timed (with one round, it is timed).
        if (round > 0 || Number(values.rounds) === 1) {
          store.wall.push(performance.now() - begun);
          store.cpu.push(cpuMs(process.cpuUsage(cpu)));
        }
      }
    }
    log(
      `after round ${round + 1}: resident ${mib(process.memoryUsage().rss)}, peak ${mib(process.resourceUsage().maxRSS * 1024)}`,
    );
  }
  log(`before: ${loadBefore}`);
  log(`after:  ${uptime()}`);
  log(`${queries.length} queries × ${values.rounds} round(s) (first untimed when more than one), alternating, top 5`);
  log('store                                              wall p50 / p95 ms    CPU p50 / p95 ms');
  for (const store of stores)
    log(
      `${store.name.slice(-50).padEnd(50)} ${percentile(store.wall, 50).toFixed(1).padStart(7)} / ${percentile(store.wall, 95).toFixed(1).padEnd(8)}  ${percentile(store.cpu, 50).toFixed(1).padStart(6)} / ${percentile(store.cpu, 95).toFixed(1)}`,
    );
} finally {
  for (const { store } of stores) await store.stop();
}
