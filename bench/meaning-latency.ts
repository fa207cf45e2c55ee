/**
 * What the meaning levers (src/memory/graph/meaning-levers.ts) cost per recall on `local:minilm-l6`:
 * the clinic and container families of the tuning side (seed 1) are remembered once, then every
 * question is recalled twice in alternation — levers off (the tenth round's walk and weights) and on
 * (this round's defaults) — and the wall time of each recall is reported (p50, p90, mean). The query's
 * own embedding is made in both; "on" adds the clause embedding call and the similarity statements.
 *
 *   TUNE_CACHE=/tmp/minilm-cache.jsonl node bench/meaning-latency.ts
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { createEmbedder } from '../src/memory/embedding/create-embedder.ts';
import { meaningRecallWeights, meaningWeights } from '../src/memory/graph/meaning-levers.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { defaultRecallWeights } from '../src/memory/recall-weights.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { clinicSamples } from './held-out-families-3.ts';
import { containerShipping } from './held-out-families-5.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';

const embedder = createEmbedder({ embeddingModel: 'local:minilm-l6', languageModel: 'offline' }, loadConfig());
const database = await startPgliteDatabase({ vector: true });
const families = [
  ['clinics', clinicSamples(1)],
  ['containers', containerShipping(1)],
] as const;
try {
  const writer = await openMemoryContext(
    database.pool,
    process.env.TUNE_CACHE ? await cachedEmbedder(embedder, process.env.TUNE_CACHE) : embedder,
  );
  for (const [name, set] of families) await rememberNotes(writer, name, set.memories, 'latency');
  // Recalls embed their query (and clauses) through the model itself, as in production.
  const context = await openMemoryContext(database.pool, embedder);
  const kept = { ...meaningWeights };
  const keptRecall = { ...meaningRecallWeights };
  const times = { off: [] as number[], on: [] as number[] };
  for (const [name, set] of families)
    for (const question of set.questions)
      for (const mode of ['off', 'on'] as const) {
        Object.assign(meaningWeights, mode === 'on' ? kept : { relevance: 0, hopAlignment: 0, answerAlignment: 0 });
        Object.assign(meaningRecallWeights, mode === 'on' ? keptRecall : defaultRecallWeights);
        const started = performance.now();
        await recall(context, { companyId: name, viewer: { kind: 'operator' }, query: question.question, limit: 5 });
        times[mode].push(performance.now() - started);
      }
  const at = (values: number[], share: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] as number;
  for (const mode of ['off', 'on'] as const) {
    const values = times[mode];
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    process.stdout.write(
      `meaning levers ${mode}: ${values.length} recalls, p50 ${at(values, 0.5).toFixed(1)} ms, p90 ${at(values, 0.9).toFixed(1)} ms, mean ${mean.toFixed(1)} ms (load ${loadavg()[0]?.toFixed(1)})\n`,
    );
  }
} finally {
  await database.stop();
  await stopLocalEmbeddingServer();
}
