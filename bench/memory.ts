/**
 * Organisational memory benchmark, measured side by side in one run:
 *  - recall latency (p50/p95) at 10k and 100k memories on PGlite+pgvector (HNSW) and on a real
 *    PostgreSQL without pgvector (the bytea + sketch fallback), beside an exact brute-force scan;
 *    ANN quality as recall@10 against the exact scan;
 *  - consolidation throughput (memories per second through every stage);
 *  - multi-hop recall@5 of GraphRAG vs hybrid recall without the graph vs plain vector recall, on
 *    the tuning family and on three held-out families (2- and 3-hop questions, known answers).
 * Embeddings come from the offline embedder (hashed character n-grams, labelled as such) unless
 * --embedder names others: `--embedder=offline,local:wordllama-256` measures multi-hop recall with each
 * in one run (each embedder's own companies in the same store, one after the other) and times each
 * embedder alone (texts/s); consolidation and latency use the first one named.
 *
 *   node bench/memory.ts [--sizes 10000,100000] [--queries 100] [--exact-queries 20] [--chains 200]
 *                        [--consolidate 10000] [--backends pgvector,fallback]
 *                        [--parts multihop,consolidation,latency] [--ef-search 100,200,400,800]
 *                        [--families tuning,handbook,…,racing,lots,wine,huts,patents,water,dockets,violins,mills,loans,ferries,seeds,leases,entities,campaigns,hiring,audits,tills,plant,books,circuits,turbines,presses,stations,frameworks,resellers,plasmids,gateways,handling,repairs,walkrounds,chemicals,signoffs,freezers,hauliers,crews,reagents,vans,renewals]
 *                        [--embedder offline,local:wordllama-256] [--modes graph,hybrid,vector,passages,pagerank]
 *                        [--walks relations,passages,both,pagerank] [--data-dir DIR]
 *                        [--baseline OTHER_CHECKOUT/src/memory/hybrid-recall.ts]
 *                        [--extractor offline|local:smollm2-135m|local:smollm2-135m+offline] [--model-threads 1]
 *                        [--extraction '{"request":"schema","grounded":true,"maxOutputTokens":400}'] [--extraction-cache FILE]
 *                        [--modes graph,hybrid,reader --reader local:qwen2.5-coder-0.5b [--reader-cache FILE]]
 *                        [--reader-choose name|note|each|score]
 *
 * --data-dir keeps the PGlite + pgvector store (bench/memory-load.ts loads one); a store that already
 * holds a size's notes is measured without loading. --baseline times another checkout's recall
 * (with that checkout's own vector backend) alternately with this one, query by query, on the same
 * store, so machine load falls on both alike. --extractor re-extracts each multi-hop company's notes with a model
 * before recall (bench/llm-extraction.ts), replacing the offline graph or merged with it (`+offline`). --reader names
 * the model the `reader` mode asks at each hop (src/memory/reader/reader-recall.ts; --model-threads applies to it too),
 * its replies kept in --reader-cache; --reader-choose sets what it chooses at each hop (`readerWalk.choose`). The options are
 * read and checked in bench/memory-options.ts: a wrong value stops the bench with one line (exit code 2).
 */
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { loadConfig } from '../src/config/env.ts';
import type { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { SqlParams } from '../src/memory/sql.ts';
import { defaultEfSearch, detectVectorBackend } from '../src/memory/vector-backend.ts';
import type { MemoryTestDatabase } from '../test/memory/helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from '../test/memory/helpers/databases.ts';
import { backgroundNotes, benchQueries } from './memory-dataset.ts';
import { dropVectorIndexes, loadedCount } from './memory-load.ts';
import { consolidationRow } from './memory-consolidation-part.ts';
import { multiHopPart } from './memory-multi-hop-part.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { benchEmbedder, rememberNotes } from './multi-hop-evaluation.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor.ts';
import { percentile } from './stats.ts';
import { extractionRow, startFamiliesExtractor } from './llm-extraction.ts';
import { optionsOrExit } from './bench-options.ts';
import { readMemoryBenchOptions } from './memory-options.ts';
import { stopLocalModels } from '../src/llm/local-model/registry.ts';
import { readerRow, startBenchReader } from './reader-cache.ts';
import { readerWalk } from '../src/memory/reader/reader-recall.ts';

const {
  values,
  sizes,
  queryCount,
  exactCount,
  chains,
  consolidateCount,
  backends,
  parts,
  familyKeys,
  efSearch,
  walks,
  measuredModes,
  extractorSpec,
  modelThreads,
  readerChoose,
} = optionsOrExit('memory', () => readMemoryBenchOptions(process.argv.slice(2)));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
if (readerChoose !== undefined) {
  readerWalk.choose = readerChoose;
  log(`reader walk choosing by ${readerChoose}`);
}
// MEMORY_EXTRACTOR='{"earlierPronoun":false}' stores the notes with offline extractor rules switched off (thirteenth round).
Object.assign(
  offlineExtractorRules,
  JSON.parse(process.env.MEMORY_EXTRACTOR ?? '{}') as Partial<typeof offlineExtractorRules>,
);
log(`offline extractor rules ${JSON.stringify(offlineExtractorRules)}`);
const config = loadConfig();
const benchEmbedders = values.embedder.split(',').map((name) => benchEmbedder(name, config));
const load1 = () => (loadavg()[0] ?? 0).toFixed(1);
/** Another checkout's recall and the context it runs with (its own vector backend over the same pool). */
interface Baseline {
  name: string;
  recall: typeof recall;
  open: (pool: Pool) => Promise<MemoryContext>;
}
const baseline: Baseline | undefined = values.baseline
  ? await (async (path: string) => {
      const directory = dirname(path);
      const other = (await import(path)) as { recall: typeof recall };
      const contexts = (await import(join(directory, 'memory-context.ts'))) as {
        openMemoryContext: typeof openMemoryContext;
      };
      const embedders = (await import(join(directory, 'embedding', 'offline-embedder.ts'))) as {
        createOfflineEmbedder: typeof createOfflineEmbedder;
      };
      return {
        name: `baseline (${path})`,
        recall: other.recall,
        open: (pool: Pool) => contexts.openMemoryContext(pool, embedders.createOfflineEmbedder()),
      };
    })(values.baseline)
  : undefined;
const operator = { kind: 'operator' } as const;
const batchSize = 1_000;

interface Row {
  backend: string;
  memories: number;
  what: string;
  p50: number;
  p95: number;
  note: string;
}
const latencyRows: Row[] = [];
const otherRows: string[][] = [];
const multiHopRows: string[][] = [];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function load(context: MemoryContext, companyId: string, memories: { key: string; content: string }[]) {
  await rememberNotes(context, companyId, memories, 'bench', batchSize);
}

async function latency(
  label: string,
  database: MemoryTestDatabase,
  context: MemoryContext,
  companyId: string,
  size: number,
): Promise<void> {
  const queries = benchQueries(queryCount);
  const embedded = await embedTexts(context, queries);
  const client: PoolClient = await database.pool.connect();
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
    const other = baseline ? { ...baseline, context: await baseline.open(database.pool) } : undefined;
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
    // recalls runs warm, so the same queries are timed again (docs/memory.md, fourteenth round).
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
}

async function runBackend(label: string, start: () => Promise<MemoryTestDatabase | undefined>): Promise<void> {
  log(`${label}: starting`);
  const database = await start();
  if (!database) {
    log(`${label}: skipped (no PostgreSQL server binaries)`);
    return;
  }
  try {
    const context = await openMemoryContext(database.pool, benchEmbedders[0] as Embedder);
    log(`${label}: vector backend ${context.backend.kind}`);
    for (const embedder of parts.has('multihop') ? benchEmbedders : []) {
      // Each embedder's notes go to companies of their own: a key written once is never re-embedded.
      const slug = embedder.model.replace(/[^a-z0-9]+/gi, '-');
      const families = multiHopFamilies(chains, familyKeys);
      const extractor = await startFamiliesExtractor(extractorSpec, config, families, {
        ...(values['extraction-cache'] ? { cacheFile: values['extraction-cache'] } : {}),
        ...(modelThreads === undefined ? {} : { threads: modelThreads }),
        log,
      });
      const reader = values.reader
        ? await startBenchReader(values.reader, config, {
            ...(values['reader-cache'] ? { cacheFile: values['reader-cache'] } : {}),
            ...(modelThreads === undefined ? {} : { threads: modelThreads }),
            log,
          })
        : undefined;
      const part = await multiHopPart({
        label: benchEmbedders.length > 1 ? `${label}, ${embedder.model}` : label,
        context: {
          ...(await openMemoryContext(database.pool, embedder)),
          ...(reader ? { reader: reader.reader } : {}),
        },
        companyPrefix: embedder === benchEmbedders[0] ? 'bench-multihop' : `bench-multihop-${slug}`,
        families,
        modes: measuredModes,
        batchSize,
        ...(extractor ? { afterStore: (companyId: string) => extractor.extractCompany(database.pool, companyId) } : {}),
        log,
      });
      otherRows.push(part.throughputRow);
      if (extractor) otherRows.push(extractionRow(label, extractor));
      if (reader) otherRows.push(readerRow(label, reader));
      multiHopRows.push(...part.multiHopRows);
    }
    if (parts.has('consolidation')) otherRows.push(await consolidationRow(label, context, consolidateCount, batchSize));
    const companyId = 'bench-recall';
    let loaded = 0;
    for (const size of parts.has('latency') ? [...sizes].sort((a, b) => a - b) : []) {
      if (values['data-dir'] !== undefined && (await loadedCount(database.pool, companyId)) === size) {
        log(`${label}: the kept store holds ${size} memories; measured without loading`);
        loaded = size;
        await latency(label, database, context, companyId, size);
        continue;
      }
      if (context.backend.kind === 'pgvector') await dropVectorIndexes(database.pool);
      const { ms } = await timed(() => load(context, companyId, backgroundNotes(size - loaded, loaded)));
      log(`${label}: loaded ${size - loaded} memories in ${(ms / 1000).toFixed(1)} s`);
      loaded = size;
      await database.pool.query('ANALYZE memories');
      if (context.backend.kind === 'pgvector') {
        const fresh = await detectVectorBackend(database.pool);
        const dimensions = (await context.embedder.embed(['dimensions']))[0]?.length ?? 256;
        const built = await timed(() => fresh.prepare(database.pool, context.embedder.model, dimensions));
        otherRows.push([
          label,
          `HNSW index build over ${size} memories`,
          `${(built.ms / 1000).toFixed(1)} s`,
          'm=16, ef_construction=64 (pgvector defaults)',
        ]);
      }
      await latency(label, database, context, companyId, size);
    }
  } finally {
    await database.stop();
  }
}

log(
  `embedders: ${benchEmbedders.map((embedder) => embedder.label).join('; ')}; SYNTHORG_MODEL=${config.defaultModel ?? 'unset'} is not used here`,
);
if (backends.includes('pgvector'))
  await runBackend('PGlite + pgvector', () =>
    // The embedded server's page cache (src/db/embedded-postgres.ts); PGlite's 128 MB costs 100k recall 15 % CPU.
    startPgliteDatabase({
      vector: true,
      sharedBuffers: '256MB',
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    }),
  );
if (backends.includes('fallback')) await runBackend('PostgreSQL 15, no pgvector', () => startPostgresDatabase());

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')).join('\n');
};
const sections: [string, string[], string[][]][] = [
  [
    'Recall latency (ms)',
    ['backend', 'memories', 'what', 'p50', 'p95', 'note'],
    latencyRows.map((row) => [
      row.backend,
      String(row.memories),
      row.what,
      row.p50.toFixed(1),
      row.p95.toFixed(1),
      row.note,
    ]),
  ],
  [
    'Multi-hop recall@5 (answer memory in top 5; share of supporting memories in top 5)',
    [
      'backend',
      'family (method and weights chosen on the tuning split only)',
      'depth',
      'recall',
      'answer@5',
      'supporting@5',
      'detail',
    ],
    multiHopRows,
  ],
  ['Consolidation, index', ['backend', 'measure', 'value', 'detail'], otherRows],
];
for (const [title, header, rows] of sections) {
  if (rows.length > 0) process.stdout.write(`\n${title}\n${table([header, ...rows])}\n`);
}
await stopLocalEmbeddingServer();
await stopLocalModels();
