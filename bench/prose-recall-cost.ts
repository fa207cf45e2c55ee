/**
 * Hybrid recall on real prose (bench/prose-store.ts: 17k paragraphs of the installed packages' Markdown,
 * graph extraction and all), this checkout against another checkout's recall, alternating query by query
 * (which goes first flips query by query and round by round): wall and CPU time per recall (PGlite runs in this process, so CPU
 * time is the database's work and the worker's) and whether the two return the same memories in the same
 * order with the same scores. Without `--baseline` only this checkout's recall is timed (for `--cpu-prof`).
 *
 *   node bench/prose-recall-cost.ts --data-dir DIR [--baseline OTHER/src/memory/hybrid-recall.ts]
 *        [--embedder local:wordllama-256] [--queries 100] [--rounds 2] [--check-limits 5,20,50]
 *        [--shared-buffers 256MB]
 *
 * The first run writes the corpus into DIR (a local model's vectors come from, or go to, the embedding
 * cache of bench/embedding-cache.ts); later runs open it as it is.
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { openProseStore, proseCompany } from './prose-store.ts';
import type { RecallSide } from './recall-sides.ts';
import { differingQueries, reportSides, timeAlternating, uptime } from './recall-sides.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    baseline: { type: 'string' },
    embedder: { type: 'string', default: 'local:wordllama-256' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    'check-limits': { type: 'string', default: '5,20,50' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const log = (line: string) => process.stdout.write(`${line}\n`);

const store = await openProseStore({
  dataDir,
  embedder: values.embedder,
  queries: Number(values.queries),
  log,
  ...(values['shared-buffers'] === undefined ? {} : { sharedBuffers: values['shared-buffers'] }),
});
try {
  const { pool } = store.database;
  const sides: RecallSide[] = [
    { name: 'this checkout', recall, context: await openMemoryContext(pool, store.embedder), wall: [], cpu: [] },
  ];
  const baselinePath = values.baseline;
  if (baselinePath !== undefined) {
    const other = (await import(baselinePath)) as { recall: typeof recall };
    const contexts = (await import(join(dirname(baselinePath), 'memory-context.ts'))) as {
      openMemoryContext: typeof openMemoryContext;
    };
    sides.unshift({
      name: `baseline (${baselinePath})`,
      recall: other.recall,
      context: await contexts.openMemoryContext(pool, store.embedder),
      wall: [],
      cpu: [],
    });
  }
  const queries = store.corpus.queries;
  // One clock for every recall, so recency cannot make two runs of the same ranking differ.
  const now = new Date();
  const ask = (side: RecallSide, query: string, limit: number) =>
    side.recall(side.context, { companyId: proseCompany, viewer: { kind: 'operator' }, query, limit, now });
  // Untimed: embeds (and caches) every query, warms plans and caches.
  for (const query of queries) for (const side of sides) await ask(side, query, 5);

  const [first, second] = sides as [RecallSide, RecallSide | undefined];
  const differing =
    second === undefined
      ? new Map<number, string[]>()
      : await differingQueries(first, second, queries, values['check-limits'].split(',').map(Number), ask);

  const loadBefore = uptime();
  await timeAlternating(sides, queries, Number(values.rounds), ask);
  log(`before: ${loadBefore}`);
  log(`after:  ${uptime()}`);
  log(
    `${queries.length} prose queries × ${values.rounds} round(s), alternating, top 5, ${store.corpus.stored.length} memories (${store.embedder.model}), shared_buffers ${store.database.sharedBuffers}`,
  );
  reportSides(log, sides, differing, queries.length);
} finally {
  await store.database.stop();
  await stopLocalEmbeddingServer();
}
