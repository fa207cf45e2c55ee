import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities, pathWeights, walkGraph } from '../../src/memory/graph/graph-walk.ts';
import { relationTypesIn } from '../../src/memory/graph/relation-types.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * A question whose words ask for no relation type the graph knows ("the company hiring that vessel give
 * it back") still follows a chain of relations the extractor typed ("works for", "charter expires on"):
 * where nothing is asked, a typed relation is the strongest evidence of a stated relation
 * ({@link pathWeights.typedUnasked}, tenth round). The look-alike reaches a date through notes whose
 * relations are untyped chance co-occurrences (a weighing, a photograph), one relation shorter.
 */
describe('typed relations where the question asks no type (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  const companyId = 'typed';
  const notes = {
    aboard: 'tghu-4821 was loaded aboard MV Aurora Tide at the north terminal.',
    charterer: 'Under its current fixture, MV Aurora Tide works for Halvorsen Lines.',
    answer: "Halvorsen Lines's charter expires on 11 August 2031.",
    weighed: 'Severin Sinclair weighed tghu-4821 twice because the scale near MV Polar Dawn was off.',
    lookAlike: 'Katarina Lachance photographed MV Polar Dawn for the newsletter on 2 June 2031.',
  };
  const question = 'tghu-4821 is on some vessel; on what date does the company hiring that vessel give it back?';
  const idOf = new Map<string, number>();

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    const context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(
      context,
      companyId,
      Object.entries(notes).map(([key, content]) => ({ key, content })),
      'test',
    );
    const { rows } = await database.pool.query<{ id: string; memory_key: string }>(
      'SELECT id, memory_key FROM memories WHERE company_id = $1',
      [companyId],
    );
    for (const row of rows) idOf.set(row.memory_key.slice(companyId.length + 1), Number(row.id));
  }, 120_000);
  afterAll(async () => database?.stop());

  const walk = async () => {
    const seeds = await linkQueryEntities(database.pool, companyId, question);
    expect(seeds.map((seed) => seed.name)).toEqual(['tghu 4821']);
    const scores = await walkGraph(database.pool, {
      companyId,
      query: question,
      seeds,
      maxSteps: 3,
      visibility: () => 'true',
    });
    return (key: keyof typeof notes) => scores.get(idOf.get(key) as number) ?? 0;
  };

  it('ranks the answer at the end of the typed chain above the untyped look-alike', async () => {
    expect(relationTypesIn(question).size).toBe(0);
    const score = await walk();
    expect(score('answer')).toBeCloseTo(1, 9);
    expect(score('answer')).toBeGreaterThan(score('lookAlike'));
  });

  it('with typed relations weighed as of another type, the look-alike ties or beats the answer', async () => {
    const saved = { ...pathWeights };
    Object.assign(pathWeights, { typedUnasked: pathWeights.otherType });
    try {
      const score = await walk();
      expect(score('lookAlike')).toBeGreaterThanOrEqual(score('answer'));
    } finally {
      Object.assign(pathWeights, saved);
    }
  });
});
