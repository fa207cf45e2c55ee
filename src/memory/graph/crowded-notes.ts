import { preparedQuery } from '../../db/prepared-query.ts';
import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import { noBridgeKinds } from './value-bridges.ts';

/**
 * Notes that name many entities are weaker links of a chain (thirty-third round, docs/memory-rounds.md "answering the
 * chains the graph holds"). A chain's note states one relation between two things ("The Linz Plant ships its output
 * through the Port of Livorno"); the notes a walk wanders off the chain through name a crowd in passing ("Zuzana
 * Dunleavy flew from the Port of Aarhus area to the Linz Plant on 9 June 2028"), and the walk reads each pair of that
 * crowd as a relation. A note naming k entities relates one to k − 1 others, so each of its relations counts 1/(k − 1),
 * as an inverse frequency: a path's score is multiplied by the product over its notes of that share to `exponent`.
 */
export const crowdedNotes = {
  /** 0 turns the rule off (the default: measured on the tuning grid and not adopted). */
  exponent: 0,
  /**
   * Which entities a note's crowd counts: `names` leaves out dates and values (value-bridges.ts's kinds), which a note
   * states of one thing ("on 9 June 2028") rather than relating two; `all` counts every entity it mentions.
   */
  counted: 'names' as 'names' | 'all',
};

/** A memory's share of evidence per relation: 1/(entities it names − 1), at most 1. */
export function noteShare(entities: number): number {
  return 1 / Math.max(1, entities - 1);
}

/** The factor a path through `memoryIds` scores by, given how many entities each names (absent: counts as 1). */
export function crowdFactor(memoryIds: readonly number[], entitiesOf: ReadonlyMap<number, number>): number {
  if (crowdedNotes.exponent === 0) return 1;
  let factor = 1;
  for (const id of memoryIds) factor *= noteShare(entitiesOf.get(id) ?? 2) ** crowdedNotes.exponent;
  return factor;
}

/** How many entities each memory names, in one statement (none where the rule is off or no memory is given). */
export async function noteCrowds(db: Queryable, memoryIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (crowdedNotes.exponent === 0 || memoryIds.length === 0) return counts;
  const params = new SqlParams();
  const ids = params.add([...new Set(memoryIds)]);
  const names =
    crowdedNotes.counted === 'names'
      ? ` AND NOT EXISTS (SELECT 1 FROM memory_entities e WHERE e.id = mm.entity_id AND e.kind = ANY(${params.add([...noBridgeKinds])}::text[]))`
      : '';
  const { rows } = await db.query<{ memory_id: string; entities: number }>(
    preparedQuery(
      `SELECT mm.memory_id, count(*)::int AS entities FROM memory_mentions mm
        WHERE mm.memory_id = ANY(${ids}::bigint[])${names} GROUP BY mm.memory_id`,
      params.values,
    ),
  );
  for (const row of rows) counts.set(Number(row.memory_id), row.entities);
  return counts;
}
