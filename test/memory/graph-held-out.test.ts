import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsSupply } from '../../bench/held-out-families-2.ts';
import type { HeldOutSet } from '../../bench/held-out-families.ts';
import type { MultiHopScore } from '../../bench/multi-hop-evaluation.ts';
import { recallModes, rememberNotes, scoreQuestions } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * GraphRAG on a family of the tuning split since round 3 (held out in round 2; parts and shipping, bench/held-out-families-2.ts:
 * part → plant → port → closure date, wording the relation types mostly do not know, distractors
 * that put the same parts, plants and ports together by chance). What the graph still contributes
 * there is the supporting chain: the share of a question's supporting memories in the top 5. This
 * test fails if the graph stops contributing that, or stops finding at least two more answers than
 * recall without it. It does not hold the issue's answer@5 goal, which is not met on this family (see
 * docs/memory-rounds.md); round 3's held-out split (bench/held-out-families-3.ts) is kept out of tests.
 */
describe('GraphRAG on the parts family, beside recall without the graph (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'parts';
  const family: HeldOutSet = partsSupply(1);
  const scores = new Map<string, MultiHopScore>();

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, family.memories, 'test');
    for (const [mode, options] of recallModes.slice(0, 2))
      scores.set(mode, await scoreQuestions(context, companyId, family.questions, options));
  }, 300_000);
  afterAll(async () => database?.stop());

  it('puts more of the supporting chain in the top 5 than recall without the graph', () => {
    const graph = scores.get('GraphRAG') as MultiHopScore;
    const plain = scores.get('hybrid without graph') as MultiHopScore;
    expect(graph.questions).toBe(32);
    const margin = graph.supporting / graph.questions - plain.supporting / plain.questions;
    process.stderr.write(
      `parts: supporting@5 margin ${margin.toFixed(3)}, answers ${graph.answers} vs ${plain.answers} of ${graph.questions}\n`,
    );
    // Measured 0.294 on this seed when written (round 2), 0.240 with round 3's question-word scoring;
    // answers 4 against 1 of 32 in round 3 (deterministic: seeded data, offline embedder).
    expect(margin).toBeGreaterThanOrEqual(0.15);
    expect(graph.answers - plain.answers).toBeGreaterThanOrEqual(2);
  });
});
