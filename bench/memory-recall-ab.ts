/**
 * Hybrid recall of this checkout against another checkout's, on one kept store (bench/memory-load.ts):
 * the two alternate query by query (which goes first flips query by query and round by round), wall and CPU time per recall
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
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';
import type { RecallSide } from './recall-sides.ts';
import { differingQueries, reportSides, timeAlternating, uptime } from './recall-sides.ts';

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

const log = (line: string) => process.stdout.write(`${line}\n`);

async function baselineSide(pool: Pool): Promise<RecallSide> {
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
  const current: RecallSide = {
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
  const ask = (side: RecallSide, query: string, limit: number) =>
    side.recall(side.context, { companyId: benchCompany, viewer: operator, query, limit, now });
  // Warm-up (plans, caches, the index check of each context), not measured.
  for (const query of queries.slice(0, 5)) for (const side of [current, previous]) await ask(side, query, 5);

  const differing = await differingQueries(
    current,
    previous,
    queries,
    values['check-limits'].split(',').map(Number),
    ask,
  );

  const loadBefore = uptime();
  await timeAlternating([current, previous], queries, Number(values.rounds), ask);
  log(`before: ${loadBefore}`);
  log(`after:  ${uptime()}`);
  log(
    `${queries.length} queries × ${values.rounds} round(s), alternating, top 5, store ${dataDir}, shared_buffers ${database.sharedBuffers}`,
  );
  reportSides(log, [previous, current], differing, queries.length);
} finally {
  await database.stop();
}
