import type { Queryable } from '../sql.ts';
import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';
import type { RelationRow } from './relation-labels.ts';
import { insertRelations } from './relation-labels.ts';
import { aliasFormsUpsertSql, aliasFormsValues } from './alias-table.ts';
import type { AliasForm } from './alias-forms.ts';

/**
 * Upserts entities by normalized name (`keys`, in sorted order so concurrent writers lock them in one
 * order) and returns their ids by normalized name.
 */
async function upsertEntities(
  db: Queryable,
  companyId: string,
  keys: readonly string[],
  entities: ReadonlyMap<string, { name: string; kind: string }>,
  forms: readonly AliasForm[] = [],
): Promise<Map<string, number>> {
  const upsert = `INSERT INTO memory_entities (company_id, name, normalized, kind)
     SELECT $1, name, normalized, kind FROM unnest($2::text[], $3::text[], $4::text[]) AS e(name, normalized, kind)
     ON CONFLICT (company_id, normalized) DO UPDATE SET kind = memory_entities.kind
     RETURNING id, normalized`;
  const values = [
    companyId,
    keys.map((key) => entities.get(key)?.name ?? key),
    keys,
    keys.map((key) => entities.get(key)?.kind ?? 'thing'),
  ];
  // The alias table's forms (alias-table.ts) ride in the same statement: no statement is added to a write.
  const { rows } = await db.query<{ id: string; normalized: string }>(
    forms.length === 0 ? upsert : aliasFormsUpsertSql(upsert),
    forms.length === 0 ? values : [...values, ...aliasFormsValues(forms)],
  );
  return new Map(rows.map((row) => [row.normalized, Number(row.id)]));
}

/** The relations of one memory's extraction between entities that have ids, labels as stored. */
function relationRows(
  memoryId: number,
  relations: GraphExtraction['relations'],
  idOf: ReadonlyMap<string, number>,
): RelationRow[] {
  const rows: RelationRow[] = [];
  for (const relation of relations) {
    const source = idOf.get(normalizeEntityName(relation.source));
    const target = idOf.get(normalizeEntityName(relation.target));
    if (source === undefined || target === undefined || source === target) continue;
    rows.push({ source, target, relation: relation.relation.toLowerCase().slice(0, 60), memoryId });
  }
  return rows;
}

/**
 * Stores what an extractor found in one memory: upserts its entities, links the memory to them and
 * records the relations. Replaces an earlier extraction of the same memory (an LLM pass after the
 * offline one). Entities are upserted in name order so concurrent writers lock them in one order.
 */
export async function saveExtraction(
  db: Queryable,
  companyId: string,
  memoryId: number,
  extraction: GraphExtraction,
  extractor: string,
): Promise<void> {
  await db.query('DELETE FROM memory_relations WHERE memory_id = $1', [memoryId]);
  await db.query('DELETE FROM memory_mentions WHERE memory_id = $1', [memoryId]);
  const byKey = new Map<string, { name: string; kind: string }>();
  for (const entity of extraction.entities) {
    const key = normalizeEntityName(entity.name);
    if (key.length > 0 && !byKey.has(key)) byKey.set(key, entity);
  }
  for (const relation of extraction.relations) {
    for (const name of [relation.source, relation.target]) {
      const key = normalizeEntityName(name);
      if (key.length > 0 && !byKey.has(key)) byKey.set(key, { name, kind: 'thing' });
    }
  }
  const keys = [...byKey.keys()].sort();
  if (keys.length > 0) {
    const idOf = await upsertEntities(db, companyId, keys, byKey, extraction.aliasForms);
    await db.query(
      `INSERT INTO memory_mentions (memory_id, entity_id, company_id)
       SELECT $1, entity_id, $2 FROM unnest($3::bigint[]) AS e(entity_id) ON CONFLICT DO NOTHING`,
      [memoryId, companyId, [...idOf.values()]],
    );
    await insertRelations(db, companyId, relationRows(memoryId, extraction.relations, idOf));
  }
  // Writers that name the extractor in their insert leave nothing to update: no second row version.
  await db.query('UPDATE memories SET graph_extractor = $2 WHERE id = $1 AND graph_extractor IS DISTINCT FROM $2', [
    memoryId,
    extractor,
  ]);
}

/**
 * Every run of 1 to 4 words of a text, normalised: the names an entity lookup tries. Single letters
 * and digits do not count towards the four ("Piano Concerto No 2"), nor does the letter an accent leaves
 * behind: normalisation (NFKD) turns "Soirée" into "soire e", so "Candlelight Soirée No. 2" is stored
 * as five words (round 6's diagnosis found such names never linked).
 */
export function candidateNames(text: string): string[] {
  const words = normalizeEntityName(text)
    .split(' ')
    .filter((word) => word.length > 0);
  const names = new Set<string>();
  for (let size = 1; size <= 6; size++) {
    for (let start = 0; start + size <= words.length; start++) {
      const run = words.slice(start, start + size);
      if (size <= 4 || run.filter((word) => word.length > 1).length <= 4) names.add(run.join(' '));
    }
  }
  return [...names].slice(0, 400);
}

export interface EntityHop {
  entityId: number;
  hop: number;
}

/**
 * Entities within `hops` relation steps of the seeds (relations taken in both directions), each
 * with its shortest distance: a recursive query, bounded by `limit` so a hub cannot flood recall.
 */
export async function expandEntities(
  db: Queryable,
  companyId: string,
  seeds: EntityHop[],
  hops: number,
  limit = 200,
): Promise<EntityHop[]> {
  if (seeds.length === 0) return [];
  const { rows } = await db.query<{ entity_id: string; hop: number }>(
    `WITH RECURSIVE walk(entity_id, hop) AS (
       SELECT seed, start_hop FROM unnest($2::bigint[], $3::int[]) AS s(seed, start_hop)
       UNION
       -- Both directions through one lateral union: each side uses its index, where an OR would scan.
       SELECT step.entity_id, w.hop + 1
         FROM walk w
         CROSS JOIN LATERAL (
           SELECT r.target_id AS entity_id FROM memory_relations r WHERE r.company_id = $1 AND r.source_id = w.entity_id
           UNION ALL
           SELECT r.source_id FROM memory_relations r WHERE r.company_id = $1 AND r.target_id = w.entity_id
         ) AS step
        WHERE w.hop < $4
     )
     SELECT entity_id, min(hop)::int AS hop FROM walk GROUP BY entity_id ORDER BY hop, entity_id LIMIT $5`,
    [companyId, seeds.map((seed) => seed.entityId), seeds.map((seed) => seed.hop), hops, limit],
  );
  return rows.map((row) => ({ entityId: Number(row.entity_id), hop: row.hop }));
}

/** Entities of this company whose name occurs in the text. */
export async function entitiesNamedIn(db: Queryable, companyId: string, text: string): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM memory_entities WHERE company_id = $1 AND normalized = ANY($2::text[])',
    [companyId, candidateNames(text)],
  );
  return rows.map((row) => Number(row.id));
}

/**
 * {@link saveExtraction} for many new memories at once (bulk writes: one statement per table), for
 * batches of memories that have no graph yet.
 */
export async function saveNewExtractions(
  db: Queryable,
  companyId: string,
  items: readonly { memoryId: number; extraction: GraphExtraction }[],
  extractor: string,
): Promise<void> {
  if (items.length === 0) return;
  const names = new Map<string, { name: string; kind: string }>();
  const keyed = items.map(({ memoryId, extraction }) => {
    const keys = new Set<string>();
    const add = (name: string, kind: string) => {
      const key = normalizeEntityName(name);
      if (key.length === 0) return;
      keys.add(key);
      if (!names.has(key)) names.set(key, { name, kind });
    };
    for (const entity of extraction.entities) add(entity.name, entity.kind);
    for (const relation of extraction.relations) {
      add(relation.source, 'thing');
      add(relation.target, 'thing');
    }
    return { memoryId, keys, relations: extraction.relations };
  });
  const keys = [...names.keys()].sort();
  const idOf = new Map<string, number>();
  if (keys.length > 0) {
    const forms = items.flatMap(({ extraction }) => extraction.aliasForms ?? []);
    for (const [key, id] of await upsertEntities(db, companyId, keys, names, forms)) idOf.set(key, id);
  }
  const mentions = keyed.flatMap(({ memoryId, keys: memoryKeys }) =>
    [...memoryKeys]
      .map((key) => [memoryId, idOf.get(key)] as const)
      .filter((pair): pair is readonly [number, number] => pair[1] !== undefined),
  );
  if (mentions.length > 0) {
    await db.query(
      `INSERT INTO memory_mentions (memory_id, entity_id, company_id)
       SELECT memory_id, entity_id, $1 FROM unnest($2::bigint[], $3::bigint[]) AS m(memory_id, entity_id)
       ON CONFLICT DO NOTHING`,
      [companyId, mentions.map((pair) => pair[0]), mentions.map((pair) => pair[1])],
    );
  }
  await insertRelations(
    db,
    companyId,
    keyed.flatMap(({ memoryId, relations }) => relationRows(memoryId, relations, idOf)),
  );
  await db.query(
    'UPDATE memories SET graph_extractor = $2 WHERE id = ANY($1::bigint[]) AND graph_extractor IS DISTINCT FROM $2',
    [items.map((item) => item.memoryId), extractor],
  );
}
