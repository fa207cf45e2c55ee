import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { valueBridges } from '../../src/memory/graph/value-bridges.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The walk that stops at values, on request (twenty-ninth round, src/memory/graph/value-bridges.ts, off by default):
 * five performers each "trained for six years under" a teacher, so "six years" is one quantity entity in five notes.
 * Through it a walk reached every training note at a true chain's credit, and they outranked the answer.
 */
const galas = ['Twilight Gala', 'Harbour Matinee', 'Lantern Nocturne', 'Spring Overture', 'Frost Recital'];
const performers = [
  'Piers Vanderberg',
  'Katarina Gustafsson',
  'Aurelie Pennington',
  'Tabitha Hollingsworth',
  'Ulrike Castellanos',
];
const teachers = ['Maestro Rautio', 'Maestro Castellanos', 'Maestro Ashworth', 'Maestro Delacourt', 'Maestro Ibarra'];
const schools = [
  'Saintonge Conservatory',
  'Ostrava Academy',
  'Vintergard Conservatoire',
  'Cardew School',
  'Liszt Institute',
];
const notes = galas.flatMap((gala, index) => [
  { key: `programme-${index}`, content: `Programme note for the ${gala}: our soloist is ${performers[index]}.` },
  { key: `training-${index}`, content: `${performers[index]} trained for six years under ${teachers[index]}.` },
  { key: `post-${index}`, content: `${teachers[index]} holds a professorship at ${schools[index]}.` },
]);
notes.push(
  { key: 'depot-lease', content: 'The lease of Harbour Depot ends on 14 March 2031.' },
  { key: 'depot-manager', content: 'Harbour Depot is managed by Ines Moreau.' },
  { key: 'yard-lease', content: 'The lease of Quarry Yard ends on 2 May 2029.' },
  { key: 'yard-manager', content: 'Quarry Yard is managed by Bruno Keller.' },
);
const contentOf = (key: string) => notes.find((note) => note.key === key)?.content;
const companyId = 'value-bridges';

describe('a walk that stops at values (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());
  const byDefault = { ...valueBridges };
  afterEach(() => {
    Object.assign(valueBridges, byDefault);
  });

  /** Per gala, where recall ranks the note of where its soloist's teacher works (−1: not in the top 10). */
  const answerRanks = async () => {
    const ranks: number[] = [];
    for (const [index, gala] of galas.entries()) {
      const { memories } = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: `The ${gala} has a featured performer; where does the person who trained that performer work?`,
        limit: 10,
      });
      ranks.push(memories.findIndex((memory) => memory.content === contentOf(`post-${index}`)));
    }
    return ranks;
  };

  it('is off by default', () => {
    expect(valueBridges.stop).toBe(false);
  });

  it('ranks each answer in the top 3 with the stop on, where the walk through "six years" ranks one lower', async () => {
    valueBridges.stop = true;
    const ranks = await answerRanks();
    expect(ranks.every((rank) => rank >= 0 && rank < 3)).toBe(true);
    valueBridges.stop = false;
    const through = await answerRanks();
    expect(through.filter((rank) => rank < 0 || rank >= 3).length).toBeGreaterThan(0);
  });

  it('still starts a walk at a value the question names', async () => {
    valueBridges.stop = true;
    // With the graph's signal alone, the depot's manager is found only by a walk that leaves the date.
    const { memories } = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: 'Who manages the depot whose lease ends on 14 March 2031?',
      limit: 5,
      weights: { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 },
    });
    expect(memories[0]?.content).toBe(contentOf('depot-manager'));
  });
});
