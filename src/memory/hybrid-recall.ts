import type { PoolClient } from 'pg';
import { MemoryInputError } from './errors.ts';
import { meaningRecallWeights } from './graph/meaning-levers.ts';
import { guardRanking, recallGuard, walkConfidence, type WalkEvidence } from './recall-guard.ts';
import type { MemoryContext } from './memory-context.ts';
import { embedTexts } from './memory-context.ts';
import type { MemoryRow } from './memory-rows.ts';
import { memoryColumns, toMemoryRecord } from './memory-rows.ts';
import type { RecallWeights } from './recall-weights.ts';
import {
  defaultRecallWeights,
  pagerankWalkWeights,
  passageWalkWeights,
  recencySignal,
  reinforcementSignal,
  score,
} from './recall-weights.ts';
import type { Filter } from './recall-candidates.ts';
import { firstCandidates, queryWords, textCandidates, textCandidatesSql } from './recall-candidates.ts';
import { SqlParams, visibleTo } from './sql.ts';
import { preparedQuery } from '../db/prepared-query.ts';
import type { MemoryCategory, RecalledMemory, Viewer } from './types.ts';
import type { ReaderHop } from './reader/reader-recall.ts';
import { readerRecall } from './reader/reader-recall.ts';
import { graphCandidates } from './graph-candidates.ts';

export interface RecallRequest {
  companyId: string;
  viewer: Viewer;
  query: string;
  /** Memories to include by id (pointers left by context compaction), if visible. */
  ids?: number[];
  limit?: number;
  categories?: MemoryCategory[];
  /** Longest relation chain (in relations) GraphRAG follows from entities named in the query; 0 turns the graph off. */
  hops?: number;
  /**
   * How the graph is walked: `relations` (the default) follows typed relations (graph/graph-walk.ts);
   * `both` ranks by the passage walk over the memories that mention entities (graph/passage-walk.ts,
   * round 5) with the relation walk as a bonus signal ({@link walkMix}); `passages` is the passage walk
   * alone. The passage walk is not the default: on held-out data it gained little for 2.6× the time
   * (docs/memory-rounds.md). Without `weights`, a walk with passages uses {@link passageWalkWeights}.
   * `pagerank` ranks by personalised PageRank over the same entity–memory graph (graph/pagerank-walk.ts,
   * round 6, HippoRAG-style); measured well below the relation walk, it is on request only.
   * `reader` asks the context's reader model which name the question's chain continues through, hop by hop
   * (reader/reader-recall.ts, rounds 24–25); it needs a reader model and is on request only.
   */
  walk?: 'passages' | 'relations' | 'both' | 'pagerank' | 'reader';
  weights?: RecallWeights;
  /** Records the recall under this key (idempotent), for reinforcement after review. */
  record?: { key: string; workflowId?: string };
  /** Who pays for the query's embedding when this is no agent step (an operator's search): keyed, not recorded as a recall. */
  charge?: { key: string; workflowId: string; purpose: string };
  now?: Date;
  /** Receives the candidates by GraphRAG's score and the relation walk's evidence, before the guard (diagnosis benches). */
  guardTrace?: (candidates: readonly RecalledMemory[], evidence: WalkEvidence | undefined) => void;
  /** Receives the reader walk's hops: the notes shown, the names offered and the choice (diagnosis benches). */
  readerTrace?: (hops: readonly ReaderHop[]) => void;
  /**
   * Diagnosis only (bench/start-oracle.ts): the graph walk starts at these notes, as a passage start would
   * (graph/passage-start.ts), whatever the question links — what recall would rank were the question's start found.
   */
  startNotes?: readonly number[];
}

export interface RecallResult {
  memories: RecalledMemory[];
  /** Entities named in the query that the graph knows. */
  queryEntities: number;
  backend: 'pgvector' | 'sketch';
  embedder: string;
}

const maxLimit = 50;
/** Candidates each source contributes per result asked for. */
const candidateFactor = 4;

/** The longest recall query, in characters (src/memory/nothing-to-recall.ts answers no longer one either). */
export const longestRecallQuery = 2_000;

/**
 * Hybrid recall: candidates from vector neighbours, full-text matches and the knowledge graph
 * (paths of typed relations from the entities the query names, scored by how well they follow the
 * question's relation chain: graph/graph-walk.ts; or, on request, paths through the memories that
 * mention them: graph/passage-walk.ts), then one score per memory from the
 * weights in recall-weights.ts. Only memories of the request's
 * company that the viewer may see are considered.
 */
export async function recall(context: MemoryContext, request: RecallRequest): Promise<RecallResult> {
  if (request.walk === 'reader') return readerRecall(context, request, recall, request.readerTrace);
  const limit = request.limit ?? 5;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw new MemoryInputError(`recall limit must be 1 to ${maxLimit}`);
  const query = request.query.trim();
  if (query.length === 0 && (request.ids ?? []).length === 0)
    throw new MemoryInputError('recall needs a query or memory ids');
  if (query.length > longestRecallQuery)
    throw new MemoryInputError(`a recall query is limited to ${longestRecallQuery} characters`);
  const walk = request.walk ?? 'relations';
  const hops = request.hops ?? 4;
  // With a sentence encoder the relation walk judges meaning and weighs more (graph/meaning-levers.ts).
  const relationWeights =
    context.embedder.paraphraseAware === true && hops > 0 ? meaningRecallWeights : defaultRecallWeights;
  const weights =
    request.weights ??
    (walk === 'relations' ? relationWeights : walk === 'pagerank' ? pagerankWalkWeights : passageWalkWeights);
  const wanted = limit * candidateFactor;
  // A recall inside an agent step is charged under the step's key, an operator's search under its own.
  const charge = request.record
    ? {
        callKey: `${request.record.key}#recall`,
        companyId: request.companyId,
        ...(request.record.workflowId ? { workflowId: request.record.workflowId } : {}),
      }
    : request.charge
      ? {
          callKey: request.charge.key,
          companyId: request.companyId,
          workflowId: request.charge.workflowId,
          purpose: request.charge.purpose,
        }
      : undefined;
  const [embedded] = query.length > 0 ? await embedTexts(context, [query], charge) : [];

  const client = await context.pool.connect();
  try {
    const filter = (params: SqlParams) => {
      const categories = request.categories?.length
        ? ` AND m.category = ANY(${params.add(request.categories)}::text[])`
        : '';
      return `${visibleTo(request.viewer, params)}${categories}`;
    };
    const vectorHits = new Map<number, number>();
    const graphWanted = hops > 0 && weights.graph > 0 && query.length > 0;
    const vectorRequest = () => {
      const params = new SqlParams();
      const visibility = filter(params);
      return {
        companyId: request.companyId,
        params,
        visibility,
        model: context.embedder.model,
        query: (embedded as { embedding: Float32Array }).embedding,
        limit: wanted,
        // The model's own candidate list where its vectors need another (docs/memory-rounds.md, twelfth round).
        ...(context.embedder.efSearch === undefined ? {} : { efSearch: context.embedder.efSearch }),
      };
    };
    const wantVector = embedded !== undefined && weights.vector > 0;
    const wantText = query.length > 0 && weights.text > 0;
    // Where the backend's search is one SELECT (pgvector), the vector, full-text and entity candidates
    // travel in one statement: four to five round trips became one (docs/memory-rounds.md, round 5).
    const first =
      (wantVector || wantText || graphWanted) && (!wantVector || context.backend.nearestSql)
        ? await firstCandidates(client, {
            vector: wantVector ? vectorRequest() : undefined,
            nearestSql: context.backend.nearestSql?.bind(context.backend),
            text: wantText
              ? (params: SqlParams) => textCandidatesSql(params, request.companyId, filter, query, wanted)
              : undefined,
            linking: graphWanted ? request.companyId : undefined,
            query,
          })
        : undefined;
    if (first) for (const [id, similarity] of first.vector) vectorHits.set(id, similarity);
    else if (wantVector)
      for (const hit of await context.backend.nearest(client, vectorRequest())) vectorHits.set(hit.id, hit.similarity);
    const textHits = first
      ? first.text
      : wantText
        ? await textCandidates(client, request.companyId, filter, query, wanted)
        : [];
    const graph = graphWanted
      ? await graphCandidates(context, client, {
          request,
          query,
          walk,
          hops,
          embedded,
          charge,
          first,
          vectorHits,
          filter,
        })
      : undefined;
    const graphHits = graph?.hits ?? new Map<number, number>();
    const queryEntities = graph?.queryEntities ?? 0;
    const evidence = graph?.evidence;
    const ids = new Set([...vectorHits.keys(), ...textHits, ...graphHits.keys(), ...(request.ids ?? [])]);
    const similarityOf = (params: SqlParams) =>
      embedded ? context.backend.similaritySql(params, context.embedder.model, embedded.embedding) : undefined;
    const rows = await fetchVisible(client, request, filter, [...ids], query, similarityOf);
    // Text rank relative to the best candidate, so one strong hit does not drown the scale of the others.
    const bestRank = Math.max(1e-9, ...rows.map((row) => row.text_rank));
    for (const row of rows)
      if (row.similarity !== null && !vectorHits.has(Number(row.id))) vectorHits.set(Number(row.id), row.similarity);
    const missing = rows.map((row) => Number(row.id)).filter((id) => !vectorHits.has(id));
    const similarities =
      embedded && missing.length > 0
        ? await context.backend.similarities(
            client,
            request.companyId,
            missing,
            context.embedder.model,
            embedded.embedding,
          )
        : new Map<number, number>();
    const now = (request.now ?? new Date()).getTime();
    const scored = rows
      .map((row): RecalledMemory => {
        const record = toMemoryRecord(row);
        const signals = {
          vector: vectorHits.get(record.id) ?? similarities.get(record.id) ?? 0,
          text: row.text_rank / bestRank,
          graph: graphHits.get(record.id) ?? 0,
          recency: recencySignal(now - row.created_at.getTime()),
          importance: record.importance,
          reinforcement: reinforcementSignal(record.reinforcement),
        };
        // Memories asked for by id come first: the agent followed a pointer to them.
        const pinned = request.ids?.includes(record.id) ? 10 : 0;
        return { ...record, signals, score: pinned + score(signals, weights) };
      })
      .sort((left, right) => right.score - left.score || right.id - left.id);
    request.guardTrace?.(scored, evidence);
    // Where the walk's evidence is weak, towards what recall without the graph ranks first (recall-guard.ts);
    // memories asked for by id stay first.
    const guarded =
      recallGuard.mode !== 'off' && evidence !== undefined && !request.ids?.length
        ? guardRanking(scored, walkConfidence(evidence), weights, limit)
        : scored;
    const memories = guarded.slice(0, Math.max(limit, request.ids?.length ?? 0));
    if (request.record && memories.length > 0) await recordRecall(client, request, memories);
    return { memories, queryEntities, backend: context.backend.kind, embedder: context.embedder.model };
  } finally {
    client.release();
  }
}

async function fetchVisible(
  client: PoolClient,
  request: RecallRequest,
  filter: Filter,
  ids: number[],
  query: string,
  similarityOf: (params: SqlParams) => string | undefined,
): Promise<(MemoryRow & { text_rank: number; similarity: number | null })[]> {
  if (ids.length === 0) return [];
  const params = new SqlParams();
  const similarity = similarityOf(params) ?? 'NULL::float8';
  const words = queryWords(query);
  const rank =
    words.length > 0
      ? `ts_rank_cd(m.search, websearch_to_tsquery('english', ${params.add(words.join(' OR '))}), 32)`
      : '0::real';
  // The other conditions are one `IS TRUE` test, which no index serves, so the candidates are read by primary
  // key: as separate conditions, on a store whose `memories` was never analysed (PGlite has no autovacuum)
  // the planner took the company's memories as one row and read all of them (docs/memory-rounds.md, thirteenth
  // round). Every row that passes is returned either way, so the same rows.
  const { rows } = await client.query<MemoryRow & { text_rank: number; similarity: number | null }>(
    preparedQuery(
      `SELECT ${memoryColumns}, ${rank} AS text_rank, ${similarity} AS similarity FROM memories m
      WHERE m.id = ANY(${params.add(ids)}::bigint[])
        AND (m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL AND ${filter(params)}) IS TRUE`,
      params.values,
    ),
  );
  return rows;
}

/** Marks what a step recalled, once per key: reinforcement after review finds it here. */
async function recordRecall(client: PoolClient, request: RecallRequest, memories: RecalledMemory[]): Promise<void> {
  const record = request.record;
  if (!record) return;
  await client.query(
    `WITH inserted AS (
       INSERT INTO memory_recalls (recall_key, memory_id, company_id, workflow_id)
       SELECT $1, id, $2, $3 FROM unnest($4::bigint[]) AS r(id)
       ON CONFLICT DO NOTHING RETURNING memory_id)
     UPDATE memories SET recall_count = recall_count + 1, last_recalled_at = now()
      WHERE id IN (SELECT memory_id FROM inserted)`,
    [record.key, request.companyId, record.workflowId ?? null, memories.map((memory) => memory.id)],
  );
}
