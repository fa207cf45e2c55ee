import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSlot } from '../../src/memory/compare-and-set.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { remember, rememberBatch } from '../../src/memory/memory-store.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * A memory write stores one row version. Writers used to insert the memory and then, in the same
 * transaction, update `graph_extractor` once the extraction was saved: a second version of every memory
 * with a second entry in every index, the dead one never vacuumed on PGlite (docs/memory-rounds.md, seventh
 * round). Heap line pointers count versions: per page, the highest one in use against the live rows.
 */
describe('memory writes leave no second row version (PGlite)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'write-versions';
  const write = (key: string, content: string) => ({
    key: `${companyId}/${key}`,
    companyId,
    scope: 'company' as const,
    ownerId: companyId,
    authorId: 'test',
    content,
  });
  /** Row versions in the heap beyond the live rows (dead ones included, until a vacuum). */
  const extraVersions = async () => {
    const { rows } = await database.pool.query<{ live: string; used: string }>(
      `SELECT sum(live) AS live, sum(used) AS used FROM (
         SELECT count(*) AS live, max((ctid::text::point)[1]) AS used FROM memories GROUP BY (ctid::text::point)[0]) pages`,
    );
    return { live: Number(rows[0]?.live), extra: Number(rows[0]?.used) - Number(rows[0]?.live) };
  };

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
  }, 120_000);
  afterAll(async () => database?.stop());

  it('stores each memory once, graph extracted and its extractor named', async () => {
    await remember(context, write('one', 'Project Falcon is headed by Alice Moreau, who reports to Bruno Stone.'));
    await rememberBatch(context, [
      write('two', 'Acme Freight supplies Project Falcon with pallets from Hollybank Depot.'),
      write('three', 'Bruno Stone owns the Harrow Gateway contract.'),
      write('four', 'The Harrow Gateway contract renews on 3 May 2027.'),
    ]);
    expect(await extraVersions()).toEqual({ live: 4, extra: 0 });
    const { rows } = await database.pool.query<{ extractor: string | null; relations: string }>(
      `SELECT m.graph_extractor AS extractor, (SELECT count(*) FROM memory_relations r WHERE r.memory_id = m.id) AS relations
         FROM memories m WHERE m.company_id = $1 ORDER BY m.id`,
      [companyId],
    );
    expect(rows.map((row) => row.extractor)).toEqual(['offline', 'offline', 'offline', 'offline']);
    expect(rows.every((row) => Number(row.relations) > 0)).toBe(true);
  });

  it('leaves a batch written without extraction pending, in one version', async () => {
    const before = await extraVersions();
    const [stored] = await rememberBatch(context, [write('five', 'Carla Diaz leads Project Heron.')], {
      extractGraph: false,
    });
    const { rows } = await database.pool.query<{ extractor: string | null }>(
      'SELECT graph_extractor AS extractor FROM memories WHERE id = $1',
      [stored?.id],
    );
    expect(rows[0]?.extractor).toBeNull();
    expect(await extraVersions()).toEqual({ live: before.live + 1, extra: before.extra });
  });

  it('keeps one version per compare-and-set write of a slot', async () => {
    const before = await extraVersions();
    const slot = { companyId, slot: 'policy/pricing', authorId: 'test' };
    await writeSlot(context, {
      ...slot,
      key: 'cas-1',
      expectedVersion: 0,
      content: 'Pricing is owned by Alice Moreau.',
    });
    // The first write inserts one version; the second updates the row once (the old version is then dead).
    expect(await extraVersions()).toEqual({ live: before.live + 1, extra: before.extra });
    await writeSlot(context, {
      ...slot,
      key: 'cas-2',
      expectedVersion: 1,
      content: 'Pricing is owned by Bruno Stone.',
    });
    expect(await extraVersions()).toEqual({ live: before.live + 1, extra: before.extra + 1 });
  });
});
