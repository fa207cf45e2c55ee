/**
 * Where hybrid recall's time goes: every statement a recall sends is timed where it is sent (over
 * PGlite's socket, so round trips count) and grouped by part — vector settings and search, full-text
 * candidates, entity linking, the graph walk's relation steps and mention look-up, the final fetch —
 * beside the recall's whole time (the rest is embedding, the walk's scoring and the final scoring in the
 * worker). Then `EXPLAIN (ANALYZE, BUFFERS)` of each part for a few recalls.
 *
 *   node bench/memory-profile.ts --data-dir DIR [--queries 60] [--explain 3] [--recall OTHER/src/memory/hybrid-recall.ts]
 *
 * DIR is a PGlite data folder holding the benchmark's memories (bench/memory-load.ts). The buffers
 * each part touches (shared hit + read, from EXPLAIN) measure its work independently of machine load.
 * --recall profiles another checkout's recall (with that checkout's vector backend) on the same store.
 */
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { benchCompany } from './memory-load.ts';
import { benchQueries } from './memory-dataset.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '60' },
    explain: { type: 'string', default: '3' },
    seed: { type: 'string', default: '11' },
    recall: { type: 'string' },
  },
  strict: true,
});

const parts: [string, RegExp][] = [
  ['vector settings', /^SELECT set_config\('hnsw\.ef_search'/],
  ['vector + text + entity linking', /vector_hits AS \(/],
  ['vector search', /ORDER BY m\.embedding::vector/],
  ['full-text candidates', /plainto_tsquery/],
  ['entity linking', /FROM memory_entities e WHERE/],
  ['seed entities of vector hits', /SELECT DISTINCT entity_id FROM memory_mentions/],
  ['graph relations (one per step)', /WITH link AS|DISTINCT ON \(h\.entity_id/],
  ['graph mentions', /SELECT link\.memory_id, h\.entity_id/],
  ['graph path ends (answer kinds)', /SELECT id, normalized, kind FROM memory_entities/],
  ['final fetch (rank, similarity)', /AS text_rank/],
  ['similarities of the rest', /embedding <=> \$1::vector AS distance FROM memories/],
];
const partOf = (sql: string) => parts.find(([, pattern]) => pattern.test(sql))?.[0] ?? sql.slice(0, 50);

interface Sent {
  part: string;
  sql: string;
  params: unknown[];
  ms: number;
}

/** A pool whose clients time every statement into `sink`. */
function timingPool(pool: Pool, sink: { sent: Sent[] }): Pool {
  const wrap = (client: PoolClient): PoolClient =>
    new Proxy(client, {
      get(target, key) {
        if (key !== 'query') {
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
        // Named statements (src/db/prepared-query.ts) come as a config object with their values in it.
        return async (query: string | QueryConfig, params?: unknown[]) => {
          const sql = typeof query === 'string' ? query : query.text;
          const values = typeof query === 'string' ? (params ?? []) : (query.values ?? []);
          const started = performance.now();
          const result = await target.query(query as string, params);
          sink.sent.push({ part: partOf(sql), sql, params: values, ms: performance.now() - started });
          return result;
        };
      },
    });
  // Other methods run on the pool itself: pool.query() calls this.connect() with a callback.
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'connect') return async () => wrap(await target.connect());
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const database = await startPgliteDatabase({ vector: true, dataDir });
const sink: { sent: Sent[] } = { sent: [] };
const other = values.recall;
const modules = other
  ? {
      recall: ((await import(other)) as { recall: typeof recall }).recall,
      open: (
        (await import(join(dirname(other), 'memory-context.ts'))) as { openMemoryContext: typeof openMemoryContext }
      ).openMemoryContext,
      embedder: (
        (await import(join(dirname(other), 'embedding', 'offline-embedder.ts'))) as {
          createOfflineEmbedder: typeof createOfflineEmbedder;
        }
      ).createOfflineEmbedder,
    }
  : { recall, open: openMemoryContext, embedder: createOfflineEmbedder };
const context = await modules.open(timingPool(database.pool, sink), modules.embedder());
const queries = benchQueries(Number(values.queries), Number(values.seed));
const operator = { kind: 'operator' } as const;
// Warm-up (index check, caches, plans), not measured.
for (const query of queries.slice(0, 5))
  await modules.recall(context, { companyId: benchCompany, viewer: operator, query });
const totals: number[] = [];
const byPart = new Map<string, { ms: number; count: number; each: number[] }>();
const recorded: Sent[][] = [];
const loads: number[] = [loadavg()[0] ?? 0];
for (const query of queries) {
  sink.sent = [];
  const started = performance.now();
  await modules.recall(context, { companyId: benchCompany, viewer: operator, query });
  totals.push(performance.now() - started);
  recorded.push(sink.sent);
  const perRecall = new Map<string, number>();
  for (const sent of sink.sent) perRecall.set(sent.part, (perRecall.get(sent.part) ?? 0) + sent.ms);
  for (const sent of sink.sent) {
    const entry = byPart.get(sent.part) ?? { ms: 0, count: 0, each: [] };
    byPart.set(sent.part, { ms: entry.ms + sent.ms, count: entry.count + 1, each: entry.each });
  }
  for (const [part, ms] of perRecall) byPart.get(part)?.each.push(ms);
}
loads.push(loadavg()[0] ?? 0);
const n = queries.length;
const sqlMs = [...byPart.values()].reduce((sum, entry) => sum + entry.ms, 0) / n;
const mean = totals.reduce((sum, ms) => sum + ms, 0) / n;
process.stdout.write(
  `${n} recalls, load ${loads.map((value) => value.toFixed(1)).join(' → ')}: p50 ${percentile(totals, 50).toFixed(1)} ms, p95 ${percentile(totals, 95).toFixed(1)} ms, mean ${mean.toFixed(1)} ms; statements ${(recorded.reduce((sum, sent) => sum + sent.length, 0) / n).toFixed(1)} per recall, ${sqlMs.toFixed(1)} ms of SQL, ${(mean - sqlMs).toFixed(1)} ms in the worker\n`,
);
process.stdout.write('part                                 per recall ms (mean)  p95 ms  statements/recall  share\n');
for (const [part, entry] of [...byPart].sort((left, right) => right[1].ms - left[1].ms))
  process.stdout.write(
    `${part.padEnd(36)} ${(entry.ms / n).toFixed(2).padStart(20)}  ${percentile(entry.each, 95).toFixed(1).padStart(6)}  ${(entry.count / n).toFixed(1).padStart(17)}  ${((100 * entry.ms) / n / mean).toFixed(0).padStart(4)} %\n`,
  );

// EXPLAIN ANALYZE each part of a few recalls, on one connection, with the settings statements run as sent:
// the server's planning and execution time per part beside the time as sent (the rest is the round trip,
// the wire and, on a loaded machine, waiting for a core).
const explainedRecalls = Math.max(1, Math.min(recorded.length, Number(values.explain)));
const explained = new Map<
  string,
  { sent: number; planning: number; execution: number; buffers: number; count: number }
>();
const plans = new Map<string, string>();
const client = await database.pool.connect();
try {
  for (const sent of recorded.slice(0, Number(values.explain))) {
    for (const statement of sent) {
      if (statement.part === 'vector settings' || !/^\s*(SELECT|WITH)/i.test(statement.sql)) {
        await client.query(statement.sql, statement.params);
        continue;
      }
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.params,
      );
      const plan = rows.map((row) => row['QUERY PLAN']);
      const time = (label: string) =>
        Number(plan.find((line) => line.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? Number.NaN);
      // The top node's buffers include its children's (and the init plans').
      const top = plan.find((line) => /^\s*Buffers:/.test(line)) ?? '';
      const buffers = [...top.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
      const entry = explained.get(statement.part) ?? { sent: 0, planning: 0, execution: 0, buffers: 0, count: 0 };
      explained.set(statement.part, {
        sent: entry.sent + statement.ms,
        planning: entry.planning + time('Planning Time'),
        execution: entry.execution + time('Execution Time'),
        buffers: entry.buffers + buffers,
        count: entry.count + 1,
      });
      if (!plans.has(statement.part)) plans.set(statement.part, plan.slice(0, 8).join('\n'));
    }
  }
} finally {
  client.release();
  await database.stop();
}
process.stdout.write(
  `\nEXPLAIN (ANALYZE, BUFFERS) of ${explainedRecalls} recalls, per statement\npart                                 as sent ms  planning ms  execution ms  buffers  buffers/recall\n`,
);
for (const [part, entry] of explained)
  process.stdout.write(
    `${part.padEnd(36)} ${(entry.sent / entry.count).toFixed(2).padStart(10)}  ${(entry.planning / entry.count).toFixed(2).padStart(11)}  ${(entry.execution / entry.count).toFixed(2).padStart(12)}  ${(entry.buffers / entry.count).toFixed(0).padStart(7)}  ${(entry.buffers / explainedRecalls).toFixed(0).padStart(14)}\n`,
  );
const allBuffers = [...explained.values()].reduce((sum, entry) => sum + entry.buffers, 0);
process.stdout.write(`buffers per recall, all statements: ${(allBuffers / explainedRecalls).toFixed(0)}\n`);
for (const [part, plan] of plans) process.stdout.write(`\n--- ${part}\n${plan}\n`);
