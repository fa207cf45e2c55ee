import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { judgePrecedence, precedenceFactors, stepPrecedence } from '../../src/memory/graph/step-precedence.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * The twentieth round's rule (src/memory/graph/step-precedence.ts, docs/memory-rounds.md): each bridge of a complete path
 * chosen by its own step. The sentences are written for the test, not taken from a family.
 */
const defaults = { ...stepPrecedence };
afterEach(() => {
  Object.assign(stepPrecedence, defaults);
});

/** A hand-made walked path: per hop its note and the weight its edge multiplied the path by. */
type Made = { parent: Made | undefined; memoryId: number; steps: number; logWeight: number };
function grow(from: Made, memoryId: number, weight: number): Made {
  return { parent: from, memoryId, steps: from.steps + 1, logWeight: from.logWeight + Math.log(weight) };
}
const seed = (): Made => ({ parent: undefined, memoryId: -1, steps: 0, logWeight: 0 });

describe('each bridge chosen by its own step', () => {
  it('multiplies a path by its first hop over the strongest sibling first hop, never its last hop', () => {
    const start = seed();
    // The chain: a strong first hop (1), a weak answer hop (0.4); the look-alike: the other way round.
    const chain = grow(grow(start, 1, 1), 2, 0.4);
    const lookalike = grow(grow(start, 3, 0.4), 4, 1);
    const factors = precedenceFactors([chain, lookalike], 1);
    expect(factors.has(chain)).toBe(false);
    expect(factors.get(lookalike)).toBeCloseTo(0.4, 10);
    expect(precedenceFactors([chain, lookalike], 2).get(lookalike)).toBeCloseTo(0.16, 10);
  });

  it('compares only hops leaving the same prefix', () => {
    // Two seeds: a weak first hop from one is not compared with a strong one from the other.
    const weak = grow(grow(seed(), 1, 0.2), 2, 1);
    const strong = grow(grow(seed(), 3, 1), 4, 1);
    expect(precedenceFactors([weak, strong], 1).size).toBe(0);
    // Three hops: the second hops compete among paths sharing the first.
    const start = seed();
    const first = grow(start, 1, 1);
    const right = grow(grow(first, 2, 0.8), 3, 0.4);
    const wrong = grow(grow(first, 4, 0.2), 5, 1);
    const factors = precedenceFactors([right, wrong], 1);
    expect(factors.has(right)).toBe(false);
    expect(factors.get(wrong)).toBeCloseTo(0.25, 10);
  });

  it('judges only paths of at least the chain length, and nothing when off or without a chain', () => {
    const start = seed();
    const chain = grow(grow(start, 1, 1), 2, 0.4);
    const lookalike = grow(grow(start, 3, 0.4), 4, 1);
    const short = grow(start, 5, 0.1);
    const credited = [chain, lookalike, short].map((path) => ({ path, fit: 1, value: 1 }));
    stepPrecedence.exponent = 1;
    const rounded = (judged: typeof credited) => judged.map(({ value }) => Number(value.toFixed(9)));
    expect(rounded(judgePrecedence(credited, 2))).toEqual([1, 0.4, 1]);
    expect(judgePrecedence(credited, 0).map(({ value }) => value)).toEqual([1, 1, 1]);
    stepPrecedence.exponent = 0;
    expect(judgePrecedence(credited, 2).map(({ value }) => value)).toEqual([1, 1, 1]);
  });
});

/**
 * Three firms each own a rowing club whose trainer's note says none of the question's words (the true chain: a first
 * hop typed as asked, an untyped silent answer hop). Each firm also once lent a van to a sailing society whose head's
 * note says "runs" (a first hop that states nothing the question asks, then a hop typed as asked): the walk's mean of
 * the two hops' weights ties them, and the look-alike's note says more of the question.
 */
const firms = ['Acme Foundry', 'Brill Works', 'Corve Mills'];
const clubs = ['Kite', 'Heron', 'Otter'];
const societies = ['Wren', 'Finch', 'Lark'];
const notes = firms.flatMap((firm, index) => [
  { key: `owns-${index}`, content: `${firm} owns the ${clubs[index]} Rowing Club.` },
  { key: `answer-${index}`, content: `Ivo ${clubs[index]}son trains the ${clubs[index]} Rowing Club crews.` },
  { key: `van-${index}`, content: `${firm} once lent a van to the ${societies[index]} Sailing Society.` },
  {
    key: `lookalike-${index}`,
    content: `Runa ${societies[index]}dal runs the ${societies[index]} Sailing Society and its club house.`,
  },
]);

describe('the rule in the walk (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'precedence', notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** The key of the graph walk's best note (recall with the graph signal alone) for each firm. */
  const first = async () =>
    Promise.all(
      firms.map(async (firm) => {
        const { memories } = await recall(context, {
          companyId: 'precedence',
          viewer: { kind: 'operator' },
          query: `Who runs the club that ${firm} owns?`,
          limit: 3,
          weights: { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 },
        });
        return notes.find((note) => note.content === memories[0]?.content)?.key;
      }),
    );

  it('ranks the answer above a look-alike reached through a weaker first hop, and not with the rule off', async () => {
    stepPrecedence.exponent = 1;
    expect(await first()).toEqual(['answer-0', 'answer-1', 'answer-2']);
    stepPrecedence.exponent = 0;
    expect(await first()).toEqual(['lookalike-0', 'lookalike-1', 'lookalike-2']);
  });
});
