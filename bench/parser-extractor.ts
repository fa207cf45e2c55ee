/**
 * The memory bench's parser extractor (`--extractor corenlp` or `corenlp+offline`, thirty-fourth round): after a
 * company's notes are stored with the offline extractor, each note is annotated by a Stanford CoreNLP server
 * (src/memory/parser/, installed and started on first use) and its graph read from the parse
 * (src/memory/graph/parser-extraction.ts) is stored in place of the offline one, or merged with it (`+offline`, by
 * the edge policy of src/memory/graph/model-edges.ts: BENCH_MODEL_EDGES, `stated` unless named). The server is
 * started at the first note the cache does not hold. `--extraction-cache FILE` keeps each note's annotation (by
 * pipeline and text), so another arm or another mapping re-reads instead of parsing. BENCH_PARSER='{"coref":true,
 * "relations":"paths"}' changes the pipeline (coreference) and the mapping's options.
 */
import { appendFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SynthorgConfig } from '../src/config/env.ts';
import { type ModelEdgePolicy, modelEdgePolicies } from '../src/memory/graph/model-edges.ts';
import { extractGraphFromParse, parserExtraction } from '../src/memory/graph/parser-extraction.ts';
import { CoreNlpDocument } from '../src/memory/parser/corenlp-document.ts';
import { corefPipeline, ensureCoreNlpServer, parserPipeline } from '../src/memory/parser/corenlp-registry.ts';
import type { CoreNlpServer } from '../src/memory/parser/corenlp-server.ts';
import { BenchOptionError, jsonOption } from './bench-options.ts';
import type { BenchExtractor, BenchExtractorOptions } from './llm-extraction.ts';
import { extractEachNote, noExtractionCounts, readCacheLines } from './extraction-cache.ts';

/** The extractor option's name for the parser (`corenlp`, `corenlp+offline`). */
export const parserExtractorName = 'corenlp';

const ParserSetting = z
  .object({
    coref: z.boolean(),
    relations: z.enum(['openie', 'paths', 'both']),
    maxPath: z.number().int().min(1).max(8),
    properNouns: z.boolean(),
    adjacentLinks: z.boolean(),
  })
  .partial()
  .strict();

/** BENCH_PARSER read and checked: the pipeline (coreference or not) and the mapping's options. */
export function parserSetting(json = process.env.BENCH_PARSER ?? '{}') {
  const setting = jsonOption('BENCH_PARSER', ParserSetting, json, '{"coref":true}');
  const { coref = false, ...mapping } = setting;
  return { pipeline: coref ? corefPipeline : parserPipeline, mapping: { ...parserExtraction, ...mapping } };
}

/** The edge policy of a parser arm: the parse's labels are the note's own words, so `stated` unless named. */
function parserEdgePolicy(named = process.env.BENCH_MODEL_EDGES): ModelEdgePolicy {
  if (named === undefined || named === '') return 'stated';
  if (!(modelEdgePolicies as readonly string[]).includes(named))
    throw new BenchOptionError(`BENCH_MODEL_EDGES must be one of ${modelEdgePolicies.join(', ')}, not "${named}"`);
  return named as ModelEdgePolicy;
}

const CachedParse = z.object({ key: z.string(), document: CoreNlpDocument });

/** Parser-side counts beside the bench's extraction counts. */
export interface ParserCounts {
  /** Notes the server annotated (not read from the cache), and the wall time that took. */
  parsed: number;
  parseSeconds: number;
  startSeconds: number;
  pid: number;
}

/** Starts the parser extractor; `merge` stores its graph beside the offline one. */
export async function startParserExtractor(
  merge: boolean,
  config: SynthorgConfig,
  options: BenchExtractorOptions,
): Promise<BenchExtractor & { parser: ParserCounts }> {
  const { log } = options;
  const { pipeline, mapping } = parserSetting();
  const edges = parserEdgePolicy();
  const pipelineKey = JSON.stringify(pipeline);
  const cache = new Map<string, CoreNlpDocument>();
  if (options.cacheFile !== undefined) {
    for (const kept of await readCacheLines(options.cacheFile, CachedParse)) cache.set(kept.key, kept.document);
    log(`parse cache ${options.cacheFile}: ${cache.size} annotations`);
  }
  const counts = noExtractionCounts();
  const parser: ParserCounts = { parsed: 0, parseSeconds: 0, startSeconds: 0, pid: -1 };
  let server: Promise<CoreNlpServer> | undefined;
  const annotate = async (text: string): Promise<CoreNlpDocument | undefined> => {
    const key = `${pipelineKey} ${text}`;
    const kept = cache.get(key);
    if (kept) {
      counts.cached++;
      return kept;
    }
    server ??= ensureCoreNlpServer(config, pipeline, log, { threads: options.concurrency ?? 2 }).then((started) => {
      parser.startSeconds = started.startSeconds;
      parser.pid = started.pid;
      return started;
    });
    const running = await server;
    try {
      const started = performance.now();
      const document = await running.annotate(text);
      parser.parseSeconds += (performance.now() - started) / 1000;
      parser.parsed++;
      cache.set(key, document);
      if (options.cacheFile !== undefined)
        await appendFile(options.cacheFile, `${JSON.stringify({ key, document })}\n`);
      return document;
    } catch (error) {
      counts.errors++;
      log(`parse failed (offline graph kept): ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const progress = () =>
    `${counts.notes}/${options.total} notes; parsed ${parser.parsed} in ${parser.parseSeconds.toFixed(1)} s of requests ` +
    `(${(parser.parsed / Math.max(1e-9, counts.seconds)).toFixed(2)} notes/s wall); parser's graph ${counts.llm} ` +
    `(${counts.llmWithoutRelations} without relations), errors ${counts.errors}, cached ${counts.cached}`;

  return {
    label: `CoreNLP parser${merge ? ' merged with offline' : ''} (${JSON.stringify({ pipeline: pipeline.annotators.at(-1), ...mapping })}, edges ${edges})`,
    counts,
    parser,
    detail: () =>
      `parser: ${parser.parsed} notes annotated in ${parser.parseSeconds.toFixed(1)} s of requests, ` +
      `server start ${parser.startSeconds.toFixed(1)} s (pid ${parser.pid})`,
    extractCompany: (pool, companyId) =>
      extractEachNote(
        pool,
        companyId,
        counts,
        { merge, edges, concurrency: options.concurrency, log, progress },
        async (content) => {
          const document = await annotate(content);
          if (document === undefined) return undefined;
          return { extraction: extractGraphFromParse(content, document, mapping), extractor: 'parser:corenlp' };
        },
      ),
  };
}
