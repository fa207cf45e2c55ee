import type { PoolClient } from 'pg';
import { preparedQuery } from '../db/prepared-query.ts';
import type { LinkedEntityRow } from './graph/entity-linking.ts';
import { entityLinkingSql } from './graph/entity-linking.ts';
import type { Seed } from './graph/graph-walk.ts';
import { SqlParams } from './sql.ts';
import type { NearestRequest, Neighbour } from './vector-backend.ts';

/** The viewer's (and categories') condition on `m`, parameters in `params`. */
export type Filter = (params: SqlParams) => string;

/** Full-text matches ranked per recall (see textCandidatesSql). */
const textMatchesRanked = 400;

/**
 * Full-text candidates: memories containing every word of the query (plainto_tsquery), which stays
 * selective as the store grows. Every candidate from any source is then ranked against the query's
 * words one by one (see fetchVisible), so partial matches still count; ranking all partial matches
 * of a large store would cost a scan per recall.
 */
export async function textCandidates(
  client: PoolClient,
  companyId: string,
  filter: Filter,
  query: string,
  limit: number,
): Promise<number[]> {
  const params = new SqlParams();
  const sql = textCandidatesSql(params, companyId, filter, query, limit);
  if (sql === undefined) return [];
  const { rows } = await client.query<{ id: string }>(sql, params.values);
  return rows.map((row) => Number(row.id));
}

/** The full-text candidates' SELECT of `id` (best first), parameters in `params`; undefined for a query without words. */
export function textCandidatesSql(
  params: SqlParams,
  companyId: string,
  filter: Filter,
  query: string,
  limit: number,
): string | undefined {
  const words = queryWords(query);
  if (words.length === 0) return undefined;
  const tsquery = `plainto_tsquery('english', ${params.add(words.join(' '))})`;
  // Ranking every match of common words costs a scan of thousands of rows; the first matches the
  // index yields are ranked instead (the hybrid score ranks all candidates again). The other conditions
  // are one `IS TRUE` test, which no index can serve, so the matches come from the full-text index: as
  // separate conditions, on a store whose `memories` was never analysed (every PGlite store: no
  // autovacuum) the planner took the company's memories as one row and tested every memory's words
  // instead (docs/memory-rounds.md, thirteenth round).
  return `SELECT c.id FROM (
       SELECT m.id, m.search FROM memories m
        WHERE m.search @@ ${tsquery}
          AND (m.company_id = ${params.add(companyId)} AND m.archived_at IS NULL AND ${filter(params)}) IS TRUE
        LIMIT ${params.add(textMatchesRanked)}) AS c
      ORDER BY ts_rank_cd(c.search, ${tsquery}, 32) DESC, c.id DESC LIMIT ${params.add(limit)}`;
}

export interface FirstCandidates {
  /** Vector neighbours: id → similarity. */
  vector: Map<number, number>;
  text: number[];
  /** Entities the query names (undefined when the graph is not asked for). */
  named: Seed[] | undefined;
  /** Entities each vector neighbour mentions (seeds of a query that names none). */
  mentions: Map<number, number[]>;
}

/**
 * Vector neighbours, full-text candidates, the entities the query names and the entities the vector
 * neighbours mention, in one statement (one round trip). Each part is the SELECT the separate
 * queries sent, so the candidates are the same.
 */
export async function firstCandidates(
  client: PoolClient,
  parts: {
    vector: NearestRequest | undefined;
    nearestSql: ((request: NearestRequest) => string) | undefined;
    text: ((params: SqlParams) => string | undefined) | undefined;
    /** The company whose entities the query may name, when the graph is walked. */
    linking: string | undefined;
    query: string;
  },
): Promise<FirstCandidates> {
  const params = parts.vector?.params ?? new SqlParams();
  const ctes: string[] = [];
  const selects: string[] = [];
  if (parts.vector && parts.nearestSql) {
    ctes.push(`vector_hits AS (${parts.nearestSql(parts.vector)})`);
    selects.push(`SELECT 'vector' AS part, id, distance::float8 AS value, NULL::text AS name, NULL::bigint AS other
                    FROM vector_hits`);
    if (parts.linking !== undefined)
      selects.push(`SELECT 'mention' AS part, mm.memory_id AS id, NULL::float8 AS value, NULL::text AS name,
                           mm.entity_id AS other FROM memory_mentions mm
                     WHERE mm.memory_id = ANY(ARRAY(SELECT id FROM vector_hits))`);
    // (As an array the 20 ids probe the mentions' primary key; `IN (SELECT …)` made a hash join over a
    // sequential scan of every mention, 175k rows at 100k memories.)
  }
  const text = parts.text?.(params);
  if (text !== undefined) {
    ctes.push(`text_hits AS (${text})`);
    selects.push(
      `SELECT 'text' AS part, id, NULL::float8 AS value, NULL::text AS name, NULL::bigint AS other FROM text_hits`,
    );
  }
  const linking = parts.linking === undefined ? undefined : entityLinkingSql(params, parts.linking, parts.query);
  if (linking) {
    ctes.push(`linked AS (${linking.sql})`);
    selects.push(
      `SELECT 'entity' AS part, id, mentions::float8 AS value, normalized AS name, NULL::bigint AS other FROM linked`,
    );
  }
  const result: FirstCandidates = { vector: new Map(), text: [], named: undefined, mentions: new Map() };
  if (selects.length === 0) return result;
  const { rows } = await client.query<{
    part: string;
    id: string;
    value: number | null;
    name: string | null;
    other: string | null;
  }>(
    // Named: PostgreSQL keeps its custom plans for this one (the vector search), but the parse is kept.
    preparedQuery(`WITH ${ctes.join(',\n')} ${selects.join('\nUNION ALL ')}`, params.values),
  );
  const neighbours: Neighbour[] = [];
  const linkedRows: LinkedEntityRow[] = [];
  for (const row of rows) {
    if (row.part === 'vector') neighbours.push({ id: Number(row.id), similarity: 1 - (row.value ?? 1) });
    else if (row.part === 'text') result.text.push(Number(row.id));
    else if (row.part === 'entity')
      linkedRows.push({ id: row.id, normalized: row.name ?? '', mentions: Number(row.value ?? 0) });
    else if (row.part === 'mention') {
      const memoryId = Number(row.id);
      result.mentions.set(memoryId, [...(result.mentions.get(memoryId) ?? []), Number(row.other)]);
    }
  }
  // Most similar first, as nearest() returns them.
  neighbours.sort((left, right) => right.similarity - left.similarity || left.id - right.id);
  for (const hit of neighbours) result.vector.set(hit.id, hit.similarity);
  if (linking) result.named = linking.seeds(linkedRows);
  return result;
}

export async function mentionedBy(client: PoolClient, memoryIds: number[]): Promise<number[]> {
  if (memoryIds.length === 0) return [];
  const { rows } = await client.query<{ entity_id: string }>(
    'SELECT DISTINCT entity_id FROM memory_mentions WHERE memory_id = ANY($1::bigint[])',
    [memoryIds],
  );
  return rows.map((row) => Number(row.entity_id));
}

/** The query's words for full-text matching (lower case, at most 40). */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1)
    .slice(0, 40);
}
