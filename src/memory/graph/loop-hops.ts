import { preparedQuery } from '../../db/prepared-query.ts';
import type { Queryable } from '../sql.ts';
import { bestFullLength, type CreditedPath, type GuidedPath, hopsFromFirst } from './hop-guidance.ts';

/**
 * Hops that loop back (nineteenth round, docs/memory-rounds.md). A path the walk follows as the question's chain reaches
 * its answer through bridges: the named entity, then each bridge, then the answer, each hop a note about the two
 * entities it joins. A hop whose note also names an entity the path passed **before** the one it leaves ("Dr Aino
 * Ferreira once complained that Blue Heron Transport arrived late at Meadowbank Practice" as the last hop of a path
 * that left Dr Aino Ferreira two hops earlier; two relations of one note taken as two hops) does not state the next
 * link of a chain: it ties its end back to where the path has been, a co-mention around the chain the question asks
 * for. Had that note stated the relation, the path would not have needed the hops between. On the tuning families'
 * two-hop misses where the true chain was walked and outranked (bench/look-alike-traits.ts), the outranking path's
 * answer note named the question's entity in 39 of 322 and took two hops on one note in 11; the true chain did
 * neither in any.
 *
 * Set on the tuning grid only (docs/memory-rounds.md, nineteenth round: alone, 0.5 and 0.25 each gained seven cells and lost
 * none, mean of cells 0.648 → 0.653; with type-placement.ts 0.1 ranked as 0.25; the seed alone as `passed` lost 0.005):
 * - `factor`: what a path's credit is multiplied by per looping hop (1 is off);
 * - `candidates`: how many of the best-credited paths of at least the chain's length are judged (one statement
 *   for all of them); the others are left as they are (ranked that low they rarely reach the top 5);
 * - `passed`: which entities a note after the first hop may not name: `any` the path passed, the `seed` alone (the
 *   named entity), or any it passed and every other entity the question links (`seeds`: the walk's other starts).
 */
export const loopHops = { factor: 0.25, candidates: 64, passed: 'any' as 'any' | 'seed' | 'seeds' };

/** A walked path as the rule reads it: guidance's, with the entity each hop lands on. */
export type LoopPath = GuidedPath & { end: number };

/**
 * Per hop of a path (from the first): its note, and the entities the path passed before the entity the hop leaves
 * (with `passed: 'seeds'`, after the first hop also the walk's other `seeds` the hop neither leaves nor reaches).
 */
export function passedBefore(path: LoopPath, seeds: readonly number[] = []): { memoryId: number; passed: number[] }[] {
  const hops = hopsFromFirst(path);
  const notes = hops.map((hop) => hop.memoryId);
  const ends = hops.map((hop) => hop.end);
  // The seed: where the first hop leaves from.
  const seed = hops.length > 0 ? (hops[0]?.parent as LoopPath | undefined) : path;
  if (seed !== undefined) ends.unshift(seed.end);
  // ends[k] is the entity hop k leaves; those before it were passed before.
  return notes.map((memoryId, hop) => {
    const passed = ends.slice(0, loopHops.passed === 'seed' ? Math.min(1, hop) : hop);
    if (loopHops.passed !== 'seeds' || hop === 0) return { memoryId, passed };
    const others = seeds.filter((seed) => !passed.includes(seed) && seed !== ends[hop] && seed !== ends[hop + 1]);
    return { memoryId, passed: [...passed, ...others] };
  });
}

/** How many hops of a path loop back: their note names an entity in `passed` ({@link passedBefore}). */
export function loopsOf(
  hops: readonly { memoryId: number; passed: readonly number[] }[],
  names: (memoryId: number, entity: number) => boolean,
): number {
  let loops = 0;
  for (const { memoryId, passed } of hops) if (passed.some((entity) => names(memoryId, entity))) loops++;
  return loops;
}

/**
 * The walk's credited paths with each judged path's value multiplied by {@link loopHops}.factor per looping hop;
 * the others as given. One statement reads which of the judged paths' notes name which of their passed entities.
 * Unchanged where the rule is off or the chain rule does not hold (`need` 0).
 */
export async function judgeLoops<P extends LoopPath>(
  db: Queryable,
  credited: CreditedPath<P>[],
  need: number,
): Promise<CreditedPath<P>[]> {
  if (need === 0 || loopHops.factor === 1 || need < 2) return credited;
  // The walk's starts: the root of every path (the entities the question links that have relations).
  const seeds = new Set<number>();
  if (loopHops.passed === 'seeds')
    for (const { path } of credited) {
      let at: GuidedPath = path;
      while (at.parent !== undefined) at = at.parent;
      seeds.add((at as LoopPath).end);
    }
  const starts = [...seeds];
  const judged = bestFullLength(credited, need, loopHops.candidates).map(({ path }) => ({
    path,
    hops: passedBefore(path, starts),
  }));
  const notes = new Set<number>();
  const entities = new Set<number>();
  for (const { hops } of judged)
    for (const { memoryId, passed } of hops)
      if (passed.length > 0) {
        notes.add(memoryId);
        for (const entity of passed) entities.add(entity);
      }
  if (notes.size === 0) return credited;
  // The mentions' primary key is (memory_id, entity_id): the pairs are read by index, a few rows.
  const { rows } = await db.query<{ memory_id: string; entity_id: string }>(
    preparedQuery(
      'SELECT memory_id, entity_id FROM memory_mentions WHERE memory_id = ANY($1::bigint[]) AND entity_id = ANY($2::bigint[])',
      [[...notes], [...entities]],
    ),
  );
  const named = new Set(rows.map((row) => `${row.memory_id}:${row.entity_id}`));
  const factors = new Map<P, number>();
  for (const { path, hops } of judged) {
    const loops = loopsOf(hops, (memoryId, entity) => named.has(`${memoryId}:${entity}`));
    if (loops > 0) factors.set(path, loopHops.factor ** loops);
  }
  if (factors.size === 0) return credited;
  return credited.map((entry) => {
    const factor = factors.get(entry.path);
    return factor === undefined ? entry : { ...entry, value: entry.value * factor };
  });
}
