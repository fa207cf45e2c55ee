import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { siteCatering } from '../../bench/tuning-family-handbook.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * One company's GraphRAG recall must not depend on another company's rows (docs/memory-rounds.md, twenty-second round).
 * The walk reads a bounded number of relations and mentions per entity; without an order those were what the
 * planner's index yielded first, and the planner's choice follows statistics every company's rows make. Company
 * A is a tuning family (canteens, seed 1) and a hub: a wholesaler owning 30 sites, more than the walk reads per
 * entity. Company B holds all of A's notes six times over: it shares every entity name, word and relation label
 * of A's and outweighs A's rows in every table. Without an order that moved the walk's untyped read of the hub
 * from the relations' unique index (target order, all pages visible after VACUUM) to the source index (insertion
 * order), and the hub question's second hop reached other sites.
 */
const company = 'isolation-a';
const other = 'isolation-b';
const family = siteCatering(1);
const sites = ['Larch', 'Rowan', 'Hazel', 'Juniper', 'Willow', 'Sorrel'].flatMap((first) =>
  ['Lodge', 'Wharf', 'Hall', 'Works', 'Gate'].map((second) => `${first} ${second}`),
);
// The sites' entities are made before the notes that name them as owned, and those notes are written in the
// reverse order of the sites' names: the hub's relations by id and by target are different subsets of 12 or 20.
const hub = [
  ...sites.map((site, index) => ({ key: `site-${index}`, content: `${site} opened its doors in May.` })),
  ...sites
    .toSorted()
    .toReversed()
    .map((site, index) => ({ key: `hub-${index}`, content: `Northgate Foods owns ${site}.` })),
];
const set = {
  memories: [...family.memories, ...hub],
  questions: [...family.questions, { question: 'Which sites does Northgate Foods own?' }],
};
// Recency enters the score: both recalls are asked as of one moment, so any difference is the data's.
const now = new Date();

describe("one company's recall beside another company's data (PGlite + pgvector)", () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const recallAll = async () => {
    const results: string[] = [];
    for (const { question } of set.questions) {
      const { memories } = await recall(context, {
        companyId: company,
        viewer: { kind: 'operator' },
        query: question,
        limit: 50,
        now,
      });
      results.push(memories.map((memory) => `${memory.id}:${memory.score.toFixed(9)}`).join(' '));
    }
    return results;
  };

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, company, set.memories, 'test');
    // The state a long-lived store reaches: its pages all-visible and analysed.
    await database.pool.query('VACUUM ANALYZE');
  }, 120_000);
  afterAll(async () => database?.stop());

  it('returns the same memories in the same order, with the same scores, after another company stores', async () => {
    const alone = await recallAll();
    for (const copy of [1, 2, 3, 4, 5, 6])
      await rememberNotes(
        context,
        other,
        set.memories.map((note) => ({ key: `${copy}/${note.key}`, content: note.content })),
        'test',
      );
    await database.pool.query('ANALYZE');
    const beside = await recallAll();
    const differing = set.questions.filter((_, index) => alone[index] !== beside[index]).map((item) => item.question);
    expect(differing).toEqual([]);
    expect(beside).toEqual(alone);
  }, 240_000);
});
