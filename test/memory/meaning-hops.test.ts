import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import type { Embedder } from '../../src/memory/embedding/embedder.ts';
import { embedOffline } from '../../src/memory/embedding/offline-embedder.ts';
import { answerHop } from '../../src/memory/graph/answer-hop.ts';
import { judgeMeaningHops, meaningHops, type StepJudge } from '../../src/memory/graph/meaning-hops.ts';
import { loopHops } from '../../src/memory/graph/loop-hops.ts';
import { crowdedNotes } from '../../src/memory/graph/crowded-notes.ts';
import { meaningWeights } from '../../src/memory/graph/meaning-levers.ts';
import type { CreditedPath } from '../../src/memory/graph/hop-guidance.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { firstBoatNotes } from './helpers/boat-firsts.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * Steps said in other words, judged by meaning (nineteenth round, src/memory/graph/meaning-hops.ts). The judge's
 * cosines are given per note (what the stored vectors would say), so the rule is checked, not a model.
 */
const defaults = { ...meaningHops };
const answerDefaults = { ...answerHop };
const meaningDefaults = { ...meaningWeights };
const loopDefaults = { ...loopHops };
const crowdDefaults = { ...crowdedNotes };
afterEach(() => {
  Object.assign(meaningHops, defaults);
  Object.assign(answerHop, answerDefaults);
  Object.assign(meaningWeights, meaningDefaults);
  Object.assign(loopHops, loopDefaults);
  Object.assign(crowdedNotes, crowdDefaults);
});

interface Path {
  parent: Path | undefined;
  memoryId: number;
  steps: number;
  end: number;
}

const seed: Path = { parent: undefined, memoryId: -1, steps: 0, end: 1 };
const hop = (parent: Path, memoryId: number, end: number): Path => ({
  parent,
  memoryId,
  steps: parent.steps + 1,
  end,
});

// "Who mends the boat that Ilsa Varn sails?": Ilsa Varn (1) → sails → the Tern (2) → mends → the answer.
const chain = questionChain('Who mends the boat that Ilsa Varn sails?', ['ilsa varn'])!;
const texts = new Map<number, string>([
  [10, 'Ilsa Varn sails the Tern most weekends.'],
  [20, 'Oskar Lund patches up the hull of the Tern every spring.'],
  [21, 'Pia Holm photographed the Tern for the club calendar.'],
  [22, 'Rafe Odell mends sails for the Tern.'],
]);
const sails = hop(seed, 10, 2);
const patches = hop(sails, 20, 3);
const photographs = hop(sails, 21, 4);

/** A judge whose cosines are given per clause and note; it counts its statements. */
function judge(cosines: Record<number, number>[]): StepJudge & { calls: number } {
  const made = {
    texts: cosines.length,
    calls: 0,
    similarities(ids: number[], text: number) {
      made.calls++;
      return Promise.resolve(new Map(ids.map((id) => [id, cosines[text]?.[id] ?? 0])));
    },
  };
  return made;
}

const credit = (...paths: Path[]): CreditedPath<Path>[] => paths.map((path) => ({ path, fit: 1, value: 1 }));
const values = (credited: CreditedPath<Path>[]) => credited.map((entry) => entry.value);

describe('hops judged by meaning', () => {
  it('multiplies the silent hop nearest its step among the hops leaving the same entity, not its rival', async () => {
    meaningHops.matched = 1.5;
    const cosines = judge([{ 10: 0.2 }, { 20: 0.6, 21: 0.3 }]);
    const judged = await judgeMeaningHops(credit(patches, photographs), 2, chain, texts, cosines);
    expect(values(judged)).toEqual([1.5, 1]);
    expect(cosines.calls).toBe(2);
    const turned = await judgeMeaningHops(
      credit(patches, photographs),
      2,
      chain,
      texts,
      judge([{}, { 20: 0.2, 21: 0.5 }]),
    );
    expect(values(turned)).toEqual([1, 1.5]);
  });

  it('leaves a hop that says its step’s own words to per-hop guidance, even where it is nearest', async () => {
    meaningHops.matched = 1.5;
    const mends = hop(sails, 22, 5);
    const judged = await judgeMeaningHops(credit(mends, patches), 2, chain, texts, judge([{}, { 22: 0.9, 20: 0.6 }]));
    expect(values(judged)).toEqual([1, 1]);
  });

  it('needs a competitor unless `alone`, and does nothing when off or without the chain rule', async () => {
    meaningHops.matched = 1.5;
    meaningHops.alone = false;
    const only = judge([{ 10: 0.4 }, { 20: 0.6 }]);
    expect(values(await judgeMeaningHops(credit(patches), 2, chain, texts, only))).toEqual([1]);
    meaningHops.alone = true;
    // The first hop (the only one leaving Ilsa Varn) says "sails", its own step: only the second counts.
    expect(values(await judgeMeaningHops(credit(patches), 2, chain, texts, only))).toEqual([1.5]);
    meaningHops.alone = false;
    expect(values(await judgeMeaningHops(credit(patches, photographs), 0, chain, texts, only))).toEqual([1, 1]);
    meaningHops.matched = 1;
    const off = judge([{}, { 20: 0.6, 21: 0.3 }]);
    expect(values(await judgeMeaningHops(credit(patches, photographs), 2, chain, texts, off))).toEqual([1, 1]);
    expect(off.calls).toBe(0);
  });

  it('judges only the best `candidates` paths of the chain’s length', async () => {
    meaningHops.matched = 1.5;
    meaningHops.candidates = 1;
    const credited = [
      { path: photographs, fit: 1, value: 2 },
      { path: patches, fit: 1, value: 1 },
    ];
    // Only the photograph path is judged: it has no competitor left, so it counts only as `alone` (the default).
    const cosines: Record<number, number>[] = [{}, { 20: 0.6, 21: 0.3 }];
    expect(values(await judgeMeaningHops(credited, 2, chain, texts, judge(cosines)))).toEqual([3, 1]);
    meaningHops.alone = false;
    expect(values(await judgeMeaningHops(credited, 2, chain, texts, judge(cosines)))).toEqual([2, 1]);
  });
});

/**
 * A paraphrase-aware embedder for the test: character n-grams plus one strong dimension for the words of mending
 * ("mends", "looks after the hull"), which n-grams and WordNet do not join; it stands in for a sentence encoder.
 */
const mending = new Set(['mends', 'mend', 'hull', 'after']);
const meaningful: Embedder = {
  model: 'offline:ngram-256',
  offline: true,
  label: 'test: n-grams with a mending dimension',
  paraphraseAware: true,
  embed: (texts) =>
    Promise.resolve(
      texts.map((text) => {
        const vector = embedOffline(text);
        const norm = Math.hypot(...vector) || 1;
        const words = text.toLowerCase().split(/[^a-z]+/);
        const concept = words.filter((word) => mending.has(word)).length > 0 ? 3 : 0;
        return vector.map((value, index) => value / norm + (index === 0 ? concept : 0));
      }),
    ),
};

const skippers = [
  ['Ilsa Varn', 'Marlin Dawn', 'Tomas Reyle', 'Oskar Lund'],
  ['Bram Tolley', 'Silver Wake', 'Ada Quist', 'Jonas Pell'],
  ['Mira Hallam', 'Sea Sparrow', 'Idris Tormey', 'Colm Rusk'],
] as const;
const boatNotes = skippers.flatMap(([skipper, boat, keeper, painter], index) => [
  { key: `sails-${index}`, content: `${skipper} sails the ${boat} most weekends.` },
  { key: `keeps-${index}`, content: `${keeper} looks after the hull of the ${boat} every spring.` },
  { key: `paint-${index}`, content: `${painter} paints the ${boat} every autumn for ${skipper}.` },
]);

describe('recall passes the step judge to the walk (PGlite + pgvector, a paraphrase-aware embedder)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'meaning-hops';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, meaningful);
    await rememberNotes(context, companyId, boatNotes, 'test');
  });
  afterAll(async () => database?.stop());

  const firsts = () => firstBoatNotes(context, companyId, skippers, boatNotes);

  it('puts the note that says the step in other words first with the judge on, the look-alike with it off', async () => {
    meaningHops.matched = 1.5;
    expect(await firsts()).toEqual(['keeps-0', 'keeps-1', 'keeps-2']);
    // The painter's note names three entities in one sentence, which crowded notes (thirty-third round) weigh down
    // too: off for the control, so that only the judge tells the notes apart.
    meaningHops.matched = 1;
    crowdedNotes.exponent = 0;
    expect(await firsts()).toEqual(['paint-0', 'paint-1', 'paint-2']);
  });
});
