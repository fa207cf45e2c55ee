/**
 * A reader model's replies kept in a file by model and question (`--reader-cache FILE`), as bench/llm-extraction.ts
 * keeps extraction replies: a second run of a bench re-reads the model's choices instead of asking again.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SynthorgConfig } from '../src/config/env.ts';
import { ensureLocalModel } from '../src/llm/local-model/registry.ts';
import { parseModelName } from '../src/llm/model-names.ts';
import type { BridgeReader } from '../src/memory/reader/bridge-reader.ts';
import { createBridgeReader } from '../src/memory/reader/bridge-reader.ts';

const CachedChoice = z.object({
  key: z.string(),
  choice: z.string().optional(),
  /** A scored question's P("yes") (`score`), and whether its reply carried token probabilities. */
  probability: z.number().optional(),
  logprobs: z.boolean().optional(),
  outputTokens: z.number(),
});
type CachedChoice = z.infer<typeof CachedChoice>;

export interface ReaderCounts {
  asked: number;
  cached: number;
  outputTokens: number;
  /** Seconds spent waiting on the model (cached replies cost none). */
  seconds: number;
}

/** How many model choices between two progress lines. */
const progressEvery = 20;

/** `reader` with its replies kept in `file` (one JSON line each); the counts say how many were asked and cached. */
export async function cachedBridgeReader(
  reader: BridgeReader,
  file: string | undefined,
  log?: (line: string) => void,
): Promise<{ reader: BridgeReader; counts: ReaderCounts }> {
  const cache = new Map<string, CachedChoice>();
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = CachedChoice.safeParse(JSON.parse(line));
        if (parsed.success) cache.set(parsed.data.key, parsed.data);
      } catch {
        // a line cut short when a run was stopped mid-write
      }
    }
  }
  const counts: ReaderCounts = { asked: 0, cached: 0, outputTokens: 0, seconds: 0 };
  const noSpend = { model: reader.model, offline: false, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  // The model's reply under `key` and its spend (none when cached): from the cache, else asked and kept.
  const cached = async (
    key: string,
    ask: () => Promise<{ kept: CachedChoice; reply: { spend: typeof noSpend } }>,
  ): Promise<{ kept: CachedChoice; spend: typeof noSpend }> => {
    const kept = cache.get(key);
    if (kept) {
      counts.cached++;
      return { kept, spend: noSpend };
    }
    const started = performance.now();
    const { kept: fresh, reply } = await ask();
    counts.seconds += (performance.now() - started) / 1000;
    counts.asked++;
    counts.outputTokens += reply.spend.outputTokens;
    cache.set(key, fresh);
    if (file !== undefined) await appendFile(file, `${JSON.stringify(fresh)}\n`);
    // A held-out split asks the model hundreds of times (an hour on one thread): say that it is moving.
    if (log !== undefined && counts.asked % progressEvery === 0)
      log(
        `reader: ${counts.asked} choices asked, ${counts.cached} from the cache, ` +
          `${counts.seconds.toFixed(0)} s of model time (${(counts.seconds / counts.asked).toFixed(1)} s a choice)`,
      );
    return { kept: fresh, spend: reply.spend };
  };
  return {
    counts,
    reader: {
      model: reader.model,
      async choose(question) {
        const key = `${reader.model} ${JSON.stringify(question)}`;
        const { kept, spend: spent } = await cached(key, async () => {
          const reply = await reader.choose(question);
          const choice = reply.choice === undefined ? {} : { choice: reply.choice };
          return { kept: { key, ...choice, outputTokens: reply.spend.outputTokens }, reply };
        });
        return { choice: kept.choice, spend: spent };
      },
      async score(question) {
        const key = `${reader.model} score ${JSON.stringify(question)}`;
        const { kept, spend: spent } = await cached(key, async () => {
          const reply = await reader.score(question);
          const probability = reply.probability === undefined ? {} : { probability: reply.probability };
          return {
            kept: { key, ...probability, logprobs: reply.logprobs, outputTokens: reply.spend.outputTokens },
            reply,
          };
        });
        return { probability: kept.probability, logprobs: kept.logprobs ?? false, spend: spent };
      },
    },
  };
}

/** Starts a bench's reader model (a `local:` model's server first, on `threads` CPU threads) with its reply cache. */
export async function startBenchReader(
  model: string,
  config: SynthorgConfig,
  options: { cacheFile?: string; threads?: number; log: (line: string) => void },
): Promise<{ reader: BridgeReader; counts: ReaderCounts }> {
  const { provider, modelId } = parseModelName(model);
  if (provider === 'local')
    await ensureLocalModel(
      modelId,
      config,
      options.log,
      options.threads === undefined ? {} : { threads: options.threads },
    );
  return cachedBridgeReader(createBridgeReader(model, config), options.cacheFile, options.log);
}

/** The bench's summary row of a reader walk (beside llm-extraction.ts's `extractionRow` for the extractor). */
export function readerRow(label: string, reader: { reader: BridgeReader; counts: ReaderCounts }): string[] {
  const { counts } = reader;
  return [
    label,
    `reader walk by ${reader.reader.model}`,
    `${counts.asked} choices asked, ${counts.cached} from the cache`,
    `${counts.outputTokens} output tokens in ${counts.seconds.toFixed(0)} s`,
  ];
}
