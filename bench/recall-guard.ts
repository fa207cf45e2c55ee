/**
 * The recall guard's data (twenty-first round, src/memory/recall-guard.ts), on **tuning data only**: the families
 * of bench/tuning-families.ts as written (`normal`), re-rendered as record lines the extractor does not know
 * (`record`, bench/format-shift.ts), and as written but stored with every switchable offline-extractor rule off
 * (`bare`: the format readers of rounds 12–20 gone), and as written under log lines naming incidental names
 * (`crowded`). Per question it writes one JSON line: GraphRAG's candidates
 * with their signals before the guard, the walk's evidence, the supporting memories' ids, and the top 5 of real
 * hybrid recall without the graph and of vector recall. bench/recall-guard-choose.ts replays guard settings on it.
 *
 *   node bench/recall-guard.ts /tmp/guard.jsonl   (GUARD_SHAPES=normal,record,bare,crowded; TUNE_SEEDS, TUNE_FAMILIES)
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/env.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { vectorOnlyWeights } from '../src/memory/recall-weights.ts';
import type { WalkEvidence } from '../src/memory/recall-guard.ts';
import type { RecalledMemory } from '../src/memory/types.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { crowdedSet, recordShapedSet } from './format-shift.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { benchEmbedder, rememberNotes } from './multi-hop-evaluation.ts';
import { tuningFamilies } from './tuning-families.ts';

/** One question's record in the dump. */
export interface GuardRecord {
  family: string;
  shape: string;
  hops: 2 | 3;
  /** Supporting memory ids in hop order (the last holds the answer). */
  supporting: number[];
  candidates: { id: number; score: number; vector: number; text: number; graph: number }[];
  evidence: WalkEvidence | undefined;
  hybrid: number[];
  vector: number[];
  /** Milliseconds of GraphRAG's recall. */
  ms: number;
}

const out = process.argv[2] ?? '/tmp/recall-guard.jsonl';
const shapes = (process.env.GUARD_SHAPES ?? 'normal,record,bare,crowded').split(',');
const seeds = (process.env.TUNE_SEEDS ?? '1,2,3').split(',').map(Number);
const only = process.env.TUNE_FAMILIES?.split(',');
const families = tuningFamilies(seeds).filter(([name]) => only === undefined || only.includes(name));
const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(
  database.pool,
  benchEmbedder(process.env.TUNE_EMBEDDER ?? 'offline', loadConfig()),
);
const rulesOn = { ...offlineExtractorRules };
const rulesOff = Object.fromEntries(Object.keys(rulesOn).map((key) => [key, false])) as typeof rulesOn;
const shaped = (shape: string, set: HeldOutSet, seed: number) =>
  shape === 'record' ? recordShapedSet(set) : shape === 'crowded' ? crowdedSet(set, seed) : set;
const lines: string[] = [];
try {
  for (const shape of shapes) {
    Object.assign(offlineExtractorRules, shape === 'bare' ? rulesOff : rulesOn);
    for (const [name, sets] of families)
      for (const [index, set] of sets.entries())
        await rememberNotes(context, `${name}-${index}-${shape}`, shaped(shape, set, index + 1).memories, 'guard');
    Object.assign(offlineExtractorRules, rulesOn);
    process.stderr.write(`guard: stored ${shape}\n`);
  }
  for (const shape of shapes)
    for (const [name, sets] of families)
      for (const [index, set] of sets.entries()) {
        const companyId = `${name}-${index}-${shape}`;
        const { rows } = await context.pool.query<{ id: string; memory_key: string }>(
          'SELECT id, memory_key FROM memories WHERE company_id = $1',
          [companyId],
        );
        const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
        for (const question of set.questions) {
          const base = { companyId, viewer: { kind: 'operator' as const }, query: question.question, limit: 5 };
          let candidates: readonly RecalledMemory[] = [];
          let evidence: WalkEvidence | undefined;
          const started = performance.now();
          await recall(context, {
            ...base,
            guardTrace: (scored, walked) => {
              candidates = scored;
              evidence = walked;
            },
          });
          const ms = performance.now() - started;
          const hybrid = await recall(context, { ...base, hops: 0 });
          const vector = await recall(context, { ...base, hops: 0, weights: vectorOnlyWeights });
          const record: GuardRecord = {
            family: name,
            shape,
            hops: question.hops,
            supporting: question.supporting.map((key) => idOf.get(key) as number),
            candidates: candidates.map((memory) => ({
              id: memory.id,
              score: memory.score,
              vector: memory.signals.vector,
              text: memory.signals.text,
              graph: memory.signals.graph,
            })),
            evidence,
            hybrid: hybrid.memories.map((memory) => memory.id),
            vector: vector.memories.map((memory) => memory.id),
            ms,
          };
          lines.push(JSON.stringify(record));
        }
        process.stderr.write(`guard: ${companyId}\n`);
      }
  writeFileSync(out, `${lines.join('\n')}\n`);
} finally {
  await database.stop();
}
