/**
 * The memory bench's model extractor (`--extractor local:smollm2-135m` or `local:smollm2-135m+offline`): after a
 * company's notes are stored with the offline extractor, each note's graph is extracted again by the model and
 * stored in place of the offline one (as memory maintenance's refreshGraph does), or merged with it (`+offline`).
 * Counts per note whether the model's extraction was used or the offline fallback was, and logs progress.
 * `--extraction-cache FILE` keeps each reply (by model, request and text), so a second arm re-reads instead of asking.
 */
import { appendFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { SynthorgConfig } from '../src/config/env.ts';
import { ensureLocalModel } from '../src/llm/local-model/registry.ts';
import { parseModelName } from '../src/llm/model-names.ts';
import { GraphExtraction } from '../src/memory/graph/extraction.ts';
import type { ModelExtractionOptions } from '../src/memory/graph/model-extraction.ts';
import { schemaExtraction } from '../src/memory/graph/model-extraction.ts';
import { type ModelEdgePolicy, modelEdgePolicies } from '../src/memory/graph/model-edges.ts';
import { createModelLanguage } from '../src/memory/language.ts';
import { BenchOptionError, jsonOption } from './bench-options.ts';
import { extractEachNote, noExtractionCounts, readCacheLines } from './extraction-cache.ts';
import { parserExtractorName, startParserExtractor } from './parser-extractor.ts';

/** How the bench asks the model unless --extraction says otherwise (chosen on tuning families only). */
export const benchExtractionRequest: ModelExtractionOptions = schemaExtraction;

const ExtractionRequest = z
  .object({
    request: z.enum(['text', 'schema']),
    grounded: z.boolean(),
    maxOutputTokens: z.number().int().min(16).max(4_000),
    maxEntities: z.number().int().min(1).max(40),
    maxRelations: z.number().int().min(0).max(60),
    example: z.boolean(),
  })
  .partial()
  .strict();

/** An extractor option's value was wrong, or its model did not start; the message says which and what to do. */
export class BenchExtractorError extends BenchOptionError {
  override readonly name = 'BenchExtractorError';
}

export interface ExtractorSpec {
  model: string;
  /** True: the model's graph is stored beside the offline extractor's (a union), not instead of it. */
  merge: boolean;
  request: ModelExtractionOptions;
  /** How the model's relations enter the graph (src/memory/graph/model-edges.ts). */
  edges: ModelEdgePolicy;
}

/**
 * The edge policy of an arm, chosen on tuning families (docs/memory-rounds.md, twenty-fourth round): merged, the model's
 * relations between names the offline graph does not already relate are untyped links the walk weighs low
 * (`new-link`); instead of the offline graph, its labels as stated.
 * BENCH_MODEL_EDGES names another policy (`stated` reproduces rounds 22–23's merged arm).
 */
export function benchEdgePolicy(merge: boolean, named = process.env.BENCH_MODEL_EDGES): ModelEdgePolicy {
  if (named === undefined || named === '') return merge ? 'new-link' : 'stated';
  if (!(modelEdgePolicies as readonly string[]).includes(named))
    throw new BenchExtractorError(`BENCH_MODEL_EDGES must be one of ${modelEdgePolicies.join(', ')}, not "${named}"`);
  return named as ModelEdgePolicy;
}

/** `offline` → undefined; `local:smollm2-135m` → replace; `local:smollm2-135m+offline` → merge. */
export function parseExtractorOption(value: string, requestJson = '{}'): ExtractorSpec | undefined {
  if (value === 'offline') return undefined;
  const merge = value.endsWith('+offline');
  const model = merge ? value.slice(0, -'+offline'.length) : value;
  // The parser (bench/parser-extractor.ts) reads its own settings; the request and edges here are not used.
  if (model === parserExtractorName) return { model, merge, request: benchExtractionRequest, edges: 'stated' };
  if (!model.includes(':'))
    throw new BenchExtractorError(
      `--extractor "${value}": use offline, a model (local:smollm2-135m), corenlp, or either with +offline (merged)`,
    );
  const request = jsonOption(
    '--extraction',
    ExtractionRequest,
    requestJson,
    '{"request":"schema","maxOutputTokens":400}',
    BenchExtractorError,
  );
  return { model, merge, request: { ...benchExtractionRequest, ...request }, edges: benchEdgePolicy(merge) };
}

const CachedReply = z.object({
  key: z.string(),
  extractor: z.string(),
  extraction: GraphExtraction,
  outputTokens: z.number(),
});
type CachedReply = z.infer<typeof CachedReply>;

export interface ExtractionCounts {
  notes: number;
  /** Notes whose stored graph is the model's (alone or merged). */
  llm: number;
  /** Of those, notes where the model's graph had no relation (after grounding). */
  llmWithoutRelations: number;
  /** Notes where the model's reply was unusable and the offline extractor's graph was kept. */
  fallback: number;
  /** Notes where the call failed (the offline graph kept, counted apart from unusable replies). */
  errors: number;
  cached: number;
  outputTokens: number;
  /** Wall time spent extracting, in seconds. */
  seconds: number;
}

export interface BenchExtractor {
  readonly label: string;
  readonly counts: ExtractionCounts;
  /** Re-extracts every memory of a company; `total` is the run's note count, for progress lines. */
  extractCompany(pool: Pool, companyId: string): Promise<void>;
  /** What the summary row adds about the extractor itself (the parser's speed and start). */
  detail?(): string;
}

export interface BenchExtractorOptions {
  /** The run's note count, for progress lines. */
  total: number;
  cacheFile?: string;
  concurrency?: number;
  /** The local model server's CPU threads (--model-threads); llama.cpp's default when unset. */
  threads?: number;
  log: (line: string) => void;
}

/**
 * Starts the model (a `local:` model's server first: a start that fails stops the bench here, with the reason) and
 * returns the extractor. `concurrency` requests at once (the local server decodes two slots together).
 */
export async function startBenchExtractor(
  spec: ExtractorSpec,
  config: SynthorgConfig,
  options: BenchExtractorOptions,
): Promise<BenchExtractor> {
  const { log } = options;
  if (spec.model === parserExtractorName) return startParserExtractor(spec.merge, config, options);
  const { provider, modelId } = parseModelName(spec.model);
  if (provider === 'local') {
    try {
      await ensureLocalModel(modelId, config, log, options.threads === undefined ? {} : { threads: options.threads });
    } catch (error) {
      throw new BenchExtractorError(
        `--extractor ${spec.model}: the local model did not start (${error instanceof Error ? error.message : String(error)}); ` +
          'check that python3 and pip can install xllamacpp into the cache (SYNTHORG_CACHE), or use --extractor offline',
      );
    }
  }
  const language = createModelLanguage(spec.model, config, spec.request);
  const requestKey = `${spec.model} ${JSON.stringify(spec.request)}`;
  const cache = new Map<string, CachedReply>();
  if (options.cacheFile !== undefined) {
    for (const reply of await readCacheLines(options.cacheFile, CachedReply)) cache.set(reply.key, reply);
    log(`extraction cache ${options.cacheFile}: ${cache.size} replies`);
  }
  const counts = noExtractionCounts();
  const progress = () =>
    `${counts.notes}/${options.total} notes, ${(counts.notes / Math.max(1, counts.seconds)).toFixed(2)} notes/s, ` +
    `${Math.round(counts.outputTokens / Math.max(1, counts.seconds))} output tokens/s; model's graph ${counts.llm} ` +
    `(${counts.llmWithoutRelations} without relations), offline fallback ${counts.fallback}, errors ${counts.errors}, cached ${counts.cached}`;

  const reply = async (text: string): Promise<CachedReply | undefined> => {
    const key = `${requestKey} ${text}`;
    const kept = cache.get(key);
    if (kept) {
      counts.cached++;
      return kept;
    }
    try {
      const answer = await language.extractGraph(text);
      const fresh = {
        key,
        extractor: answer.extractor,
        extraction: answer.extraction,
        outputTokens: answer.spend.outputTokens,
      };
      counts.outputTokens += fresh.outputTokens;
      cache.set(key, fresh);
      if (options.cacheFile !== undefined) await appendFile(options.cacheFile, `${JSON.stringify(fresh)}\n`);
      return fresh;
    } catch (error) {
      counts.errors++;
      log(`extraction failed (offline graph kept): ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  return {
    label: `${spec.model}${spec.merge ? ' merged with offline' : ''} (${JSON.stringify(spec.request)}, edges ${spec.edges})`,
    counts,
    extractCompany: (pool, companyId) =>
      extractEachNote(
        pool,
        companyId,
        counts,
        { merge: spec.merge, edges: spec.edges, concurrency: options.concurrency, log, progress },
        async (content) => {
          const answer = await reply(content);
          if (answer === undefined) return undefined;
          if (!answer.extractor.startsWith('llm:')) {
            // The reply was unusable: the offline graph stored with the note stays; no LLM extraction.
            counts.fallback++;
            return undefined;
          }
          return answer;
        },
      ),
  };
}

/**
 * The extractor of a multi-hop run over `families` (undefined for `--extractor offline`), its progress lines counting
 * every family's notes. Each family's `sets` is generated once more for the count: only when a model extracts.
 */
export async function startFamiliesExtractor(
  spec: ExtractorSpec | undefined,
  config: SynthorgConfig,
  families: readonly { sets: readonly { memories: readonly unknown[] }[] }[],
  options: Omit<BenchExtractorOptions, 'total'>,
): Promise<BenchExtractor | undefined> {
  if (spec === undefined) return undefined;
  const total = families.reduce(
    (sum, family) => sum + family.sets.reduce((notes, set) => notes + set.memories.length, 0),
    0,
  );
  return startBenchExtractor(spec, config, { total, ...options });
}

/** The bench's summary row of an extraction run ([label, measure, value, detail]). */
export function extractionRow(label: string, extractor: BenchExtractor): string[] {
  const { counts } = extractor;
  return [
    label,
    `graph extraction by ${extractor.label}`,
    `model's graph ${counts.llm} / offline fallback ${counts.fallback} / errors ${counts.errors} of ${counts.notes} notes`,
    `${counts.llmWithoutRelations} model graphs without relations; ${(counts.seconds / 60).toFixed(1)} min, ` +
      `${Math.round(counts.outputTokens / Math.max(1, counts.seconds))} output tokens/s, ${counts.cached} replies from the cache` +
      (extractor.detail ? `; ${extractor.detail()}` : ''),
  ];
}
