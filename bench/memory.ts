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
 *                        [--families tuning,handbook,…,racing,lots,wine,huts,patents,water,dockets,violins,mills,loans,ferries,seeds,leases,entities,campaigns,hiring,audits,tills,plant,books,circuits,turbines,presses,stations,frameworks,resellers,plasmids,gateways,handling,repairs,walkrounds,chemicals,signoffs,freezers,hauliers,crews,reagents,vans,renewals,printers,claims,grants,gritting,equipment,touring]
 *                        [--embedder offline,local:wordllama-256] [--modes graph,hybrid,vector,passages,pagerank]
 *                        [--walks relations,passages,both,pagerank] [--data-dir DIR]
 *                        [--baseline OTHER_CHECKOUT/src/memory/hybrid-recall.ts]
 *                        [--extractor offline|local:smollm2-135m|local:smollm2-135m+offline|corenlp|corenlp+offline] [--model-threads 1]
 *                        [--extraction '{"request":"schema","grounded":true,"maxOutputTokens":400}'] [--extraction-cache FILE]
 *                        [--modes graph,hybrid,reader --reader local:qwen2.5-coder-0.5b [--reader-cache FILE]]
 *                        [--reader-choose name|note|each|score]
 *
 * --data-dir keeps the PGlite + pgvector store (bench/memory-load.ts loads one); a store that already
 * holds a size's notes is measured without loading. --baseline times another checkout's recall
 * (with that checkout's own vector backend) alternately with this one, query by query, on the same
 * store, so machine load falls on both alike. --extractor re-extracts each multi-hop company's notes with a model
 * before recall (bench/llm-extraction.ts), or with a Stanford CoreNLP parse (`corenlp`: bench/parser-extractor.ts),
 * replacing the offline graph or merged with it (`+offline`). --reader names
 * the model the `reader` mode asks at each hop (src/memory/reader/reader-recall.ts; --model-threads applies to it too),
 * its replies kept in --reader-cache; --reader-choose sets what it chooses at each hop (`readerWalk.choose`). The options are
 * read and checked in bench/memory-options.ts: a wrong value stops the bench with one line (exit code 2).
 */
import { dirname, join } from 'node:path';
import type { Pool } from 'pg';
import { loadConfig } from '../src/config/env.ts';
import type { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import type { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { detectVectorBackend } from '../src/memory/vector-backend.ts';
import type { MemoryTestDatabase } from '../test/memory/helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from '../test/memory/helpers/databases.ts';
import { backgroundNotes } from './memory-dataset.ts';
import { dropVectorIndexes, loadedCount } from './memory-load.ts';
import { consolidationRow } from './memory-consolidation-part.ts';
import { multiHopPart } from './memory-multi-hop-part.ts';
import { latencyPart } from './memory-latency-part.ts';
import type { Baseline, LatencyRow } from './memory-latency-part.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { benchEmbedder, rememberNotes } from './multi-hop-evaluation.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { bridgeAliases } from '../src/memory/graph/bridge-aliases.ts';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { extractionRow, startFamiliesExtractor } from './llm-extraction.ts';
import { optionsOrExit } from './bench-options.ts';
import { readMemoryBenchOptions } from './memory-options.ts';
import { stopLocalModels } from '../src/llm/local-model/registry.ts';
import { stopCoreNlpServers } from '../src/memory/parser/corenlp-registry.ts';
import { readerRow, startBenchReader } from './reader-cache.ts';
import { readerWalk } from '../src/memory/reader/reader-recall.ts';
import { crowdedNotesFromEnvironment } from './crowded-notes-setting.ts';

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
// MEMORY_ALIASES=on stores and links bridges however they are written (bridge-aliases.ts, thirty-first round).
bridgeAliases.on = process.env.MEMORY_ALIASES === 'on';
log(`bridge aliases ${bridgeAliases.on ? 'on' : 'off'}`);
// MEMORY_ALIAS_TABLE=on pairs a name's initialism or defined short form across notes (alias-table.ts, thirty-second round).
aliasTable.on = process.env.MEMORY_ALIAS_TABLE === 'on';
log(`alias table ${aliasTable.on ? 'on' : 'off'}`);
// MEMORY_CROWDED_NOTES='{"exponent":0}' turns off the weight on crowded sentences (crowded-notes.ts, thirty-third round).
log(crowdedNotesFromEnvironment());
const config = loadConfig();
const benchEmbedders = values.embedder.split(',').map((name) => benchEmbedder(name, config));
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
const batchSize = 1_000;
const latencyOptions = { queryCount, exactCount, efSearch, walks, baseline, log };

const latencyRows: LatencyRow[] = [];
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
        latencyRows.push(
          ...(await latencyPart({ ...latencyOptions, label, pool: database.pool, context, companyId, size })),
        );
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
      latencyRows.push(
        ...(await latencyPart({ ...latencyOptions, label, pool: database.pool, context, companyId, size })),
      );
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
await stopCoreNlpServers();
