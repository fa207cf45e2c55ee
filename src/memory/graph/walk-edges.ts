/**
 * The walk's reads of relations (graph-walk.ts): per step, the relations of the beam's end entities with the text and
 * relevance of the memories stating them, in one statement of capped, ordered reads that follow the relations'
 * indexes (src/db/migrations/025_memory_graph_key_order.sql).
 */
import { preparedQuery } from '../../db/prepared-query.ts';
import { type Queryable, SqlParams } from '../sql.ts';
import { askedLabelsSql } from './relation-labels.ts';
import { type RelationType, typeOfLabel } from './relation-types.ts';
import { aliasTable, walkReadsSql } from './alias-table.ts';

/** What the edge reads need of a walk's request (graph-walk.ts `WalkRequest`). */
export interface EdgeRequest {
  companyId: string;
  /** SQL condition on `m` (the memory stating a relation) that the viewer may read. */
  visibility: (params: SqlParams) => string;
  /** The relevance of a memory to the question as a SQL expression over alias `m`, read with the relations. */
  relevanceSql?: (params: SqlParams) => string | undefined;
}

/** Relations read per entity and direction of the asked-for types, then of any type: bounds hubs. */
const askedEdgesPerEntity = 20;
const anyEdgesPerEntity = 12;

/** A relation the walk may take from an entity, with what it read of the memory stating it. */
export interface Edge {
  from: number;
  /** The relevance of the memory stating it, when the edge query computed it. */
  relevance: number | undefined;
  /** The text of the memory stating it, the first time the walk reads that memory. */
  content: string | undefined;
  to: number;
  label: string;
  type: RelationType | undefined;
  memoryId: number;
  /** Whether the edge goes from the relation's source to its target (sibling-steps.ts). */
  forward: boolean;
}

/**
 * Relations of the given entities, both directions, from memories the viewer may read. Per entity
 * and direction a bounded number of the asked-for types, then of any type: a
 * hub (a name in thousands of notes) must not turn one recall into a scan, and must not crowd out
 * the relation the question is about. One lateral per direction, so each uses its index. Each bounded read
 * has an order its index yields (see `side`): without one the rows were whatever the chosen index yielded
 * first, and which index the planner chose followed statistics of every company's rows, so another company's
 * data changed this one's recall (docs/memory-rounds.md, twenty-second round).
 */
export async function edgesOf(
  db: Queryable,
  request: EdgeRequest,
  entityIds: number[],
  asked: ReadonlySet<RelationType>,
  known: () => number[],
  /** Entity kinds whose relations are not read (value-bridges.ts): the walk does not leave such an entity. */
  stopKinds: readonly string[] = [],
  /**
   * A regular expression on labels (parse-guidance.ts: the question's parsed relation words) whose relations are read
   * beside the others, up to the asked types' bound: a hub's first relations by id may not hold the one asked.
   */
  saidLabels?: string,
): Promise<Map<number, Edge[]>> {
  const params = new SqlParams();
  const company = params.add(request.companyId);
  // A relevance (a vector distance) is computed once per memory not read yet: a memory states several
  // relations. Without one, every row carries its memory's text: sending a text again costs less than
  // testing each row against the ids read so far, which a prepared statement's generic plan does by a
  // linear search of the array (docs/memory-rounds.md, tenth round).
  const relevanceSql = request.relevanceSql?.(params);
  const unread = relevanceSql === undefined ? undefined : `m.id <> ALL(${params.add(known())}::bigint[])`;
  const relevance = unread === undefined ? 'NULL::float8' : `CASE WHEN ${unread} THEN ${relevanceSql} END`;
  const content = unread === undefined ? 'm.content' : `CASE WHEN ${unread} THEN m.content END`;
  const visibility = request.visibility(params);
  // The memory stating a relation is read once, in the same probe that checks the viewer may see it:
  // a separate probe per memory for its text and relevance read the same rows again (about a third of
  // a step's buffers at 100k memories, docs/memory-rounds.md "Round 5").
  // Each order is the one its index yields, so the LIMIT still stops after that many entries: the oldest
  // relations by id ((company_id, source_id|target_id, id)), except a typed read from the source, which the
  // unique key (company_id, source_id, target_id, relation, memory_id) serves with the labels as an index
  // condition — by id it read and sorted every relation of the asked labels (a hub's 12k: 24 → 240 ms at 100k).
  // The alias table (alias-table.ts): an entity's relations include those of the entity its other name is stored as.
  const read = aliasTable.on ? 'h.read_id' : 'h.entity_id';
  const side = (near: 'source_id' | 'target_id', far: 'source_id' | 'target_id', condition: string, limit: string) =>
    `(SELECT r.${far} AS other_id, r.relation, r.memory_id, ${near === 'source_id'} AS forward,
             ${relevance} AS relevance, ${content} AS content
        FROM memory_relations r JOIN memories m ON m.id = r.memory_id AND m.archived_at IS NULL AND ${visibility}
       WHERE r.company_id = ${company} AND r.${near} = ${read}${condition}
       ORDER BY ${condition !== '' && near === 'source_id' ? 'r.target_id, r.relation, r.memory_id' : 'r.id'} LIMIT ${limit})`;
  const any = params.add(anyEdgesPerEntity);
  const sides = [side('source_id', 'target_id', '', any), side('target_id', 'source_id', '', any)];
  if (asked.size > 0) {
    // The labels of the asked types, as an index condition: the label pattern evaluated on every relation
    // of a hub (hundreds, nearly all of other types) was most of a typed step (docs/memory-rounds.md, ninth round).
    const typed = ` AND r.relation = ANY(${askedLabelsSql(params, request.companyId, asked)})`;
    const limit = params.add(askedEdgesPerEntity);
    sides.unshift(side('source_id', 'target_id', typed, limit), side('target_id', 'source_id', typed, limit));
  }
  if (saidLabels !== undefined) {
    const said = ` AND r.relation ~ ${params.add(saidLabels)}`;
    const limit = params.add(askedEdgesPerEntity);
    sides.push(side('source_id', 'target_id', said, limit), side('target_id', 'source_id', said, limit));
  }
  const conditions =
    stopKinds.length === 0
      ? []
      : [
          `NOT EXISTS (SELECT 1 FROM memory_entities e WHERE e.id = h.entity_id AND e.kind = ANY(${params.add([...stopKinds])}::text[]))`,
        ];
  // A relation between an entity and its other name ("Harbour Depot (HD)") is no step.
  if (aliasTable.on) conditions.push('l.other_id <> h.entity_id');
  const stopped = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  // DISTINCT drops a relation both a typed and an any-type side returned (its text and relevance are the same).
  const { rows } = await db.query<{
    entity_id: string;
    other_id: string;
    relation: string;
    memory_id: string;
    relevance: number | null;
    content: string | null;
    forward: boolean;
  }>(
    // Named (its plan kept) only without the test against the memories read so far: a generic plan
    // searches that array linearly for every row, a custom plan hashes it.
    (unread === undefined ? preparedQuery : unnamed)(
      `SELECT DISTINCT ON (h.entity_id, l.other_id, l.relation, l.memory_id)
            h.entity_id, l.other_id, l.relation, l.memory_id, l.relevance, l.content, l.forward
       FROM ${aliasTable.on ? walkReadsSql(company, params.add(entityIds)) : `unnest(${params.add(entityIds)}::bigint[]) AS h(entity_id)`}
       CROSS JOIN LATERAL (${sides.join(' UNION ALL ')}) AS l${stopped}`,
      params.values,
    ),
  );
  const edges = new Map<number, Edge[]>();
  // A step reads hundreds of relations with a handful of distinct labels: each label is typed once.
  const types = new Map<string, RelationType | undefined>();
  const typeOf = (label: string) => {
    if (!types.has(label)) types.set(label, typeOfLabel(label));
    return types.get(label);
  };
  for (const row of rows) {
    const from = Number(row.entity_id);
    const list = edges.get(from) ?? [];
    list.push({
      from,
      relevance: row.relevance ?? undefined,
      content: row.content ?? undefined,
      to: Number(row.other_id),
      label: row.relation,
      type: typeOf(row.relation),
      memoryId: Number(row.memory_id),
      forward: row.forward,
    });
    edges.set(from, list);
  }
  return edges;
}

const unnamed = (text: string, values: unknown[]) => ({ text, values });
