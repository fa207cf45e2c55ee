import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { loopHops, loopsOf, passedBefore } from '../../src/memory/graph/loop-hops.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import type { RelationType } from '../../src/memory/graph/relation-types.ts';
import {
  hopTypes,
  judgePlacement,
  placementFactor,
  stepTypes,
  typePlacement,
} from '../../src/memory/graph/type-placement.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';
import { graphWalkedKeys } from './helpers/graph-walked.ts';

/**
 * The nineteenth round's path-shape rules (src/memory/graph/loop-hops.ts, type-placement.ts, path-shape.ts;
 * docs/memory-rounds.md): hops whose note loops back to an entity the path passed, and typed hops out of the question's
 * order. The sentences are written for the test, not taken from a family.
 */
const defaults = { loops: { ...loopHops }, placement: { ...typePlacement } };
afterEach(() => {
  Object.assign(loopHops, defaults.loops);
  Object.assign(typePlacement, defaults.placement);
});

/** A hand-made walked path: entities from the seed on, each hop's note and the asked types covered after it. */
type Made = { end: number; parent: Made | undefined; memoryId: number; steps: number; covered: Set<RelationType> };
function made(ends: number[], notes: number[], covers: (RelationType | undefined)[] = []): Made {
  let path: Made = { end: ends[0] as number, parent: undefined, memoryId: -1, steps: 0, covered: new Set() };
  for (const [hop, memoryId] of notes.entries()) {
    const type = covers[hop];
    const covered = type === undefined ? path.covered : new Set([...path.covered, type]);
    path = { end: ends[hop + 1] as number, parent: path, memoryId, steps: hop + 1, covered };
  }
  return path;
}

describe('hops that loop back', () => {
  it('lists, per hop, the entities the path passed before the one the hop leaves', () => {
    expect(passedBefore(made([1, 2, 3, 4], [10, 11, 12]))).toEqual([
      { memoryId: 10, passed: [] },
      { memoryId: 11, passed: [1] },
      { memoryId: 12, passed: [1, 2] },
    ]);
  });

  it('with `passed: seed`, lists the named entity alone', () => {
    loopHops.passed = 'seed';
    expect(passedBefore(made([1, 2, 3, 4], [10, 11, 12])).map(({ passed }) => passed)).toEqual([[], [1], [1]]);
  });

  it("with `passed: seeds`, adds after the first hop the walk's other starts the hop neither leaves nor reaches", () => {
    loopHops.passed = 'seeds';
    expect(passedBefore(made([1, 2, 3, 4], [10, 11, 12]), [1, 3, 7]).map(({ passed }) => passed)).toEqual([
      [],
      [1, 7],
      [1, 2, 7],
    ]);
  });

  it('counts a hop whose note names a passed entity, and two hops on one note', () => {
    const hops = passedBefore(made([1, 2, 3], [10, 11]));
    // Note 11 names entity 1, the seed: the answer note ties its end back to the named entity.
    expect(loopsOf(hops, (memoryId, entity) => memoryId === 11 && entity === 1)).toBe(1);
    expect(loopsOf(hops, (memoryId, entity) => memoryId === 11 && entity === 2)).toBe(0);
    // One note for both hops: it names the entity the first hop left.
    const twice = passedBefore(made([1, 2, 3], [10, 10]));
    expect(loopsOf(twice, (memoryId, entity) => memoryId === 10 && (entity === 1 || entity === 2))).toBe(1);
  });
});

describe('typed hops in the question order', () => {
  const question = 'Who leads the team that Orla Penn reports to?';
  const chain = questionChain(question, ['orla penn']);

  it("reads each step's types from its own clause", () => {
    expect(chain?.clauses.length).toBe(2);
    const steps = stepTypes(chain as NonNullable<typeof chain>);
    expect(steps.map((types) => [...types])).toEqual([['reports to'], ['leads']]);
  });

  it('reads the type each hop was counted as from what it added to the covered types', () => {
    expect(hopTypes(made([1, 2, 3], [10, 11], [undefined, 'reports to']))).toEqual([undefined, 'reports to']);
    expect(hopTypes(made([1, 2, 3], [10, 11], ['reports to', 'leads']))).toEqual(['reports to', 'leads']);
  });

  it('multiplies a path by `misplaced` per typed hop its own step does not say, `placed` per one it does', () => {
    const steps = stepTypes(chain as NonNullable<typeof chain>);
    Object.assign(typePlacement, { misplaced: 0.5, placed: 1.2 });
    expect(placementFactor(['reports to', undefined], steps)).toBe(1.2);
    expect(placementFactor([undefined, 'reports to'], steps)).toBe(0.5);
    expect(placementFactor(['leads', 'reports to'], steps)).toBe(0.25);
    // A path shorter than the chain: its last hop answers every step left, so any of their types is placed.
    expect(placementFactor(['leads'], steps)).toBe(1.2);
  });

  it('judges only paths of at least the chain length, and nothing when off', () => {
    const full = made([1, 2, 3], [10, 11], [undefined, 'reports to']);
    const short = made([1, 2], [10], ['leads']);
    const credited = [full, short].map((path) => ({ path, fit: 1, value: 1 }));
    typePlacement.misplaced = 0.5;
    expect(judgePlacement(credited, 2, chain).map(({ value }) => value)).toEqual([0.5, 1]);
    typePlacement.misplaced = 1;
    expect(judgePlacement(credited, 2, chain).map(({ value }) => value)).toEqual([1, 1]);
  });
});

/**
 * Three people each report to a squad that someone looks after (the true chain: a typed first hop, then an untyped
 * one that says none of the question's words). Each also shares a desk with a colleague "from the sales team" whose
 * manager is named (an untyped first hop that says the question's "team", then a hop typed "reports to" — the
 * question's first step — at the second).
 */
const people = ['Orla Penn', 'Ines Ruiz', 'Tomas Berg'];
const teams = ['Kite', 'Heron', 'Otter'];
const placementNotes = people.flatMap((person, index) => [
  { key: `reports-${index}`, content: `${person} reports to the ${teams[index]} Squad.` },
  { key: `answer-${index}`, content: `Dana ${teams[index]}ley looks after the ${teams[index]} Squad day to day.` },
  { key: `desk-${index}`, content: `${person} shares a desk with Bo ${teams[index]}stad from the sales team.` },
  { key: `lookalike-${index}`, content: `Bo ${teams[index]}stad's manager is Vic ${teams[index]}ham.` },
]);

/**
 * Three clubs each sponsored by a firm and trained by a coach (the true chain, the coach's note untyped and silent on
 * the question's words). Each firm also hosted a dinner for another club whose coach's note says "coaches" and names
 * the firm again: a path through it loops back to the question's entity at its last hop.
 */
const firms = ['Acme Foundry', 'Brill Works', 'Corve Mills'];
const loopNotes = firms.flatMap((firm, index) => [
  { key: `sponsor-${index}`, content: `${firm} sponsors the ${teams[index]} Rowing Club.` },
  { key: `answer-${index}`, content: `Ivo ${teams[index]}son trains the ${teams[index]} Rowing Club crews.` },
  { key: `dinner-${index}`, content: `${firm} hosted the annual dinner of the ${teams[index]} Sailing Club.` },
  {
    key: `lookalike-${index}`,
    content: `Runa ${teams[index]}dal coaches the ${teams[index]} Sailing Club and thanked ${firm} for the dinner.`,
  },
]);

describe('the rules in the walk (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'placement', placementNotes, 'test');
    await rememberNotes(context, 'loops', loopNotes, 'test');
  });
  afterAll(async () => database?.stop());

  it('ranks the answer above a look-alike typed as the question asks one hop late, and not with the rule off', async () => {
    const first = async () =>
      Promise.all(
        people.map(
          async (person) =>
            (
              await graphWalkedKeys(
                context,
                'placement',
                `Who leads the team that ${person} reports to?`,
                placementNotes,
                3,
              )
            )[0],
        ),
      );
    // The defaults (the misplaced hop's factor below 1) rank the answers first; both factors 1 is the rule off.
    expect(typePlacement.misplaced).toBeLessThan(1);
    expect(await first()).toEqual(['answer-0', 'answer-1', 'answer-2']);
    Object.assign(typePlacement, { misplaced: 1, placed: 1 });
    expect(await first()).toEqual(['lookalike-0', 'lookalike-1', 'lookalike-2']);
  });

  it('ranks the answer above a look-alike whose note names the question entity again, and not with the rule off', async () => {
    const first = async () =>
      Promise.all(
        firms.map(
          async (firm) =>
            (await graphWalkedKeys(context, 'loops', `Who coaches the club that ${firm} sponsors?`, loopNotes, 3))[0],
        ),
      );
    expect(loopHops.factor).toBeLessThan(1);
    expect(await first()).toEqual(['answer-0', 'answer-1', 'answer-2']);
    loopHops.factor = 1;
    expect(await first()).toEqual(['lookalike-0', 'lookalike-1', 'lookalike-2']);
  });
});
