/**
 * A longer HNSW candidate list for the scan alone (fifteenth round): on a kept generated store
 * (bench/memory-load.ts), with the checkout's recall,
 *  - the plan of recall's vector statement as recall leaves the session (costed with at most
 *    `plannedEfSearch`), against the same statement costed with pgvector's default 40 (a fresh session)
 *    and with each `--ef-search` value (what a session-wide list did in the fourteenth round);
 *  - recall@10 against an exact scan (ties count) of that statement as planned, per `--ef-search`;
 *  - hybrid recall's wall and CPU time per `--ef-search` (PGlite runs in this process), alternating query by
 *    query and round by round, and how many top 5s differ from the first value's.
 *
 *   node bench/hnsw-planned-scan.ts --data-dir DIR [--ef-search 200,800] [--queries 100] [--rounds 3]
 *                                   [--session-wide 800] [--latency-only]
 *
 * `--session-wide` adds a side per value that puts the list on the session before each recall (untimed), so
 * the recall's statements are planned with it as well: the fourteenth round's session-wide 800.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { SqlParams } from '../src/memory/sql.ts';
import { plannedEfSearch } from '../src/memory/vector-backend.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany, loadedCount } from './memory-load.ts';
import { recordingPool, type SentStatement } from './recording-pool.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'ef-search': { type: 'string', default: '200,800' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '11' },
    'session-wide': { type: 'string', default: '' },
    'latency-only': { type: 'boolean', default: false },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => (loadavg()[0] ?? 0).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const lists = values['ef-search'].split(',').map(Number);

const store = await openKeptStore(dataDir, { sharedBuffers: '256MB', poolSize: 2 });
try {
  const base = await openMemoryContext(store.pool, createOfflineEmbedder());
  const withList = (efSearch: number): MemoryContext => ({ ...base, embedder: { ...base.embedder, efSearch } });
  const queries = benchQueries(Number(values.queries), Number(values.seed));
  const embedded = await embedTexts(base, queries);
  log(`${await loadedCount(store.pool)} memories; load ${load()}`);

  // The plan: recall's own vector statement, explained on the session recall leaves behind.
  const ask = (context: MemoryContext, query: string) =>
    recall(context, { companyId: benchCompany, viewer: { kind: 'operator' }, query, limit: 5 });
  const planOf = async (setup: string | undefined, efSearch: number) => {
    const sink = { sent: [] as SentStatement[] };
    await ask({ ...withList(efSearch), pool: recordingPool(store.pool, sink) }, queries[0] as string);
    const statement = sink.sent.find((sent) => /ORDER BY m\.embedding::\S+ <=>/.test(sent.sql));
    if (!statement) throw new Error('no vector statement');
    const client = await store.pool.connect();
    try {
      if (setup) await client.query(setup);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, statement.params);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      const setting = await client.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`);
      return `${/Index Scan using memories_hnsw_/.test(plan) ? 'HNSW ' : 'exact'} (costed at ef_search ${setting.rows[0]?.ef}; top: ${rows[0]?.['QUERY PLAN'].replace(/\s+/g, ' ').slice(0, 60)})`;
    } finally {
      client.release();
    }
  };
  async function plansAndRecall() {
    log(`\nplan of recall's vector statement (planned list ${plannedEfSearch})`);
    for (const efSearch of lists)
      log(`  scan ${efSearch}, as recall leaves the session: ${await planOf(undefined, efSearch)}`);
    log(`  fresh session (pgvector's 40): ${await planOf('SET hnsw.ef_search = 40', lists[0] as number)}`);
    for (const efSearch of lists)
      log(
        `  session-wide ${efSearch} (round 14): ${await planOf(`SET hnsw.ef_search = ${efSearch}`, lists[0] as number)}`,
      );
    await ask(base, queries[0] as string);

    // recall@10 of the statement as planned, against exact (ties count: a hit as close as the exact 10th).
    const client = await store.pool.connect();
    try {
      const request = (index: number, efSearch?: number) => ({
        companyId: benchCompany,
        params: new SqlParams(),
        visibility: 'TRUE',
        model: base.embedder.model,
        query: (embedded[index] as { embedding: Float32Array }).embedding,
        limit: 10,
        ...(efSearch === undefined ? {} : { efSearch }),
      });
      const tenths: number[] = [];
      for (const index of queries.keys())
        tenths.push((await base.backend.exactNearest(client, request(index))).at(-1)?.similarity ?? 0);
      for (const efSearch of lists) {
        let share = 0;
        for (const index of queries.keys()) {
          const hits = await base.backend.nearest(client, request(index, efSearch));
          share += hits.filter((hit) => hit.similarity >= (tenths[index] ?? 0) - 1e-6).length / 10;
        }
        log(`recall@10 (ties) at ef_search ${efSearch}: ${(share / queries.length).toFixed(3)}`);
      }
    } finally {
      client.release();
    }
  }
  if (!values['latency-only']) await plansAndRecall();

  const makeSide = (efSearch: number, before?: string) => ({
    name: `${efSearch}${before === undefined ? '' : ' session-wide'}`,
    before,
    context: withList(efSearch),
    wall: [] as number[],
    cpu: [] as number[],
    top: [] as string[],
  });
  const sessionWide = values['session-wide'] === '' ? [] : values['session-wide'].split(',').map(Number);
  const sides = [
    ...lists.map((efSearch) => makeSide(efSearch)),
    ...sessionWide.map((efSearch) => makeSide(efSearch, `SET hnsw.ef_search = ${efSearch}`)),
  ];
  const run = async (side: (typeof sides)[number], query: string) => {
    if (side.before !== undefined) await store.pool.query(side.before);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await ask(side.context, query);
    side.wall.push(performance.now() - started);
    side.cpu.push(cpuMs(process.cpuUsage(cpu)));
    return result;
  };
  for (const query of queries) for (const side of sides) await run(side, query);
  for (const side of sides) side.wall.length = side.cpu.length = 0;
  log(`\nhybrid recall, ${values.rounds} round(s) × ${queries.length} queries, alternating (load ${load()})`);
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, query] of queries.entries())
      for (const side of (index + round) % 2 === 0 ? sides : [...sides].reverse()) {
        const result = await run(side, query);
        if (round === 0) side.top.push(result.memories.map((memory) => memory.id).join(','));
      }
  const first = sides[0];
  log('ef_search                wall p50 / p95 ms   CPU p50 / p95 ms   top 5 differing from the first');
  for (const side of sides)
    log(
      `${side.name.padEnd(23)}  ${percentile(side.wall, 50).toFixed(1).padStart(7)} / ${percentile(side.wall, 95).toFixed(1).padEnd(7)}  ${percentile(side.cpu, 50).toFixed(1).padStart(7)} / ${percentile(side.cpu, 95).toFixed(1).padEnd(7)}  ${side.top.filter((top, index) => top !== first?.top[index]).length} of ${side.top.length}`,
    );
  log(`load ${load()}`);
} finally {
  await store.stop();
}
