import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import type { Embedder } from '../../src/memory/embedding/embedder.ts';
import { embedOffline } from '../../src/memory/embedding/offline-embedder.ts';
import { answerHop } from '../../src/memory/graph/answer-hop.ts';
import type { CreditedPath } from '../../src/memory/graph/hop-guidance.ts';
import { loopHops } from '../../src/memory/graph/loop-hops.ts';
import { judgeMeaningHops, meaningHops, type StepJudge } from '../../src/memory/graph/meaning-hops.ts';
import { meaningWeights } from '../../src/memory/graph/meaning-levers.ts';
import { noteSentences } from '../../src/memory/graph/note-sentences.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { firstBoatNotes } from './helpers/boat-firsts.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * The step judge sentence by sentence (twentieth round, src/memory/graph/sentence-steps.ts): a note of several
 * sentences is as near the step's clause as its most similar sentence, not its diluted whole-note vector.
 */
const defaults = { ...meaningHops };
const answerDefaults = { ...answerHop };
const meaningDefaults = { ...meaningWeights };
const loopDefaults = { ...loopHops };
afterEach(() => {
  Object.assign(meaningHops, defaults);
  Object.assign(answerHop, answerDefaults);
  Object.assign(meaningWeights, meaningDefaults);
  Object.assign(loopHops, loopDefaults);
});

describe('the sentences of a note', () => {
  it('splits at sentence ends and lines, each once, and gives none for a note of one sentence', () => {
    expect(noteSentences('The Tern was built in 1962. Oskar Lund looks after her hull.\n> Thanks!\n> Thanks!')).toEqual(
      ['The Tern was built in 1962.', 'Oskar Lund looks after her hull.', '> Thanks!'],
    );
    expect(noteSentences('Oskar Lund looks after the hull of the Tern.')).toEqual([]);
    expect(noteSentences('Dr. Lund looks after the Tern.\n--')).toEqual([]);
  });
});

interface Path {
  parent: Path | undefined;
  memoryId: number;
  steps: number;
  end: number;
}
const seed: Path = { parent: undefined, memoryId: -1, steps: 0, end: 1 };
const hop = (parent: Path, memoryId: number, end: number): Path => ({ parent, memoryId, steps: parent.steps + 1, end });
const chain = questionChain('Who mends the boat that Ilsa Varn sails?', ['ilsa varn'])!;
const texts = new Map<number, string>([
  [10, 'Ilsa Varn sails the Tern most weekends.'],
  [20, 'The Tern was built at Harwick in 1962 for the club. Oskar Lund looks after her hull every spring.'],
  [21, 'Pia Holm photographed the Tern for the club calendar.'],
]);
const sails = hop(seed, 10, 2);
const keeps = hop(sails, 20, 3);
const photographs = hop(sails, 21, 4);
const credit = (...paths: Path[]): CreditedPath<Path>[] => paths.map((path) => ({ path, fit: 1, value: 1 }));
const values = (credited: CreditedPath<Path>[]) => credited.map((entry) => entry.value);

/** Whole-note cosines put the photograph nearer; the keeper's second sentence is nearer than either note. */
function judge(): StepJudge & { read: string[][] } {
  const notes: Record<number, number>[] = [{ 10: 0.3 }, { 20: 0.3, 21: 0.5 }];
  const sentences: Record<string, number[]> = {
    'The Tern was built at Harwick in 1962 for the club.': [0.1, 0.1],
    'Oskar Lund looks after her hull every spring.': [0.1, 0.8],
  };
  const made = {
    texts: 2,
    read: [] as string[][],
    similarities: (ids: number[], text: number) =>
      Promise.resolve(new Map(ids.map((id) => [id, notes[text]?.[id] ?? 0]))),
    readSentences: (pieces: string[]) => {
      made.read.push(pieces);
      return Promise.resolve(pieces.map((piece) => sentences[piece] ?? [0, 0]));
    },
  };
  return made;
}

describe('the step judge by sentence', () => {
  it('judges a note of several sentences by its nearest sentence, embedding only those notes’ sentences', async () => {
    meaningHops.matched = 1.5;
    meaningHops.by = 'note';
    const byNote = judge();
    expect(values(await judgeMeaningHops(credit(keeps, photographs), 2, chain, texts, byNote))).toEqual([1, 1.5]);
    expect(byNote.read).toEqual([]);
    for (const by of ['sentence', 'either'] as const) {
      meaningHops.by = by;
      const bySentence = judge();
      expect(values(await judgeMeaningHops(credit(keeps, photographs), 2, chain, texts, bySentence))).toEqual([1.5, 1]);
      expect(bySentence.read).toEqual([[...(texts.get(20) ?? '').split(/(?<=\.) /)]]);
    }
  });

  it('reads `either` as the nearer of the sentence and the whole note, `sentence` as the sentence alone', async () => {
    meaningHops.matched = 1.5;
    // The keeper's whole note (0.9) is nearer than its best sentence (0.8), which is below the photograph's (0.85).
    const near: StepJudge = {
      ...judge(),
      similarities: (ids, text) =>
        Promise.resolve(new Map(ids.map((id) => [id, text === 0 ? 0.3 : id === 20 ? 0.9 : 0.85]))),
    };
    meaningHops.by = 'either';
    expect(values(await judgeMeaningHops(credit(keeps, photographs), 2, chain, texts, near))).toEqual([1.5, 1]);
    meaningHops.by = 'sentence';
    expect(values(await judgeMeaningHops(credit(keeps, photographs), 2, chain, texts, near))).toEqual([1, 1.5]);
  });
});

/**
 * A paraphrase-aware embedder whose meaning is diluted by length, as a sentence encoder's whole-note vector is:
 * character n-grams plus one dimension for the share of a text's words that are words of mending.
 */
const mending = new Set(['mends', 'mend', 'hull', 'after']);
const diluting: Embedder = {
  model: 'offline:ngram-256',
  offline: true,
  label: 'test: n-grams with a diluted mending dimension',
  paraphraseAware: true,
  embed: (texts) =>
    Promise.resolve(
      texts.map((text) => {
        const vector = embedOffline(text);
        const norm = Math.hypot(...vector) || 1;
        const words = text
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter((word) => word !== '');
        const share = words.filter((word) => mending.has(word)).length / Math.max(1, words.length);
        return vector.map((value, index) => value / norm + (index === 0 ? 12 * share : 0));
      }),
    ),
};

const skippers = [
  ['Ilsa Varn', 'Marlin Dawn', 'Tomas Reyle', 'Oskar Lund'],
  ['Bram Tolley', 'Silver Wake', 'Ada Quist', 'Jonas Pell'],
  ['Mira Hallam', 'Sea Sparrow', 'Idris Tormey', 'Colm Rusk'],
] as const;
// The keeper's note opens with a long sentence about the boat, which dilutes its whole-note vector below the
// painter's (one word of mending in eight); its second sentence alone is nearer the step than the painter's note.
const boatNotes = skippers.flatMap(([skipper, boat, keeper, painter], index) => [
  { key: `sails-${index}`, content: `${skipper} sails the ${boat} most weekends.` },
  {
    key: `keeps-${index}`,
    content: `The ${boat} was built on the estuary in 1962 and has carried the club pennant at every summer regatta since then. ${keeper} looks after the hull of the ${boat} every spring.`,
  },
  { key: `paint-${index}`, content: `${painter} paints the hull of the ${boat} every autumn for ${skipper}.` },
]);

describe('recall reads the step judge’s sentences (PGlite + pgvector, a paraphrase-aware embedder)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'sentence-steps';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, diluting);
    await rememberNotes(context, companyId, boatNotes, 'test');
  });
  afterAll(async () => database?.stop());

  const firsts = () => firstBoatNotes(context, companyId, skippers, boatNotes);

  it('puts the keeper first by sentence and the painter first by whole note', async () => {
    meaningHops.matched = 1.5;
    meaningHops.by = 'sentence';
    expect(await firsts()).toEqual(['keeps-0', 'keeps-1', 'keeps-2']);
    meaningHops.by = 'note';
    expect(await firsts()).toEqual(['paint-0', 'paint-1', 'paint-2']);
  });
});
