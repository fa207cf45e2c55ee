import { preparedQuery } from '../../db/prepared-query.ts';
import type { Queryable } from '../sql.ts';

/** What the walk's answer check reads of an entity (question-shape.ts, `fitsAnswer`). */
export interface EntityNaming {
  normalized: string;
  kind: string;
}

/** Entities remembered per connection: past it the cache starts again (about 100 bytes an entity). */
const rememberedPerConnection = 100_000;

/**
 * Per connection (or pool) object: the names and kinds of the entities it read. Keyed by the object, not
 * by the id alone: one process opens many databases (tests, benchmarks) whose entity ids coincide, and a
 * connection or pool reaches one database for its whole life.
 */
const remembered = new WeakMap<object, Map<number, EntityNaming>>();

/**
 * The normalised names and kinds of the given entities (ids not found are left out). An entity's
 * `normalized` and `kind` never change once its row exists: the one writer (graph-store.ts,
 * `upsertEntities`) keeps the stored kind on conflict, nothing updates either column and nothing deletes
 * an entity, and ids come from a sequence, so an id never names another entity. So each connection asks
 * only for entities it has not read yet: the path-end look-up of every walk was ≈ 1.5–2.4 ms a recall at
 * 100k memories, mostly the same hubs again (docs/memory-rounds.md, eleventh round).
 */
export async function entityNamings(db: Queryable, ids: Iterable<number>): Promise<Map<number, EntityNaming>> {
  let known = remembered.get(db);
  if (known === undefined) {
    known = new Map();
    remembered.set(db, known);
  }
  const found = new Map<number, EntityNaming>();
  const missing: number[] = [];
  for (const id of ids) {
    const naming = known.get(id);
    if (naming === undefined) missing.push(id);
    else found.set(id, naming);
  }
  if (missing.length === 0) return found;
  const { rows } = await db.query<{ id: string; normalized: string; kind: string }>(
    preparedQuery('SELECT id, normalized, kind FROM memory_entities WHERE id = ANY($1::bigint[])', [missing]),
  );
  if (known.size + rows.length > rememberedPerConnection) known.clear();
  for (const row of rows) {
    const naming = { normalized: row.normalized, kind: row.kind };
    known.set(Number(row.id), naming);
    found.set(Number(row.id), naming);
  }
  return found;
}
