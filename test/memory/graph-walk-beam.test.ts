import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { beamCut, beamWidthFor, cutBeam } from '../../src/memory/graph/beam-cut.ts';
import { pathWeights } from '../../src/memory/graph/graph-walk.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';
import { graphWalkedKeys } from './helpers/graph-walked.ts';

/**
 * The relation walk's beam (eighteenth round, src/memory/graph/beam-cut.ts, docs/memory-rounds.md): which grown paths a step
 * keeps. The sentences are written for the test, not taken from a family.
 */
const defaults = { width: pathWeights.beamWidth, cut: { ...beamCut } };
afterEach(() => {
  pathWeights.beamWidth = defaults.width;
  Object.assign(beamCut, defaults.cut);
});

describe("the beam's width", () => {
  it('is the wide one for a question read as a long chain, the base width for a shorter one or none', () => {
    Object.assign(beamCut, { wide: 64, wideFrom: 4 });
    expect(beamWidthFor(32, 4)).toBe(64);
    expect(beamWidthFor(32, 5)).toBe(64);
    expect(beamWidthFor(32, 3)).toBe(32);
    expect(beamWidthFor(32, undefined)).toBe(32);
    beamCut.wide = 0;
    expect(beamWidthFor(32, 4)).toBe(32);
  });

  it('with `wideSteps`, is wide only at the cuts that leave at most that many steps to grow', () => {
    Object.assign(beamCut, { wide: 64, wideFrom: 4, wideSteps: 1 });
    expect(beamWidthFor(32, 4, 1)).toBe(64);
    expect(beamWidthFor(32, 4, 2)).toBe(32);
    beamCut.wideSteps = 0;
    expect(beamWidthFor(32, 4, 3)).toBe(64);
  });
});

describe('cutting the beam', () => {
  const paths = [1, 1, 1, 2, 1, 3, 2, 4].map((end, rank) => ({ end, rank }));
  const ranks = (kept: { rank: number }[]) => kept.map(({ rank }) => rank);

  it('keeps the best `width` paths without a cap per end entity', () => {
    expect(ranks(cutBeam(paths, 4, 0))).toEqual([0, 1, 2, 3]);
    expect(ranks(cutBeam(paths.slice(0, 3), 4, 2))).toEqual([0, 1, 2]);
  });

  it('keeps at most `perEnd` paths per end entity, in rank order, and fills empty slots with the passed over', () => {
    expect(ranks(cutBeam(paths, 4, 1))).toEqual([0, 3, 5, 7]);
    expect(ranks(cutBeam(paths, 5, 2))).toEqual([0, 1, 3, 5, 6]);
    // Two entities only: the cap would leave slots empty, so the best passed-over paths fill them.
    expect(ranks(cutBeam(paths.slice(0, 5), 4, 1))).toEqual([0, 1, 2, 3]);
  });

  it("keeps `sharedEnds` more paths, after the kept ones, where they end at a kept path's end entity", () => {
    beamCut.sharedEnds = 2;
    expect(ranks(cutBeam(paths, 2, 0))).toEqual([0, 1, 2, 4]);
    expect(ranks(cutBeam(paths, 2, 1))).toEqual([0, 3, 1, 2]);
    beamCut.sharedEnds = 0;
    expect(ranks(cutBeam(paths, 2, 0))).toEqual([0, 1]);
  });
});

/**
 * A foundry sponsors nine clubs. Eight of them have five notes each about who repairs their boats ("… repairs boats
 * for the … Club": the question's words, of the asked type), the ninth keeps a boat at its marina (no word of the
 * question); one note says who repairs that boat and one which yard employs him. The question reads as a chain of
 * four relations. The true chain's two-relation prefix ranks 41st among the walk's second step's paths, below forty
 * look-alikes that end nowhere; the answer is reached only where the beam keeps it.
 */
const decoyClubs = ['Ebb', 'Tern', 'Spray', 'Gull', 'Reef', 'Cove', 'Pier', 'Kelp'];
const repairers = ['Mara Quill', 'Otto Brand', 'Lena Frost', 'Piet Hale', 'Runa Vos'];
const notes = [
  { key: 'sponsor-true', content: 'Acme Foundry sponsors the Harbour Rowing Club.' },
  { key: 'marina', content: 'The Harbour Rowing Club keeps the Grey Heron at its marina.' },
  { key: 'repair', content: 'Ivo Marsh repairs the Grey Heron every spring.' },
  { key: 'answer', content: 'Slipway Yard employs Ivo Marsh as its boat fitter.' },
  ...decoyClubs.flatMap((club, index) => [
    { key: `sponsor-${index}`, content: `Acme Foundry sponsors the ${club} Sailing Club.` },
    ...repairers.map((person, other) => ({
      key: `decoy-${index}-${other}`,
      content: `${person.split(' ')[0]} ${club}son repairs boats for the ${club} Sailing Club.`,
    })),
  ]),
];
const question = 'Which yard employs the person who repairs the boat kept by the club that Acme Foundry sponsors?';

describe('the walk keeps a chain whose prefix ranks below a crowd of look-alikes (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'graph-walk-beam';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** The keys of the graph walk's three best notes (recall with the graph signal alone). */
  const walked = () => graphWalkedKeys(context, companyId, question, notes, 3);

  it('ranks the answer first with the wide beam for long chains, and loses it without (the 32 paths of round 17)', async () => {
    expect(beamWidthFor(pathWeights.beamWidth, 4)).toBeGreaterThanOrEqual(41);
    expect((await walked())[0]).toBe('answer');
    beamCut.wide = 0;
    expect(await walked()).not.toContain('answer');
  });
});
