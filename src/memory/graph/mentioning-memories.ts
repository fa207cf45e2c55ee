import { preparedQuery } from '../../db/prepared-query.ts';
import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';

/** Memories read per path-end entity. */
const mentionsPerEntity = 8;

/**
 * Memories (that the viewer may read) mentioning each entity, a few per entity: [memory id, entity id],
 * the entity's oldest mentions (by memory id, the index's last key: a plan-dependent order let another
 * company's data change which ones, docs/memory-rounds.md, twenty-second round).
 */
export async function mentioningMemories(
  db: Queryable,
  request: { companyId: string; visibility: (params: SqlParams) => string },
  entityIds: number[],
): Promise<[number, number][]> {
  if (entityIds.length === 0) return [];
  const params = new SqlParams();
  // The memory's conditions are one `IS TRUE` test, which no index serves, so the memory is found by its
  // primary key from each mention. As separate conditions, on a store whose `memories` was never analysed
  // (PGlite has no autovacuum) the planner took the company's memories as one row (`archived_at IS NULL`
  // at its default 0.5 %) and probed the mentions for every memory of the company, per entity: 260 of a
  // prose recall's 470 ms of CPU at 17k memories (docs/memory-rounds.md, thirteenth round). Reading the mentions
  // first is the plan an analysed store chose: the same rows.
  const { rows } = await db.query<{ memory_id: string; entity_id: string }>(
    preparedQuery(
      `SELECT link.memory_id, h.entity_id FROM unnest(${params.add(entityIds)}::bigint[]) AS h(entity_id)
       CROSS JOIN LATERAL (
         SELECT mm.memory_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
          WHERE mm.entity_id = h.entity_id
            AND (m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL
                 AND ${request.visibility(params)}) IS TRUE
          ORDER BY mm.memory_id LIMIT ${params.add(mentionsPerEntity)}) AS link`,
      params.values,
    ),
  );
  return rows.map((row) => [Number(row.memory_id), Number(row.entity_id)]);
}
