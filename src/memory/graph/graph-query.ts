import type { CommunityView, MemoryGraphView } from '../../../workflows/contracts/memory.ts';
import { MemoryInputError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import { SqlParams, visibleTo } from '../sql.ts';
import type { Viewer } from '../types.ts';
import { normalizeEntityName } from './extraction.ts';
import { expandEntities } from './graph-store.ts';

export interface GraphQueryRequest {
  companyId: string;
  viewer: Viewer;
  /** An entity name; empty asks for the company overview (community summaries). */
  entity: string;
  /**
   * With an empty entity, a global question ("what are our main vendor risks?"): the community
   * summaries are ranked by how well they answer it instead of by size.
   */
  question?: string;
  hops?: number;
  limit?: number;
}

/**
 * An entity's neighbourhood: the entity (exact name, else the shortest name containing it), the
 * entities within `hops` relations, the relations among them that visible memories state, the
 * memories that mention it and its community's summary. Relations are only shown from memories the
 * viewer may read.
 */
export async function graphQuery(db: Queryable, request: GraphQueryRequest): Promise<MemoryGraphView> {
  const hops = request.hops ?? 1;
  if (!Number.isInteger(hops) || hops < 0 || hops > 4) throw new MemoryInputError('graph hops must be 0 to 4');
  const limit = request.limit ?? 20;
  const name = normalizeEntityName(request.entity);
  const empty: MemoryGraphView = {
    companyId: request.companyId,
    entity: null,
    neighbours: [],
    relations: [],
    memories: [],
    community: null,
    overview: [],
  };
  if (name === '')
    return { ...empty, overview: await communities(db, request.companyId, 10, undefined, request.question) };
  const { rows: found } = await db.query<{ id: string; name: string; kind: string; community_id: number | null }>(
    `SELECT id, name, kind, community_id FROM memory_entities
      WHERE company_id = $1 AND (normalized = $2 OR normalized LIKE '%' || $2 || '%')
      ORDER BY normalized = $2 DESC, length(normalized), id LIMIT 1`,
    [request.companyId, name],
  );
  const entity = found[0];
  if (!entity) return empty;
  const entityId = Number(entity.id);
  const reached = await expandEntities(db, request.companyId, [{ entityId, hop: 0 }], hops, 200);
  const hopOf = new Map(reached.map((step) => [step.entityId, step.hop]));
  const ids = [...hopOf.keys()];

  const relationParams = new SqlParams();
  const { rows: relations } = await db.query<{ source: string; relation: string; target: string; memory_id: string }>(
    `SELECT s.name AS source, r.relation, t.name AS target, r.memory_id
       FROM memory_relations r
       JOIN memory_entities s ON s.id = r.source_id
       JOIN memory_entities t ON t.id = r.target_id
       JOIN memories m ON m.id = r.memory_id
      WHERE r.company_id = ${relationParams.add(request.companyId)} AND m.archived_at IS NULL
        AND r.source_id = ANY(${relationParams.add(ids)}::bigint[]) AND r.target_id = ANY(${relationParams.add(ids)}::bigint[])
        AND ${visibleTo(request.viewer, relationParams)}
      ORDER BY r.id LIMIT ${relationParams.add(limit * 2)}`,
    relationParams.values,
  );
  const { rows: neighbours } = await db.query<{ id: string; name: string; kind: string }>(
    'SELECT id, name, kind FROM memory_entities WHERE company_id = $1 AND id = ANY($2::bigint[]) AND id <> $3',
    [request.companyId, ids, entityId],
  );
  const memoryParams = new SqlParams();
  const { rows: memories } = await db.query<{ id: string; content: string }>(
    `SELECT m.id, m.content FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
      WHERE mm.entity_id = ${memoryParams.add(entityId)} AND m.company_id = ${memoryParams.add(request.companyId)}
        AND m.archived_at IS NULL AND ${visibleTo(request.viewer, memoryParams)}
      ORDER BY m.importance DESC, m.id DESC LIMIT ${memoryParams.add(limit)}`,
    memoryParams.values,
  );
  const community =
    entity.community_id === null
      ? null
      : ((await communities(db, request.companyId, 1, entity.community_id))[0] ?? null);
  return {
    companyId: request.companyId,
    entity: { id: entityId, name: entity.name, kind: entity.kind, community: entity.community_id },
    neighbours: neighbours
      .map((row) => ({ name: row.name, kind: row.kind, hops: hopOf.get(Number(row.id)) ?? hops }))
      .sort((left, right) => left.hops - right.hops || left.name.localeCompare(right.name))
      .slice(0, limit),
    relations: relations.map((row) => ({
      source: row.source,
      relation: row.relation,
      target: row.target,
      memoryId: Number(row.memory_id),
    })),
    memories: memories.map((row) => ({ id: Number(row.id), content: row.content })),
    community,
    overview: [],
  };
}

/**
 * Community summaries, largest first (or one community by id). With a question, those whose title
 * and summary match its words best come first (full-text rank over any of its words), then the
 * largest: a global question is answered from the summaries of the parts of the graph it is about.
 */
export async function communities(
  db: Queryable,
  companyId: string,
  limit: number,
  id?: number,
  question?: string,
): Promise<CommunityView[]> {
  const words = (question ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1)
    .slice(0, 40);
  const { rows } = await db.query<{ community_id: number; title: string; summary: string; entity_count: number }>(
    `SELECT community_id, title, summary, entity_count FROM memory_communities
      WHERE company_id = $1 AND ($2::int IS NULL OR community_id = $2)
      ORDER BY CASE WHEN $4::text = '' THEN 0
                    ELSE ts_rank_cd(to_tsvector('english', title || ' ' || summary), websearch_to_tsquery('english', $4::text)) END DESC,
               entity_count DESC, community_id LIMIT $3`,
    [companyId, id ?? null, limit, words.join(' OR ')],
  );
  return rows.map((row) => ({
    id: row.community_id,
    title: row.title,
    summary: row.summary,
    entityCount: row.entity_count,
  }));
}
