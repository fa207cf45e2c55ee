import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { guidanceFactor, hopGuidance, hopSteps } from '../../src/memory/graph/hop-guidance.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { RecallWeights } from '../../src/memory/recall-weights.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * Per-hop guidance among paths of the question's chain length (fifteenth round, src/memory/graph/hop-guidance.ts,
 * docs/memory-rounds.md). The notes are written for the test, not taken from a bench family.
 */
const defaults = { ...hopGuidance };
afterEach(() => {
  Object.assign(hopGuidance, defaults);
});

const stems = (...words: string[]) => new Set(words);

describe('hop guidance, the factor', () => {
  it('maps hops to the question’s steps, a short path’s last hop to every step left', () => {
    const steps = [stems('sail', 'boat'), stems('boat', 'repai'), stems('town')];
    expect(hopSteps(steps, 3)).toEqual(steps);
    expect(hopSteps(steps, 2)).toEqual([stems('sail', 'boat'), stems('boat', 'repai', 'town')]);
    expect(hopSteps(steps, 4).at(-1)).toEqual(stems('town'));
  });

  it('costs a hop whose note says only another step’s words, not a silent one nor one saying its own', () => {
    const read = questionChain('Who repairs the boat that Ilsa Varn sails?', ['ilsa varn']);
    expect(read?.relations.map((step) => [...step])).toEqual([
      ['sail', 'boat'],
      ['boat', 'repai'],
    ]);
    const steps = { relations: read?.relations ?? [] };
    const { matched, silent, misplaced } = hopGuidance;
    expect(misplaced).toBeLessThan(silent);
    expect(silent).toBeLessThanOrEqual(matched);
    // The chain in its order: each note says a word of its own step.
    expect(guidanceFactor([stems('sail'), stems('repai')], steps)).toBeCloseTo(matched ** 2, 12);
    // A silent first hop: the notes paraphrase the question there.
    expect(guidanceFactor([stems(), stems('repai')], steps)).toBeCloseTo(silent * matched, 12);
    // The look-alike: the first note says "repairs", the last "sails".
    expect(guidanceFactor([stems('repai'), stems('sail')], steps)).toBeCloseTo(misplaced ** 2, 12);
    // A note saying its own step's word and another's is matched.
    expect(guidanceFactor([stems('sail', 'repai'), stems('repai')], steps)).toBeCloseTo(matched ** 2, 12);
    expect(guidanceFactor([stems('repai')], { relations: [] })).toBe(1);
  });

  it('holds no hop to the words said after the named entity, whose relation the reader cannot tell', () => {
    const question = 'When does the club that the driver of Sir Alban volunteers for close for winter?';
    const read = questionChain(question, ['sir alban']);
    expect([...(read?.loose ?? [])]).toEqual(['volun', 'close', 'wint']);
    expect(questionChain('Who repairs the boat that Ilsa Varn sails?', ['ilsa varn'])?.loose.size).toBe(0);
    // The answer's note says "winter", read into the first relation: not misplaced (silent).
    const chain = read ?? { relations: [] };
    expect(guidanceFactor([stems(), stems(), stems('wint')], chain)).toBeCloseTo(hopGuidance.silent ** 3, 12);
    expect(guidanceFactor([stems(), stems(), stems('driv')], chain)).toBeCloseTo(
      hopGuidance.silent ** 2 * hopGuidance.misplaced,
      12,
    );
  });
});

/**
 * Four skippers; for each, the true chain (skipper → boat → who repairs it) and a chain of the same length
 * through another boat whose notes say the question's words in the other hop ("repairs nets beside", "sails"):
 * the look-alike says more of the question's words (both) than the true chain (only "repairs"), so by the
 * walk's word share its answer wins; per hop, each of its notes says the other step's word.
 */
const skippers = [
  ['Ilsa Varn', 'Marlin Dawn', 'Tomas Reyle', 'Kestrel Bay', 'Oskar Lund'],
  ['Bram Tolley', 'Silver Wake', 'Ada Quist', 'Grey Heron', 'Jonas Pell'],
  ['Mira Hallam', 'Sea Sparrow', 'Idris Vane', 'Amber Tide', 'Colm Rusk'],
  ['Petra Gale', 'North Star', 'Lena Mabry', 'Blue Gannet', 'Hugo Sand'],
] as const;
const notes = skippers.flatMap(([skipper, boat, repairer, otherBoat, otherSkipper], index) => [
  { key: `skippers-${index}`, content: `${skipper} skippers the ${boat} most weekends.` },
  { key: `repair-${index}`, content: `${repairer} repairs the ${boat} every spring.` },
  { key: `nets-${index}`, content: `${skipper} repairs nets beside the ${otherBoat} on Fridays.` },
  { key: `sails-${index}`, content: `${otherSkipper} sails the ${otherBoat} most weekends.` },
]);
const questions = skippers.map(([skipper], index) => ({
  question: `Who repairs the boat that ${skipper} sails?`,
  answer: `repair-${index}`,
  bridge: `skippers-${index}`,
}));

describe('recall ranks the chain whose hops say their own steps first (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'hop-guidance';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** Per question, the keys of recall's first three notes. */
  const firstThree = async (options: { hops?: number; weights?: RecallWeights } = {}) => {
    const ranked: (string | undefined)[][] = [];
    for (const { question } of questions) {
      const { memories } = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: question,
        limit: 3,
        ...options,
      });
      ranked.push(memories.map((memory) => notes.find((note) => note.content === memory.content)?.key));
    }
    return ranked;
  };
  /** Per question, the graph signal of its chain's bridge note, relative to its answer note's. */
  const bridgeSignals = async () => {
    const signals: number[] = [];
    for (const { question, answer, bridge } of questions) {
      const { memories } = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: question,
        limit: notes.length,
      });
      const graphOf = (key: string) =>
        memories.find((memory) => memory.content === notes.find((note) => note.key === key)?.content)?.signals.graph ??
        0;
      signals.push(graphOf(bridge) / graphOf(answer));
    }
    return signals;
  };
  const firsts = (ranked: (string | undefined)[][]) =>
    questions.filter(({ answer }, index) => ranked[index]?.[0] === answer).length;

  it('puts every true answer first, where the walk without guidance and recall without the graph do not', async () => {
    const guided = await firstThree();
    expect(firsts(guided)).toBe(questions.length);
    const withoutGraph = await firstThree({ hops: 0 });
    expect(firsts(withoutGraph)).toBeLessThan(questions.length);
    // The control: the same walk with guidance off puts the look-alike's answer ("… sails the …") first.
    Object.assign(hopGuidance, { matched: 1, silent: 1, misplaced: 1 });
    const unguided = await firstThree();
    expect(firsts(unguided)).toBe(0);
    expect(unguided.every((keys) => keys[0]?.startsWith('sails-'))).toBe(true);
  });

  it('gives the chosen chain’s bridge note bridge credit only where the chain leads the next answer enough', async () => {
    // By default the chain must score three times the best path to another answer; here the look-alike's
    // answer has half the chain's score (it says more of the question's words), so the bridge note keeps
    // its chain credit (a quarter, and a little from paths it ends).
    expect((await bridgeSignals()).every((signal) => signal < 0.3)).toBe(true);
    Object.assign(hopGuidance, { lead: 0.5 });
    expect((await bridgeSignals()).every((signal) => signal >= hopGuidance.bridgeCredit - 1e-9)).toBe(true);
    Object.assign(hopGuidance, { bridgeCredit: 0 });
    expect((await bridgeSignals()).every((signal) => signal < 0.3)).toBe(true);
  });
});
