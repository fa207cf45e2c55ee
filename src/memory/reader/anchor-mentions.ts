import type { Queryable } from '../sql.ts';
import { normalizeEntityName } from '../graph/extraction.ts';

/** Most notes of one anchor pinned into a hop's retrieval (a name in hundreds of notes is no anchor to read). */
export const mostAnchorMentions = 40;

/**
 * The notes the store links to the anchors' entities (memory_mentions), by id, at most {@link mostAnchorMentions}.
 * A hop's retrieval is asked for them by id (RecallRequest.ids), so they are ranked and filtered for the viewer as
 * any recall is: on the grid subset this source held every hop's supporting note within the first five anchored
 * notes, against 39 of 60 in a plain retrieval of ten (docs/memory-rounds.md, twenty-fifth round).
 */
export async function anchorMentions(db: Queryable, companyId: string, anchors: readonly string[]): Promise<number[]> {
  const names = anchors.map(normalizeEntityName).filter((name) => name.length > 0);
  if (names.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT mm.memory_id AS id FROM memory_entities e JOIN memory_mentions mm ON mm.entity_id = e.id
      WHERE e.company_id = $1 AND e.normalized = ANY($2::text[]) ORDER BY mm.memory_id LIMIT $3`,
    [companyId, names, mostAnchorMentions],
  );
  return rows.map((row) => Number(row.id));
}
