/**
 * Hybrid recall on a store the product analysed (src/memory/store-statistics.ts) against the same store never
 * analysed (what every PGlite store was before: PGlite has no autovacuum), alternating query by query in one
 * process. Two copies of one kept prose store (bench/prose-store.ts) are opened: the first is analysed by
 * `keepStatistics` (timed: what opening a memory context on a never-analysed store now costs once), the second
 * has its memory tables' statistics removed again (test/memory/helpers/forget-statistics.ts). Same recall code
 * on both; wall and CPU p50 / p95, and whether the top 5 / 20 / 50 (ids, order, scores) differ.
 *
 *   cp -r PROSE /tmp/a && cp -r PROSE /tmp/b     # copies: opening a store analyses it
 *   node bench/analysed-store-recall.ts --analysed /tmp/a --never-analysed /tmp/b [--queries 100] [--rounds 1]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { keepStatistics } from '../src/memory/store-statistics.ts';
import { forgetStatistics } from '../test/memory/helpers/forget-statistics.ts';
import { openProseStore, proseCompany, type ProseStore } from './prose-store.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    analysed: { type: 'string' },
    'never-analysed': { type: 'string' },
    embedder: { type: 'string', default: 'local:wordllama-256' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '1' },
    'check-limits': { type: 'string', default: '5,20,50' },
  },
  strict: true,
});
if (!values.analysed || !values['never-analysed']) throw new Error('--analysed and --never-analysed are required');
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

interface Side {
  name: string;
  store: ProseStore;
  context: MemoryContext;
  wall: number[];
  cpu: number[];
}

const open = (dataDir: string) =>
  openProseStore({ dataDir, embedder: values.embedder, queries: Number(values.queries), log });
const stores = [await open(values.analysed), await open(values['never-analysed'])] as const;
try {
  const [analysed, never] = stores;
  const cpu = process.cpuUsage();
  const begun = performance.now();
  const tables = await keepStatistics(analysed.database.pool);
  log(
    `keepStatistics on the never-analysed store: ANALYZE ${tables.join(', ') || '(nothing)'}: ` +
      `${(performance.now() - begun).toFixed(0)} ms wall, ${cpuMs(process.cpuUsage(cpu)).toFixed(0)} ms CPU (${uptime()})`,
  );
  const neverContext = await openMemoryContext(never.database.pool, never.embedder);
  await forgetStatistics(never.database.pool);
  const sides: Side[] = [
    {
      name: 'analysed',
      store: analysed,
      context: await openMemoryContext(analysed.database.pool, analysed.embedder),
      wall: [],
      cpu: [],
    },
    { name: 'never analysed', store: never, context: neverContext, wall: [], cpu: [] },
  ];
  const queries = analysed.corpus.queries;
  const now = new Date();
  const ask = (side: Side, query: string, limit: number) =>
    recall(side.context, { companyId: proseCompany, viewer: { kind: 'operator' }, query, limit, now });
  for (const query of queries) for (const side of sides) await ask(side, query, 5);

  const signature = (memories: { id: number; score: number }[]) =>
    memories.map((memory) => `${memory.id}:${memory.score}`).join(',');
  const differing = new Map<number, string[]>();
  for (const limit of values['check-limits'].split(',').map(Number)) {
    const list: string[] = [];
    for (const query of queries)
      if (
        signature((await ask(sides[0] as Side, query, limit)).memories) !==
        signature((await ask(sides[1] as Side, query, limit)).memories)
      )
        list.push(query);
    differing.set(limit, list);
  }

  const loadBefore = uptime();
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, query] of queries.entries())
      for (const side of (index + round) % 2 === 0 ? sides : [...sides].reverse()) {
        const usage = process.cpuUsage();
        const start = performance.now();
        await ask(side, query, 5);
        side.wall.push(performance.now() - start);
        side.cpu.push(cpuMs(process.cpuUsage(usage)));
      }
  log(`before: ${loadBefore}`);
  log(`after:  ${uptime()}`);
  log(
    `${queries.length} prose queries × ${values.rounds} round(s), alternating, top 5, ${analysed.corpus.stored.length} memories`,
  );
  log('store              wall p50 / p95 ms    CPU p50 / p95 ms');
  for (const side of sides)
    log(
      `${side.name.padEnd(18)} ${percentile(side.wall, 50).toFixed(1).padStart(7)} / ${percentile(side.wall, 95).toFixed(1).padEnd(8)}  ${percentile(side.cpu, 50).toFixed(1).padStart(6)} / ${percentile(side.cpu, 95).toFixed(1)}`,
    );
  for (const [limit, list] of differing)
    log(
      `top ${limit}: ${list.length} of ${queries.length} queries differ (ids, order or score)${list.length > 0 ? `: ${list.slice(0, 5).join('; ')}` : ''}`,
    );
} finally {
  for (const store of stores) await store.database.stop();
  await stopLocalEmbeddingServer();
}
