/**
 * The latency part of `bench/memory.ts`: on a store of `size` memories, vector ANN against an exact scan (recall@10
 * with ties, and an ef_search sweep on pgvector), and hybrid recall's latency — a first pass, a warm second pass, each
 * asked walk, and another checkout's recall alternating with this one (`--baseline`) — as rows of the bench's
 * "Recall latency" table.
 */
import { loadavg } from 'node:os';
import type { Pool, PoolClient } from 'pg';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { embedTexts } from '../src/memory/memory-context.ts';
import { SqlParams } from '../src/memory/sql.ts';
import { defaultEfSearch } from '../src/memory/vector-backend.ts';
import { benchQueries } from './memory-dataset.ts';
import { percentile } from './stats.ts';

/** Another checkout's recall and the context it runs with (its own vector backend over the same pool). */
export interface Baseline {
  name: string;
  recall: typeof recall;
  open: (pool: Pool) => Promise<MemoryContext>;
}

export interface LatencyRow {
  backend: string;
  memories: number;
  what: string;
  p50: number;
  p95: number;
  note: string;
}

export interface LatencyPartOptions {
  label: string;
  pool: Pool;
  context: MemoryContext;
  companyId: string;
  size: number;
  queryCount: number;
  exactCount: number;
  efSearch: readonly number[];
  walks: readonly NonNullable<RecallRequest['walk']>[];
  baseline: Baseline | undefined;
  log: (line: string) => void;
}

const operator = { kind: 'operator' } as const;
const load1 = () => (loadavg()[0] ?? 0).toFixed(1);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function latencyPart(options: LatencyPartOptions): Promise<LatencyRow[]> {
  const { label, pool, context, companyId, size, queryCount, exactCount, efSearch, walks, baseline, log } = options;
  const latencyRows: LatencyRow[] = [];
  const queries = benchQueries(queryCount);
  const embedded = await embedTexts(context, queries);
  const client: PoolClient = await pool.connect();
  try {
    const request = (index: number, limit: number) => ({
      companyId,
      params: new SqlParams(),
      visibility: 'TRUE',
      model: context.embedder.model,
      query: (embedded[index] as { embedding: Float32Array }).embedding,
      limit,
      // The candidate list recall searches with for this embedder (WordLlama's own; others the default).
      ...(context.embedder.efSearch === undefined ? {} : { efSearch: context.embedder.efSearch }),
    });
    // Warm-up: caches and plans, not measured.
    for (let index = 0; index < 5; index++) await context.backend.nearest(client, request(index, 10));
    const ann: number[] = [];
    for (let index = 0; index < queries.length; index++)
      ann.push((await timed(() => context.backend.nearest(client, request(index, 10)))).ms);
    const exact: number[] = [];
    let overlap = 0;
    let similarityRatio = 0;
    for (let index = 0; index < Math.min(exactCount, queries.length); index++) {
      const { ms, value } = await timed(() => context.backend.exactNearest(client, request(index, 10)));
      exact.push(ms);
      // Many generated notes tie on similarity, so a hit counts when it is as close as the exact 10th
      // (recall@10 with ties), not only when it has the same id.
      const approximate = await context.backend.nearest(client, request(index, 10));
      const tenth = value.at(-1)?.similarity ?? 1;
      overlap += approximate.filter((hit) => hit.similarity >= tenth - 1e-6).length / Math.max(1, value.length);
      const mean = (hits: { similarity: number }[]) =>
        hits.reduce((sum, hit) => sum + hit.similarity, 0) / Math.max(1, hits.length);
      similarityRatio += mean(approximate) / Math.max(1e-9, mean(value));
    }
    // The ef_search lever: recall@10 (ties count) and ANN latency per candidate-list size, against the
    // same exact top 10. Each query asks for its own ef_search; the recall path uses the embedder's own (or defaultEfSearch).
    if (context.backend.kind === 'pgvector' && efSearch.length > 0) {
      const exactTop = [];
      for (let index = 0; index < Math.min(exactCount, queries.length); index++)
        exactTop.push(await context.backend.exactNearest(client, request(index, 10)));
      for (const ef of efSearch) {
        const times: number[] = [];
        let hits = 0;
        let strict = 0;
        for (let index = 0; index < exactTop.length; index++) {
          const { ms, value } = await timed(() =>
            context.backend.nearest(client, { ...request(index, 10), efSearch: ef }),
          );
          times.push(ms);
          const exactHits = exactTop[index] ?? [];
          const tenth = exactHits.at(-1)?.similarity ?? 1;
          const exactIds = new Set(exactHits.map((hit) => hit.id));
          hits += value.filter((hit) => hit.similarity >= tenth - 1e-6).length / Math.max(1, exactHits.length);
          strict += value.filter((hit) => exactIds.has(hit.id)).length / Math.max(1, exactHits.length);
        }
        // The setting the last query ran with: the sweep would be meaningless if it were not the one asked for.
        const { rows } = await client.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`);
        if (rows[0]?.ef !== String(ef)) throw new Error(`ef_search ${ef} asked, ${rows[0]?.ef} in force`);
        latencyRows.push({
          backend: label,
          memories: size,
          what: `vector ANN (HNSW) ef_search=${ef}`,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          note: `recall@10 vs exact: ties count ${(hits / Math.max(1, exactTop.length)).toFixed(3)}, same ids ${(strict / Math.max(1, exactTop.length)).toFixed(3)} (${exactTop.length} queries)`,
        });
      }
    }
    const hybrid: number[] = [];
    const byWalk = new Map(walks.map((walk) => [walk, [] as number[]]));
    const before: number[] = [];
    const other = baseline ? { ...baseline, context: await baseline.open(pool) } : undefined;
    const loadAtStart = load1();
    // Queries whose top 5 (ids in order) differ between the baseline and this recall.
    let differing = 0;
    // CPU time of this process per recall (the worker and, on PGlite, the database run in it): the work a
    // recall costs, less disturbed than wall time when other processes load the machine.
    const hybridCpu: number[] = [];
    const beforeCpu: number[] = [];
    const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
    const cpuNote = (times: number[]) =>
      `; CPU p50 ${percentile(times, 50).toFixed(1)} / p95 ${percentile(times, 95).toFixed(1)} ms`;
    for (const [index, query] of queries.entries()) {
      let ids = '';
      let baselineIds = '';
      const current = async () => {
        const cpu = process.cpuUsage();
        const { ms, value } = await timed(() => recall(context, { companyId, viewer: operator, query, limit: 5 }));
        hybridCpu.push(cpuMs(process.cpuUsage(cpu)));
        hybrid.push(ms);
        ids = value.memories.map((memory) => memory.id).join(',');
      };
      const previous = async () => {
        if (!other) return;
        const cpu = process.cpuUsage();
        const { ms, value } = await timed(() =>
          other.recall(other.context, { companyId, viewer: operator, query, limit: 5 }),
        );
        beforeCpu.push(cpuMs(process.cpuUsage(cpu)));
        before.push(ms);
        baselineIds = value.memories.map((memory) => memory.id).join(',');
      };
      // Alternating which goes first, so neither always finds the other's pages cached.
      if (index % 2 === 0) await current().then(previous);
      else await previous().then(current);
      if (other && ids !== baselineIds) differing++;
      for (const [walk, times] of byWalk)
        times.push((await timed(() => recall(context, { companyId, viewer: operator, query, limit: 5, walk }))).ms);
    }
    // The first pass above fills PGlite's page cache (its CPU p95 about 2.5× a warm pass at 100k); a worker serving
    // recalls runs warm, so the same queries are timed again (docs/memory-rounds.md, fourteenth round).
    const warm: number[] = [];
    const warmCpu: number[] = [];
    for (const query of queries) {
      const cpu = process.cpuUsage();
      warm.push((await timed(() => recall(context, { companyId, viewer: operator, query, limit: 5 }))).ms);
      warmCpu.push(cpuMs(process.cpuUsage(cpu)));
    }
    if (other)
      latencyRows.push({
        backend: label,
        memories: size,
        what: `hybrid recall (top 5), ${other.name}`,
        p50: percentile(before, 50),
        p95: percentile(before, 95),
        note: `${before.length} queries, alternating with the row below; top 5 differs on ${differing}${cpuNote(beforeCpu)}`,
      });
    for (const [walk, times] of byWalk)
      latencyRows.push({
        backend: label,
        memories: size,
        what: `hybrid recall (top 5), walk=${walk}`,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        note: `${times.length} queries, interleaved with the default`,
      });
    const annName = context.backend.kind === 'pgvector' ? 'vector ANN (HNSW)' : 'vector ANN (sketch scan + rerank)';
    const exactName =
      context.backend.kind === 'pgvector'
        ? 'vector exact scan (pgvector, no index)'
        : 'vector exact scan (bytea, cosine in JS)';
    latencyRows.push(
      {
        backend: label,
        memories: size,
        what: 'hybrid recall (top 5)',
        p50: percentile(hybrid, 50),
        p95: percentile(hybrid, 95),
        note: `${hybrid.length} queries, first pass, embed+vector+text+graph; load ${loadAtStart} → ${load1()}${cpuNote(hybridCpu)}`,
      },
      {
        backend: label,
        memories: size,
        what: 'hybrid recall (top 5), second pass',
        p50: percentile(warm, 50),
        p95: percentile(warm, 95),
        note: `${warm.length} queries, the same again (warm page cache)${cpuNote(warmCpu)}`,
      },
      {
        backend: label,
        memories: size,
        what: annName,
        p50: percentile(ann, 50),
        p95: percentile(ann, 95),
        note: `ef_search ${context.embedder.efSearch ?? defaultEfSearch}; recall@10 vs exact (ties count) ${(overlap / Math.max(1, exact.length)).toFixed(2)}, mean similarity ${(similarityRatio / Math.max(1, exact.length)).toFixed(3)} of exact`,
      },
      {
        backend: label,
        memories: size,
        what: exactName,
        p50: percentile(exact, 50),
        p95: percentile(exact, 95),
        note: `${exact.length} queries`,
      },
    );
    log(
      `${label} ${size}: hybrid p50 ${percentile(hybrid, 50).toFixed(1)} ms, ANN p50 ${percentile(ann, 50).toFixed(1)} ms, exact p50 ${percentile(exact, 50).toFixed(1)} ms`,
    );
  } finally {
    client.release();
  }
  return latencyRows;
}
