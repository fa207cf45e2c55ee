/**
 * Hybrid recall of this checkout against another checkout's, on one kept store (bench/memory-load.ts):
 * the two alternate query by query (the other goes first on odd queries), wall and CPU time per recall
 * (PGlite runs in this process, so CPU time is the database's work and the worker's), and whether they
 * return the same memories in the same order with the same scores. A change meant not to move any ranking
 * must print 0 differing queries at every limit checked.
 *
 *   node bench/memory-recall-ab.ts --data-dir DIR --baseline OTHER/src/memory/hybrid-recall.ts
 *        [--queries 100] [--seed 11] [--check-limits 5,20] [--rounds 1] [--shared-buffers 256MB]
 *
 * The timed recalls ask for the top 5 (as bench/memory.ts does); `--check-limits` recalls each query once
 * more per limit, untimed, and compares ids, order and scores. `--shared-buffers` opens the store with that
 * page cache (as src/db/embedded-postgres.ts does; PGlite's default, 128 MB, when unset).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    baseline: { type: 'string' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '11' },
    'check-limits': { type: 'string', default: '5,20' },
    rounds: { type: 'string', default: '1' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
const baselinePath = values.baseline;
if (!dataDir || !baselinePath) throw new Error('--data-dir and --baseline are required');

interface Side {
  name: string;
  recall: typeof recall;
  context: MemoryContext;
  wall: number[];
  cpu: number[];
}
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function baselineSide(pool: Pool): Promise<Side> {
  const directory = dirname(baselinePath as string);
  const other = (await import(baselinePath as string)) as { recall: typeof recall };
  const contexts = (await import(join(directory, 'memory-context.ts'))) as {
    openMemoryContext: typeof openMemoryContext;
  };
  const embedders = (await import(join(directory, 'embedding', 'offline-embedder.ts'))) as {
    createOfflineEmbedder: typeof createOfflineEmbedder;
  };
  const context = await contexts.openMemoryContext(pool, embedders.createOfflineEmbedder());
  return { name: `baseline (${baselinePath})`, recall: other.recall, context, wall: [], cpu: [] };
}

const sharedBuffers = values['shared-buffers'];
const database = await openKeptStore(dataDir, sharedBuffers === undefined ? {} : { sharedBuffers });
try {
  const current: Side = {
    name: 'this checkout',
    recall,
    context: await openMemoryContext(database.pool, createOfflineEmbedder()),
    wall: [],
    cpu: [],
  };
  const previous = await baselineSide(database.pool);
  const queries = benchQueries(Number(values.queries), Number(values.seed));
  const operator = { kind: 'operator' } as const;
  // One clock for every recall, so recency cannot make two runs of the same ranking differ.
  const now = new Date();
  const ask = (side: Side, query: string, limit: number) =>
    side.recall(side.context, { companyId: benchCompany, viewer: operator, query, limit, now });
  // Warm-up (plans, caches, the index check of each context), not measured.
  for (const query of queries.slice(0, 5)) for (const side of [current, previous]) await ask(side, query, 5);

  const differing = new Map<number, string[]>();
  const signature = (memories: { id: number; score: number }[]) =>
    memories.map((memory) => `${memory.id}:${memory.score}`).join(',');
  for (const limit of values['check-limits'].split(',').map(Number)) {
    const queriesDiffering: string[] = [];
    for (const query of queries)
      if (
        signature((await ask(current, query, limit)).memories) !==
        signature((await ask(previous, query, limit)).memories)
      )
        queriesDiffering.push(query);
    differing.set(limit, queriesDiffering);
  }

  const loadBefore = uptime();
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, query] of queries.entries()) {
      for (const side of index % 2 === 0 ? [current, previous] : [previous, current]) {
        const cpu = process.cpuUsage();
        const begun = performance.now();
        await ask(side, query, 5);
        side.wall.push(performance.now() - begun);
        side.cpu.push(cpuMs(process.cpuUsage(cpu)));
      }
    }
  log(`before: ${loadBefore}`);
  log(`after:  ${uptime()}`);
  log(
    `${queries.length} queries × ${values.rounds} round(s), alternating, top 5, store ${dataDir}, shared_buffers ${database.sharedBuffers}`,
  );
  log('recall                                   wall p50 / p95 ms    CPU p50 / p95 ms');
  for (const side of [previous, current])
    log(
      `${side.name.slice(0, 40).padEnd(40)} ${percentile(side.wall, 50).toFixed(1).padStart(7)} / ${percentile(side.wall, 95).toFixed(1).padEnd(8)}  ${percentile(side.cpu, 50).toFixed(1).padStart(6)} / ${percentile(side.cpu, 95).toFixed(1)}`,
    );
  for (const [limit, list] of differing)
    log(
      `top ${limit}: ${list.length} of ${queries.length} queries differ (ids, order or score)${list.length > 0 ? `: ${list.slice(0, 5).join('; ')}` : ''}`,
    );
} finally {
  await database.stop();
}
