import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { contractors, supplyNotes, tradeLines, wholesalerQuestion } from './helpers/machine-chains.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { passageStart } from '../../src/memory/graph/passage-start.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The start oracle of bench/start-oracle.ts (`startNotes`), in passage-start.test.ts's world: questions that start from
 * a lower-case thing link no entity, each machine and room is said in the notes of the others too, and the notes most
 * like a question mention no entity, so with the passage start off recall's walk never reaches a chain; started at the chain's first note,
 * the walk follows it to the answer — and started at another machine's note, to that machine's answer instead.
 */
const things = [
  ['keg washer', 'cold store'],
  ['keg washer', 'tap room'],
  ['wort pump', 'cold store'],
  ['wort pump', 'tap room'],
] as const;
const notes = things.flatMap(([machine, room], index) => [
  { key: `service-${index}`, content: `${room} | ${machine} | serviced by ${contractors[index]}` },
  ...supplyNotes(index),
  { key: `check-${index}`, content: `${room} | ${machine} | inspected, belts fine` },
  {
    key: `visit-${index}`,
    content: `${room} | ${machine} | the contractor will ring to order belts from the wholesaler`,
  },
]);
const questions = things.map(([machine, room]) => wholesalerQuestion(`${machine} in the ${room}`));
const companyId = 'start-oracle';

describe('recall started at given notes (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const idOf = new Map<string, number>();
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
    const { rows } = await database.pool.query<{ id: string; memory_key: string }>(
      'SELECT id, memory_key FROM memories WHERE company_id = $1',
      [companyId],
    );
    for (const row of rows) idOf.set(row.memory_key.slice(companyId.length + 1), Number(row.id));
  });
  afterAll(async () => database?.stop());

  /** Where the `index`-th machine's trade line ranks for question `asked` (−1: not in the top 5). */
  const rank = async (asked: number, index: number, startNotes?: number[]) =>
    (
      await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: questions[asked] as string,
        limit: 5,
        ...(startNotes ? { startNotes } : {}),
      })
    ).memories.findIndex((memory) => memory.content.includes(tradeLines[index] as string));

  it('finds no answer without a start, each from its chain’s first note, and another’s from another’s', async () => {
    expect(passageStart.on).toBe(false);
    const inTop5 = (rank: number) => rank >= 0 && rank < 5;
    for (const index of things.keys()) {
      const own = idOf.get(`service-${index}`) as number;
      const other = (index + 1) % things.length;
      const others = idOf.get(`service-${other}`) as number;
      expect(await rank(index, index)).toBe(-1);
      expect(inTop5(await rank(index, index, [own]))).toBe(true);
      expect(inTop5(await rank(index, other, [others]))).toBe(true);
      expect(await rank(index, index, [others])).toBe(-1);
    }
  });
});
