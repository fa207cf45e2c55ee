import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { asserts, hedgedHops, type HedgedPath, NoteStances } from '../../src/memory/graph/hedged-hops.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * Hedged hops (seventeenth round, src/memory/graph/hedged-hops.ts, docs/memory-rounds.md): a note that asks, doubts or
 * denies a relation costs the paths through it. The sentences are written for the test, not taken from a family.
 */
const defaults = { ...hedgedHops };
afterEach(() => {
  Object.assign(hedgedHops, defaults);
});

/** A path through the memories `ids`, in order. */
function pathOf(ids: number[]): HedgedPath {
  let path: HedgedPath = { parent: undefined, memoryId: -1, steps: 0 };
  for (const memoryId of ids) path = { parent: path, memoryId, steps: path.steps + 1 };
  return path;
}

describe('hedged hops, the stance', () => {
  it('reads a report of asking, a doubt, a modal of possibility and a question as not asserting', () => {
    expect(asserts('Boris Keller asked whether the Harbour Depot is run by the Eastern Division.')).toBe(false);
    expect(asserts('Ines Marsh wondered if the Tern Lodge belongs to the Coastal Trust.')).toBe(false);
    expect(asserts('The Coastal Trust might move its office to Dunmore next year.')).toBe(false);
    expect(asserts('Perhaps the Eastern Division meets in Carrick.')).toBe(false);
    expect(asserts('Is the Harbour Depot run from Carrick?')).toBe(false);
    expect(asserts('It is unclear who owns the Tern Lodge.')).toBe(false);
  });

  it('reads negation as asserting by default, and as not asserting with `negations` on', () => {
    // True notes deny in passing ("has not missed a turn since", "renewal talks have not started").
    expect(hedgedHops.negations).toBe(false);
    expect(asserts('The Eastern Division is not run from Carrick.')).toBe(true);
    hedgedHops.negations = true;
    expect(asserts('The Eastern Division is not run from Carrick.')).toBe(false);
    expect(asserts("Ines Marsh doesn't handle the Tern Lodge account.")).toBe(false);
  });

  it('reads plain statements, a month called May, ability and "cannot" as asserting', () => {
    expect(asserts('The Eastern Division is run from Carrick; the review is held there.')).toBe(true);
    expect(asserts('Ines Marsh took over the Tern Lodge account on 3 May.')).toBe(true);
    expect(asserts('Anyone could reach the Coastal Trust by phone.')).toBe(true);
    expect(asserts('The Harbour Depot cannot open without the Eastern Division.')).toBe(true);
    expect(asserts('If the line is busy, Boris Keller answers for the Harbour Depot.')).toBe(true);
  });

  it('reads a mail reply by its own lines, not the question it quotes', () => {
    const reply =
      'Subject: Re: depot\nFrom: Ines Marsh\n\nTern Services. They won the tender.\n\n> Who runs the Harbour Depot?';
    expect(asserts(reply)).toBe(true);
    expect(asserts(`${reply}\nMaybe Boris knows more.`)).toBe(false);
  });
});

describe('hedged hops, the factor', () => {
  const stances = new NoteStances();
  stances.read(1, 'Ines Marsh handles the Tern Lodge account.');
  stances.read(2, 'Boris Keller asked whether the Tern Lodge is handled by the Eastern Division.');
  stances.read(3, 'The Eastern Division is run from Carrick.');
  stances.read(4, 'The Coastal Trust might be run from Dunmore.');

  it('multiplies by `bridge` per hedged hop before the last and by `last` for a hedged last hop', () => {
    hedgedHops.bridge = 0.5;
    hedgedHops.last = 0.25;
    expect(stances.factor(pathOf([1, 3]), 2)).toBe(1);
    expect(stances.factor(pathOf([2, 3]), 2)).toBeCloseTo(0.5, 12);
    expect(stances.factor(pathOf([1, 4]), 2)).toBeCloseTo(0.25, 12);
    expect(stances.factor(pathOf([2, 4]), 2)).toBeCloseTo(0.125, 12);
  });

  it('leaves shorter paths, walks without the chain rule and the defaults’ off values alone', () => {
    hedgedHops.bridge = 0.5;
    hedgedHops.last = 0.25;
    expect(stances.factor(pathOf([4]), 2)).toBe(1);
    expect(stances.factor(pathOf([2, 4]), 0)).toBe(1);
    hedgedHops.bridge = 1;
    hedgedHops.last = 1;
    expect(stances.factor(pathOf([2, 4]), 2)).toBe(1);
  });
});

/**
 * Three skippers; for each, the true chain (skipper → boat → who repairs it) and, of the same boat, a note that
 * only asks about repairing it, in more of the question's words ("boat", "repair"): by the walk's word share and
 * by the text and vector signals it outranks the answer, unless its hedge costs it.
 */
const skippers = [
  ['Ilsa Varn', 'Marlin Dawn', 'Tomas Reyle', 'Oskar Lund'],
  ['Bram Tolley', 'Silver Wake', 'Ada Quist', 'Jonas Pell'],
  ['Mira Hallam', 'Sea Sparrow', 'Idris Vane', 'Colm Rusk'],
] as const;
const notes = skippers.flatMap(([skipper, boat, repairer, asker], index) => [
  { key: `skippers-${index}`, content: `${skipper} skippers the ${boat} most weekends.` },
  { key: `repair-${index}`, content: `${repairer} repairs the ${boat} every spring.` },
  { key: `asked-${index}`, content: `${asker} asked whether he could repair the boat ${boat} this year.` },
]);
const questions = skippers.map(([skipper], index) => ({
  question: `Who repairs the boat that ${skipper} sails?`,
  answer: `repair-${index}`,
}));

describe('recall prefers the answer a note states to one a note only asks about (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'hedged-hops';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** Per question, the key of recall's first note. */
  const firsts = async () => {
    const keys: (string | undefined)[] = [];
    for (const { question } of questions) {
      const { memories } = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: question,
        limit: 3,
      });
      keys.push(notes.find((note) => note.content === memories[0]?.content)?.key);
    }
    return keys;
  };

  it('puts every stated answer first with the defaults, and the asking note first with the rule off', async () => {
    expect(hedgedHops.last).toBeLessThan(1);
    expect(await firsts()).toEqual(questions.map(({ answer }) => answer));
    Object.assign(hedgedHops, { bridge: 1, last: 1 });
    expect(await firsts()).toEqual(questions.map((_, index) => `asked-${index}`));
  });
});
