import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { chainFactor, chainRule, fullChainSteps } from '../../src/memory/graph/chain-length.ts';
import { questionHops } from '../../src/memory/graph/question-hops.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The fourteenth round's chain-length rule (src/memory/graph/chain-length.ts, docs/memory-rounds.md): a path of
 * the relation walk shorter than the chain the question reads does not end as the answer where a path
 * that long reaches an entity of the asked kind. Questions and notes are written for the test, not taken
 * from a bench family.
 */
const saved = { ...chainRule };
afterEach(() => Object.assign(chainRule, saved));

describe('how long the answer’s path must be', () => {
  const two = 'When does the club that the driver of Sir Alban volunteers for close for winter?';
  const names = ['sir alban'];

  it('asks for the question’s chain where a path that long reaches a possible answer', () => {
    expect(
      fullChainSteps(questionHops(two, names), 3, [
        { steps: 1, fits: true },
        { steps: 3, fits: true },
      ]),
    ).toBe(3);
    expect(chainFactor(1, 3)).toBe(0);
    expect(chainFactor(3, 3)).toBe(1);
    // A three-relation path that ends where the answer cannot be (a person for "when") does not count.
    expect(
      fullChainSteps(questionHops(two, names), 3, [
        { steps: 1, fits: true },
        { steps: 3, fits: false },
      ]),
    ).toBe(0);
  });

  it('falls back to every path where no path is that long, or nothing is asked', () => {
    expect(fullChainSteps(questionHops(two, names), 3, [{ steps: 2, fits: true }])).toBe(0);
    expect(fullChainSteps(questionHops('Notes about Sir Alban', names), 3, [{ steps: 3, fits: true }])).toBe(0);
    // A question with no bridge asks for one relation: every path is that long.
    expect(fullChainSteps(questionHops('When was Sir Alban painted?', names), 3, [{ steps: 3, fits: true }])).toBe(0);
  });

  it('asks for no more than three relations, nor more than the walk took', () => {
    const three =
      'When does the club that the driver of the engine Sir Alban replaced volunteers for close for winter?';
    expect(
      fullChainSteps(questionHops(three, names), 4, [
        { steps: 3, fits: true },
        { steps: 4, fits: true },
      ]),
    ).toBe(3);
    expect(fullChainSteps(questionHops(two, names), 2, [{ steps: 2, fits: true }])).toBe(2);
    chainRule.shorter = 1;
    expect(fullChainSteps(questionHops(two, names), 3, [{ steps: 3, fits: true }])).toBe(0);
  });
});

describe('recall ranks the chain’s answer above a one-relation look-alike (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'chain-length';
  const notes = [
    ['footplate', 'Sir Alban was overhauled in 2030. Since then Maren Holt has had charge of her footplate.'],
    ['club', 'Maren Holt gives her weekends to the Tarn Valley Society.'],
    ['season', 'The Tarn Valley Society shuts down for the winter on 2 November 2031.'],
    ['painted', 'Sir Alban was repainted in lined green on 14 March 2031.'],
    ['gala', 'Sir Alban headed the spring gala on 20 April 2031.'],
    ['other-footplate', 'Lady Corra was overhauled in 2029. Since then Ivo Brandt has had charge of her footplate.'],
    ['other-club', 'Ivo Brandt gives his weekends to the Esk Railway Circle.'],
    ['other-season', 'The Esk Railway Circle shuts down for the winter on 9 October 2031.'],
  ] as const;
  const question = 'When does the club that the driver of Sir Alban volunteers for close for winter?';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(
      context,
      companyId,
      notes.map(([key, content]) => ({ key, content })),
      'test',
    );
  });
  afterAll(async () => database?.stop());

  /** The notes in recall's order and their graph signals (default relation walk, every note returned). */
  const ranked = async () =>
    (
      await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: notes.length })
    ).memories.map((memory) => ({
      key: notes.find(([, content]) => content === memory.content)?.[0],
      graph: memory.signals.graph,
    }));

  it('with the rule the three-relation chain’s date note ranks first; without it a date next to the engine does', async () => {
    const ruled = await ranked();
    expect(ruled[0]?.key).toBe('season');
    expect(ruled.find(({ key }) => key === 'season')?.graph).toBe(1);
    // The one-relation look-alikes get nothing as ends of their own: no more than the note that only
    // names the engine on the way (its share as the first relation of the chain).
    const signal = (key: string) => ruled.find((memory) => memory.key === key)?.graph ?? 0;
    expect(signal('painted')).toBeLessThanOrEqual(signal('footplate'));
    expect(signal('gala')).toBeLessThanOrEqual(signal('footplate'));
    // The control: the walk as before this round (the rule off) lets a date said of the named engine win.
    chainRule.shorter = 1;
    const unruled = await ranked();
    const rank = (key: string) => unruled.findIndex((memory) => memory.key === key);
    expect(rank('season')).toBeGreaterThan(Math.min(rank('painted'), rank('gala')));
  });
});
