import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import {
  answerFactor,
  answerHop,
  answerText,
  judgeAnswers,
  judgedHops,
  judgedTexts,
  type AnswerJudge,
  type JudgedPath,
} from '../../src/memory/graph/answer-hop.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/** The answer hop's pure parts (sixteenth round, src/memory/graph/answer-hop.ts, docs/memory-rounds.md). */
const defaults = { ...answerHop };
afterEach(() => {
  Object.assign(answerHop, defaults);
});

const clausesOf = (question: string, name: string) => questionChain(question, [name])?.clauses ?? [];

describe('the text the answer hop judges against', () => {
  it('is the last relation’s own words, without the bridge noun the clause before ends with', () => {
    const clinic = clausesOf(
      "Dr Florian Hargreaves covers for a colleague; who picks up the samples of the lab that colleague's clinic sends to?",
      'dr florian hargreaves',
    );
    expect(clinic.at(-1)).toBe('the lab who picks up the samples of');
    expect(answerText(clinic)).toBe('who picks up the samples of');
    expect(answerText(clausesOf('Who repairs the boat that Ilsa Varn sails?', 'ilsa varn'))).toBe('who repairs');
    // "when does" alone says nothing to compare with: the whole clause.
    const club = clausesOf(
      'When does the club that the driver of Sir Alban volunteers for close for winter?',
      'sir alban',
    );
    expect(answerText(club)).toBe(club.at(-1));
    Object.assign(answerHop, { text: 'clause' });
    expect(answerText(clinic)).toBe('the lab who picks up the samples of');
    expect(answerText([])).toBeUndefined();
  });

  it('is every clause, the last as the answer’s words, where every hop is judged', () => {
    const boat = clausesOf('Who repairs the boat that Ilsa Varn sails?', 'ilsa varn');
    expect(judgedTexts(boat)).toEqual(['who repairs']);
    Object.assign(answerHop, { hops: 'all' });
    expect(judgedTexts(boat)).toEqual(['sails the boat that', 'who repairs']);
    expect(judgedTexts([])).toEqual([]);
  });
});

/** A path of the given memories, first hop first. */
function path(...memories: number[]): JudgedPath {
  let at: JudgedPath | undefined = { parent: undefined, memoryId: -1, steps: 0 };
  for (const [index, memoryId] of memories.entries()) at = { parent: at, memoryId, steps: index + 1 };
  return at;
}

describe('judging the walk’s answer candidates', () => {
  it('maps hops to texts: the last hop to the last, earlier ones to their own', () => {
    expect(judgedHops(path(1, 2), 1)).toEqual([{ memoryId: 2, text: 0 }]);
    expect(judgedHops(path(1, 2, 3), 3)).toEqual([
      { memoryId: 1, text: 0 },
      { memoryId: 2, text: 1 },
      { memoryId: 3, text: 2 },
    ]);
    // A path shorter than the chain: its last hop answers the last text.
    expect(judgedHops(path(1, 2), 3)).toEqual([
      { memoryId: 1, text: 0 },
      { memoryId: 2, text: 2 },
    ]);
  });

  it('scales each candidate by its similarity over the best one’s and leaves shorter paths alone', async () => {
    Object.assign(answerHop, { exponent: 1, floor: 0.05 });
    const similarity = new Map([
      [10, 0.8],
      [11, 0.4],
      [12, -0.2],
    ]);
    const asked: number[][] = [];
    const judge: AnswerJudge = {
      texts: 1,
      async similarities(ids) {
        asked.push(ids);
        return new Map(ids.map((id) => [id, similarity.get(id) ?? 0]));
      },
    };
    const credited = [
      { path: path(1, 10), fit: 1, value: 1 },
      { path: path(2, 11), fit: 1, value: 1 },
      { path: path(3, 12), fit: 1, value: 1 },
      { path: path(4), fit: 1, value: 1 },
    ];
    const judged = await judgeAnswers(credited, 2, judge);
    expect(judged.map(({ value }) => value)).toEqual([1, 0.5, 0.05, 1]);
    // One statement for the candidates' last notes only.
    expect(asked).toEqual([[10, 11, 12]]);
    // Off, without a judge or where the chain rule does not hold: the credits as given.
    expect(await judgeAnswers(credited, 0, judge)).toBe(credited);
    expect(await judgeAnswers(credited, 2, undefined)).toBe(credited);
    Object.assign(answerHop, { exponent: 0 });
    expect(await judgeAnswers(credited, 2, judge)).toBe(credited);
  });

  it('gives the paths past the candidates no more than the worst judged one', async () => {
    Object.assign(answerHop, { exponent: 1, floor: 0.05, candidates: 2 });
    const judge: AnswerJudge = {
      texts: 1,
      similarities: async (ids) => new Map(ids.map((id) => [id, id === 10 ? 1 : 0.25])),
    };
    const credited = [
      { path: path(1, 10), fit: 1, value: 0.9 },
      { path: path(2, 11), fit: 1, value: 0.8 },
      { path: path(3, 12), fit: 1, value: 0.7 },
    ];
    const values = (await judgeAnswers(credited, 2, judge)).map(({ value }) => value);
    expect(values[0]).toBeCloseTo(0.9, 12);
    expect(values[1]).toBeCloseTo(0.2, 12);
    expect(values[2]).toBeCloseTo(0.175, 12);
    expect(answerFactor(0.5, 0)).toBe(1);
  });
});

/**
 * A family written for the test, the brief's case: the walk reaches the bridge (the boat) and two of its notes
 * state a relation of the question's last step ("repairs"), so per-hop guidance matches both and the walk ties
 * them; the sibling ("Every spring … repairs and repaints the hull of the … before the regatta season opens")
 * then wins on the vector and text signals. Judged against the last relation's own words ("who repairs"),
 * the note that states it and little else is nearer, so with the judge its path leads. The offline embedder's
 * n-grams suffice here (the grid keeps the judge for paraphrase-aware embedders only: `embedders: 'any'` runs it
 * with the offline one).
 */
const skippers = [
  ['Ilsa Varn', 'Marlin Dawn', 'Tomas Reyle', 'Greta Holm'],
  ['Bram Tolley', 'Silver Wake', 'Ada Quist', 'Nils Brandt'],
  ['Mira Hallam', 'Sea Sparrow', 'Idris Vane', 'Ruth Ormsby'],
] as const;
const notes = skippers.flatMap(([skipper, boat, repairer, other], index) => [
  { key: `skippers-${index}`, content: `${skipper} skippers the ${boat} most weekends.` },
  { key: `repair-${index}`, content: `${repairer} repairs the ${boat}.` },
  {
    key: `sibling-${index}`,
    content: `Every spring ${other} repairs and repaints the hull of the ${boat} before the regatta season opens in the harbour.`,
  },
]);

describe('recall picks the bridge’s note that states the last relation (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'answer-hop', notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** Per skipper, the key of recall's first note for "Who repairs the boat that <skipper> sails?". */
  const firsts = async () => {
    const keys: (string | undefined)[] = [];
    for (const [skipper] of skippers) {
      const { memories } = await recall(context, {
        companyId: 'answer-hop',
        viewer: { kind: 'operator' },
        query: `Who repairs the boat that ${skipper} sails?`,
        limit: 3,
      });
      keys.push(notes.find((note) => note.content === memories[0]?.content)?.key);
    }
    return keys;
  };

  it('puts every true answer first with the judge, the sibling first without it', async () => {
    Object.assign(answerHop, { embedders: 'any' });
    expect(await firsts()).toEqual(skippers.map((_, index) => `repair-${index}`));
    Object.assign(answerHop, { exponent: 0 });
    expect(await firsts()).toEqual(skippers.map((_, index) => `sibling-${index}`));
    // By default the offline embedder runs without the judge: as with it off.
    Object.assign(answerHop, defaults);
    expect(await firsts()).toEqual(skippers.map((_, index) => `sibling-${index}`));
  });
});
