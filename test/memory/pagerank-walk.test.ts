import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../../src/memory/graph/graph-walk.ts';
import { walkPagerank } from '../../src/memory/graph/pagerank-walk.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The personalised-PageRank walk (round 6, `walk: 'pagerank'`) on a small graph: it reaches a memory
 * two entities away from the one the question names, never one unconnected to it, and recall with it
 * carries that reach as the memory's graph signal.
 */
describe('personalised PageRank walk (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'pagerank';
  const notes = {
    lead: 'Project Falcon is led by Alice Moreau.',
    boss: 'Alice Moreau reports to Bruno Stone.',
    home: 'Bruno Stone lives in Lisbon.',
    elsewhere: 'Carol Diaz manages Project Kite.',
    lunch: 'Dana Ruiz had lunch in Porto with Carol Diaz.',
  };
  const idOf = new Map<string, number>();
  const question = 'Where does the boss of the Project Falcon lead live?';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(
      context,
      companyId,
      Object.entries(notes).map(([key, content]) => ({ key, content })),
      'test',
    );
    const { rows } = await database.pool.query<{ id: string; memory_key: string }>(
      'SELECT id, memory_key FROM memories WHERE company_id = $1',
      [companyId],
    );
    for (const row of rows) idOf.set(row.memory_key.slice(companyId.length + 1), Number(row.id));
  }, 120_000);
  afterAll(async () => database?.stop());

  it('scores the chain from the named entity and nothing unconnected to it', async () => {
    const seeds = await linkQueryEntities(database.pool, companyId, question);
    expect(seeds.map((seed) => seed.name)).toEqual(['project falcon']);
    const scores = await walkPagerank(database.pool, {
      companyId,
      query: question,
      seeds,
      maxSteps: 4,
      visibility: () => 'true',
    });
    for (const key of ['lead', 'boss', 'home']) expect(scores.get(idOf.get(key) as number) ?? 0).toBeGreaterThan(0);
    for (const key of ['elsewhere', 'lunch']) expect(scores.has(idOf.get(key) as number)).toBe(false);
    expect(Math.max(...scores.values())).toBeCloseTo(1, 9);
  });

  it('recall with the PageRank walk gives the memory two entities away a graph signal, recall without the graph none', async () => {
    const result = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: question,
      walk: 'pagerank',
    });
    const home = result.memories.find((memory) => memory.id === idOf.get('home'));
    expect(home?.signals.graph ?? 0).toBeGreaterThan(0);
    const without = await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, hops: 0 });
    expect(without.memories.find((memory) => memory.id === idOf.get('home'))?.signals.graph ?? 0).toBe(0);
  });
});
