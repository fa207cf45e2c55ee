/**
 * What an embedding model's HNSW candidate list costs inside hybrid recall: the real-prose corpus
 * (bench/hnsw-corpus.ts) written as memories through `rememberBatch` (graph extraction and all) with a real
 * embedder, then the same recalls with the model's index searched at each `--ef-search` value, alternating
 * query by query: wall and CPU time per recall (PGlite runs in this process) and how many top 5s differ
 * from the first value's.
 *
 *   node bench/hnsw-hybrid-cost.ts [--embedder local:minilm-l6] [--ef-search 200,100] [--size 50000]
 *                                  [--queries 100] [--rounds 2] [--cache-dir ~/.cache/synthorg/bench-embeddings]
 *
 * Vectors come from bench/hnsw-embedders.ts's cache files (run it first: a 17k corpus takes minilm about 30
 * minutes); recall's own extra texts (the meaning levers' clauses) are embedded in an untimed first pass and
 * cached too, so the timed passes never wait for the model.
 */
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { proseCorpus } from './hnsw-corpus.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'node_modules' },
    embedder: { type: 'string', default: 'local:minilm-l6' },
    'ef-search': { type: 'string', default: '200,100' },
    size: { type: 'string', default: '50000' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    'cache-dir': { type: 'string', default: join(homedir(), '.cache', 'synthorg', 'bench-embeddings') },
  },
  strict: true,
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const companyId = 'bench-prose';

const corpus = await proseCorpus(values.root, Number(values.queries), Number(values.size));
const base = benchEmbedder(values.embedder, loadConfig());
const embedder = base.offline
  ? base
  : await cachedEmbedder(base, join(values['cache-dir'], `${base.model.replace(/[^a-z0-9]+/gi, '-')}.jsonl`));
const database = await startPgliteDatabase({ vector: true, poolSize: 2 });
try {
  // A local model's calls are $0 ledger rows, charged to a company that must exist.
  await database.pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd) VALUES ($1, 'Bench', 'duo', '{}', 10)`,
    [companyId],
  );
  const context = await openMemoryContext(database.pool, embedder);
  await embedTexts(context, ['warm-up']);
  const begun = performance.now();
  for (let start = 0; start < corpus.stored.length; start += 500)
    await rememberBatch(
      context,
      corpus.stored.slice(start, start + 500).map((content, index) => ({
        key: `${companyId}/${start + index}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId: 'bench',
        content,
      })),
    );
  log(
    `${corpus.stored.length} paragraphs remembered with ${embedder.model} in ${((performance.now() - begun) / 1000).toFixed(0)} s (load ${load()})`,
  );
  interface Side {
    efSearch: number;
    context: MemoryContext;
    wall: number[];
    cpu: number[];
    top: string[];
  }
  const sides: Side[] = values['ef-search'].split(',').map((ef) => ({
    efSearch: Number(ef),
    context: { ...context, embedder: { ...embedder, efSearch: Number(ef) } },
    wall: [],
    cpu: [],
    top: [],
  }));
  const now = new Date();
  const ask = (side: Side, query: string) =>
    recall(side.context, { companyId, viewer: { kind: 'operator' }, query, limit: 5, now });
  // Untimed: embeds (and caches) recall's own extra texts, warms plans and caches.
  for (const query of corpus.queries) for (const side of sides) await ask(side, query);
  log(`timed: ${values.rounds} round(s) × ${corpus.queries.length} queries, alternating (load ${load()})`);
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, query] of corpus.queries.entries())
      for (const side of (index + round) % 2 === 0 ? sides : [...sides].reverse()) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const result = await ask(side, query);
        side.wall.push(performance.now() - started);
        side.cpu.push(cpuMs(process.cpuUsage(cpu)));
        if (round === 0) side.top.push(result.memories.map((memory) => memory.id).join(','));
      }
  log('ef_search  wall p50 / p95 ms   CPU p50 / p95 ms   top 5 differing from the first');
  const first = sides[0] as Side;
  for (const side of sides)
    log(
      `${String(side.efSearch).padStart(9)}  ${percentile(side.wall, 50).toFixed(1).padStart(7)} / ${percentile(side.wall, 95).toFixed(1).padEnd(7)}  ${percentile(side.cpu, 50).toFixed(1).padStart(7)} / ${percentile(side.cpu, 95).toFixed(1).padEnd(7)}  ${side.top.filter((top, index) => top !== first.top[index]).length} of ${side.top.length}`,
    );
  log(`load ${load()}`);
} finally {
  await database.stop();
  await stopLocalEmbeddingServer();
}
