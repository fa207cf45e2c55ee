/**
 * A kept store of the real-prose corpus (bench/hnsw-corpus.ts) written as memories through `rememberBatch`
 * (embedding, sketch, graph extraction), built once into a data folder and opened as is afterwards, so
 * recall benches on prose do not rewrite 17k paragraphs each run (bench/hnsw-hybrid-cost.ts does).
 */
import { mkdir } from 'node:fs/promises';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/env.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { proseCorpus, type ProseCorpus } from './hnsw-corpus.ts';
import { openKeptStore, type KeptStore } from './memory-kept-store.ts';
import { loadedCount } from './memory-load.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';

/** The company the prose memories belong to. */
export const proseCompany = 'bench-prose';

export interface ProseStore {
  database: KeptStore;
  /** The embedder the store was written with (a local model's vectors cached on disk). */
  embedder: Embedder;
  corpus: ProseCorpus;
}

export interface ProseStoreOptions {
  dataDir: string;
  /** An embedder name as `--embedder` takes it (`local:wordllama-256`, `offline`). */
  embedder: string;
  /** Where the corpus's Markdown is read (node_modules). */
  root?: string;
  queries?: number;
  size?: number;
  sharedBuffers?: string;
  cacheDir?: string;
  log?: (line: string) => void;
}

/** Opens the prose store in `dataDir`, writing the corpus into it first when it holds none of it. */
export async function openProseStore(options: ProseStoreOptions): Promise<ProseStore> {
  const log = options.log ?? (() => undefined);
  const corpus = await proseCorpus(options.root ?? 'node_modules', options.queries ?? 100, options.size ?? 50_000);
  const base = benchEmbedder(options.embedder, loadConfig());
  const cacheDir = options.cacheDir ?? join(homedir(), '.cache', 'synthorg', 'bench-embeddings');
  if (!base.offline) await mkdir(cacheDir, { recursive: true });
  const embedder = base.offline
    ? base
    : await cachedEmbedder(base, join(cacheDir, `${base.model.replace(/[^a-z0-9]+/gi, '-')}.jsonl`));
  const database = await openKeptStore(
    options.dataDir,
    options.sharedBuffers === undefined ? {} : { sharedBuffers: options.sharedBuffers },
  );
  const stored = await loadedCount(database.pool, proseCompany);
  if (stored === corpus.stored.length) return { database, embedder, corpus };
  if (stored !== 0) {
    await database.stop();
    throw new Error(`${options.dataDir} holds ${stored} prose memories, not the corpus's ${corpus.stored.length}`);
  }
  // A local model's calls are $0 ledger rows, charged to a company that must exist.
  await database.pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd) VALUES ($1, 'Bench', 'duo', '{}', 10)
     ON CONFLICT (id) DO NOTHING`,
    [proseCompany],
  );
  const context = await openMemoryContext(database.pool, embedder);
  await embedTexts(context, ['warm-up']);
  const begun = performance.now();
  for (let start = 0; start < corpus.stored.length; start += 500) {
    await rememberBatch(
      context,
      corpus.stored.slice(start, start + 500).map((content, index) => ({
        key: `${proseCompany}/${start + index}`,
        companyId: proseCompany,
        scope: 'company' as const,
        ownerId: proseCompany,
        authorId: 'bench',
        content,
      })),
    );
    log(`written ${Math.min(corpus.stored.length, start + 500)} of ${corpus.stored.length}`);
  }
  log(
    `${corpus.stored.length} paragraphs remembered with ${embedder.model} in ${((performance.now() - begun) / 1000).toFixed(0)} s (load ${(loadavg()[0] ?? 0).toFixed(1)})`,
  );
  return { database, embedder, corpus };
}
