/**
 * The model extractor's arms on tuning families only (bench/tuning-families.ts imports no held-out split): each
 * family's first seed stored three times — offline graph, the model's graph instead, and both merged — then multi-hop
 * answer@5 (supporting@5) per arm, depth and recall mode. The model extracts each note once (the merged arm reads the
 * replace arm's replies from the extraction cache).
 *
 *   node bench/llm-extraction-tune.ts local:smollm2-135m tickets [seed] ['{"request":"schema"}'] [cache file] [threads]
 *
 * TUNE_SET=formats takes the family from the format families (bench/format-families.ts: theatre, apiary, league),
 * as bench/multi-hop-tune.ts does.
 */
import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalModels } from '../src/llm/local-model/registry.ts';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { extractionRow, parseExtractorOption, startBenchExtractor } from './llm-extraction.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { optionsOrExit, positiveInteger } from './bench-options.ts';
import { tuneRecallCells, tuneSetFamilies } from './tune-set.ts';

const [model = 'local:smollm2-135m', familyList = 'tickets', seed = '1', request = '{}', cacheFile, threads] =
  process.argv.slice(2);
const log = (line: string) => process.stderr.write(`tune: ${line}\n`);
const config = loadConfig();
const wanted = new Set(familyList.split(','));
const { seedNumber, threadCount } = optionsOrExit('llm-extraction-tune', () => ({
  seedNumber: positiveInteger('seed', seed),
  threadCount: threads === undefined ? undefined : positiveInteger('threads', threads),
}));
const families = tuneSetFamilies([seedNumber]).filter(([name]) => wanted.has(name));
const total = families.reduce((sum, [, sets]) => sum + sets.reduce((notes, set) => notes + set.memories.length, 0), 0);
const cache = cacheFile ?? `/tmp/llm-extraction-tune/${model.replace(/[^a-z0-9]+/gi, '-')}.jsonl`;
await mkdir('/tmp/llm-extraction-tune', { recursive: true });
const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
try {
  for (const arm of ['offline', model, `${model}+offline`]) {
    const spec = parseExtractorOption(arm, request);
    const extractor =
      spec &&
      (await startBenchExtractor(spec, config, {
        total,
        cacheFile: cache,
        log,
        ...(threadCount === undefined ? {} : { threads: threadCount }),
      }));
    for (const [name, sets] of families) {
      for (const [index, set] of sets.entries()) {
        const companyId = `${arm.replace(/[^a-z0-9]+/gi, '-')}-${name}-${index}`;
        await rememberNotes(context, companyId, set.memories, 'tune');
        await extractor?.extractCompany(database.pool, companyId);
        for (const hops of [2, 3] as const) {
          const cells = await tuneRecallCells(context, companyId, set, hops);
          process.stdout.write(`${arm} | ${name} seed ${seed} | ${hops}-hop | ${cells}\n`);
        }
      }
    }
    if (extractor) process.stdout.write(`${extractionRow(arm, extractor).join(' | ')}\n`);
  }
} finally {
  await database.stop();
  await stopLocalModels();
}
