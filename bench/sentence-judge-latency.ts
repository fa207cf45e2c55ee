/**
 * What the step judge by sentence (src/memory/graph/sentence-steps.ts, twentieth round) costs per recall on
 * `local:minilm-l6`, and what storing sentence vectors at write time would cost instead. Tuning families only
 * (bench/tuning-makers.ts; seed 1): their notes are remembered once (TUNE_CACHE=<file> supplies stored vectors), then
 * every question is recalled with the judge by whole note and by sentence in alternation (the order flipped each
 * question), recall's own texts embedded by the model, as in production. Per arm: wall time (p50, p90, p95, mean),
 * the texts recall embedded and the model's time; then the model's time to embed the same notes' sentences against
 * the notes themselves, batch by batch alternating (what a write would pay to store sentence vectors).
 *
 *   TUNE_CACHE=/tmp/minilm-cache.jsonl node bench/sentence-judge-latency.ts [families]
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { createEmbedder } from '../src/memory/embedding/create-embedder.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';
import { meaningHops } from '../src/memory/graph/meaning-hops.ts';
import { noteSentences } from '../src/memory/graph/note-sentences.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { cachedEmbedder } from './embedding-cache.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuningMaker } from './tuning-makers.ts';

const names = (process.argv[2] ?? 'clinics,containers,canteens,vending').split(',');
const model = createEmbedder({ embeddingModel: 'local:minilm-l6', languageModel: 'offline' }, loadConfig());
/** The model, counting the texts it embeds and the time it takes. */
const spent = { texts: 0, ms: 0 };
const counted: Embedder = {
  ...model,
  async embed(texts, options) {
    const started = performance.now();
    const vectors = await model.embed(texts, options);
    spent.ms += performance.now() - started;
    spent.texts += texts.length;
    return vectors;
  },
};
const at = (values: number[], share: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] as number;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const database = await startPgliteDatabase({ vector: true });
try {
  const writer = await openMemoryContext(
    database.pool,
    process.env.TUNE_CACHE ? await cachedEmbedder(model, process.env.TUNE_CACHE) : model,
  );
  const families = names.map((name) => [name, tuningMaker(name)(1)] as const);
  for (const [name, set] of families) await rememberNotes(writer, name, set.memories, 'latency');
  const context = await openMemoryContext(database.pool, counted);
  const arms = ['note', 'sentence'] as const;
  const measured = Object.fromEntries(
    arms.map((arm) => [arm, { wall: [] as number[], texts: [] as number[], model: [] as number[] }]),
  );
  // One warm-up recall (the model's server starts), not timed.
  await recall(context, {
    companyId: families[0]![0],
    viewer: { kind: 'operator' },
    query: families[0]![1].questions[0]!.question,
    limit: 5,
  });
  let flip = false;
  for (const [name, set] of families)
    for (const question of set.questions) {
      for (const arm of flip ? [...arms].reverse() : arms) {
        meaningHops.by = arm;
        Object.assign(spent, { texts: 0, ms: 0 });
        const started = performance.now();
        await recall(context, { companyId: name, viewer: { kind: 'operator' }, query: question.question, limit: 5 });
        const row = measured[arm]!;
        row.wall.push(performance.now() - started);
        row.texts.push(spent.texts);
        row.model.push(spent.ms);
      }
      flip = !flip;
    }
  meaningHops.by = 'note';
  for (const arm of arms) {
    const { wall, texts, model: ms } = measured[arm]!;
    process.stdout.write(
      `by ${arm}: ${wall.length} recalls, wall p50 ${at(wall, 0.5).toFixed(1)} / p90 ${at(wall, 0.9).toFixed(1)} / p95 ${at(wall, 0.95).toFixed(1)} / mean ${mean(wall).toFixed(1)} ms; texts embedded p50 ${at(texts, 0.5)} / p90 ${at(texts, 0.9)} / max ${Math.max(...texts)} / mean ${mean(texts).toFixed(1)}; model time p50 ${at(ms, 0.5).toFixed(1)} / mean ${mean(ms).toFixed(1)} ms (load ${loadavg()[0]?.toFixed(1)})\n`,
    );
  }
  // Write time: the model's time on notes against their sentences (only notes of several sentences have any).
  const notes = families.flatMap(([, set]) => set.memories.map((memory) => memory.content));
  const sentences = notes.flatMap((note) => noteSentences(note));
  const batch = 50;
  const time = { notes: 0, sentences: 0 };
  for (let start = 0; start < Math.max(notes.length, sentences.length); start += batch)
    for (const kind of ['notes', 'sentences'] as const) {
      const texts = (kind === 'notes' ? notes : sentences).slice(start, start + batch);
      if (texts.length === 0) continue;
      const started = performance.now();
      await model.embed(texts);
      time[kind] += performance.now() - started;
    }
  const multi = notes.filter((note) => noteSentences(note).length > 0).length;
  process.stdout.write(
    `write: ${notes.length} notes (${multi} of several sentences) in ${time.notes.toFixed(0)} ms; their ${sentences.length} sentences in ${time.sentences.toFixed(0)} ms (+${((100 * time.sentences) / time.notes).toFixed(0)} % of the notes' model time; load ${loadavg()[0]?.toFixed(1)})\n`,
  );
} finally {
  await database.stop();
  await stopLocalEmbeddingServer();
}
