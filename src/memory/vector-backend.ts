import type { Pool } from 'pg';
import { stableHash } from '../domain/hash.ts';
import { cosine } from './embedding/embedder.ts';
import { sketchOf } from './embedding/sketch.ts';
import type { Queryable } from './sql.ts';
import { SqlParams, quoteLiteral } from './sql.ts';

export interface NearestRequest {
  companyId: string;
  /** A visibility predicate over alias `m`, with its parameters already in `params`. */
  visibility: string;
  params: SqlParams;
  model: string;
  query: Float32Array;
  limit: number;
  /** HNSW candidate list size for this query (pgvector only); {@link defaultEfSearch} when unset. */
  efSearch?: number;
}

/**
 * HNSW's candidate list per query (pgvector's `hnsw.ef_search`): larger finds more of the true
 * nearest neighbours and costs more; see docs/memory-rounds.md for recall@10 against it. Recall uses the
 * embedder's own value where it has one (`Embedder.efSearch`: WordLlama's 100) or the operator's
 * (`SYNTHORG_HNSW_EF_SEARCH`); this default serves the offline embedder's hashed vectors, MiniLM's and a
 * provider's.
 */
export const defaultEfSearch = 200;

/**
 * The longest candidate list the planner is told a scan searches. pgvector costs an HNSW scan with the
 * session's `hnsw.ef_search` when the statement is planned, so a scan that runs with 800 and is costed
 * with 800 looks four times as dear, and the planner chose exact scans on stores of 5,000+ memories where
 * it chose the index with 200 (docs/memory-rounds.md, fourteenth and fifteenth rounds). Every plan was costed
 * with at most 200 before the fifteenth round; a longer list (`SYNTHORG_HNSW_EF_SEARCH`) is set for the scan alone.
 */
export const plannedEfSearch = 200;

export interface Neighbour {
  id: number;
  similarity: number;
}

/**
 * Where embeddings live and how nearest neighbours are found: pgvector with an HNSW index per
 * embedding model, or, on a server without pgvector, packed float4 in bytea with a sketch scan.
 */
export interface VectorBackend {
  readonly kind: 'pgvector' | 'sketch';
  /** The value bound for the `embedding` column. */
  encode(vector: Float32Array): string | Buffer;
  decode(value: unknown): Float32Array;
  /** Makes nearest() fast for this model (pgvector: the model's HNSW index). Idempotent. */
  prepare(pool: Pool, model: string, dimensions: number): Promise<void>;
  /** Approximate nearest visible memories, most similar first. */
  nearest(db: Queryable, request: NearestRequest): Promise<Neighbour[]>;
  /**
   * The same search as one SELECT of `id, distance` (cosine distance, 1 − similarity) with its
   * parameters in `request.params`, for a statement that gathers other candidates in the same round
   * trip; undefined where the search needs work in the worker (the sketch scan's re-ranking).
   */
  nearestSql?(request: NearestRequest): string;
  /** Exact nearest by a full scan: the baseline the benchmark compares against. */
  exactNearest(db: Queryable, request: NearestRequest): Promise<Neighbour[]>;
  /**
   * A SQL expression over alias `m` for the memory's similarity to `query` (NULL for memories of
   * another model), so a query that reads memories anyway gets it without another round trip;
   * undefined where the database cannot compute it (the bytea fallback: use similarities()).
   */
  similaritySql(params: SqlParams, model: string, query: Float32Array): string | undefined;
  /** Exact similarity of the given memories to the query (0 for other models). */
  similarities(
    db: Queryable,
    companyId: string,
    ids: number[],
    model: string,
    query: Float32Array,
  ): Promise<Map<number, number>>;
}

/** Which backend the migrated schema chose: the type of `memories.embedding`. */
export async function detectVectorBackend(db: Queryable): Promise<VectorBackend> {
  const { rows } = await db.query<{ type: string }>(
    `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = 'memories'::regclass AND attname = 'embedding'`,
  );
  const type = rows[0]?.type;
  if (type === undefined) throw new Error('table memories has no embedding column: run the migrations first');
  return type.startsWith('vector') ? createPgvectorBackend() : createSketchBackend();
}

const vectorText = (vector: Float32Array) => `[${Array.from(vector, (value) => +value.toPrecision(7)).join(',')}]`;

export function createPgvectorBackend(): VectorBackend {
  const prepared = new Set<string>();
  // Same model, same dimension: HNSW indexes need a fixed one, so the column is cast per model.
  const dimensionsByModel = new Map<string, number>();
  const castFor = (model: string, dimensions: number) => {
    dimensionsByModel.set(model, dimensions);
    return `vector(${dimensions})`;
  };
  const nearestSql = (request: NearestRequest): string => {
    const cast = castFor(request.model, request.query.length);
    const { params } = request;
    const efSearch = request.efSearch ?? defaultEfSearch;
    if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > 1000)
      throw new Error(`efSearch must be an integer from 1 to 1000, got ${efSearch}`);
    const query = params.add(vectorText(request.query));
    // Filtered HNSW scans stop at ef_search candidates; iterative scans keep going until LIMIT rows pass the
    // filter. Both are session settings, so every query sets its own: set once per pooled connection, a value
    // another caller set on the session stayed in force (on PGlite every socket connection shares one
    // session), so a query did not get the candidate list it asked for. They are set in the query itself,
    // by an uncorrelated condition the planner evaluates once, as a one-time filter above the index scan,
    // before the scan starts (a statement of their own cost a round trip per search; docs/memory-rounds.md).
    // The session keeps the list the next statement is costed with (at most plannedEfSearch); the scan's own
    // list is set for this statement's transaction only (is_local), so it is in force for the scan and gone
    // when the transaction ends: recall runs no transaction of its own, so before its next statement is planned.
    const settings = `(SELECT set_config('hnsw.ef_search', ${params.add(String(Math.min(efSearch, plannedEfSearch)))}, false)
        || set_config('hnsw.iterative_scan', 'relaxed_order', false)
        || set_config('hnsw.ef_search', ${params.add(String(efSearch))}, true)) IS NOT NULL`;
    return `SELECT m.id, m.embedding::${cast} <=> ${query}::${cast} AS distance
         FROM memories m
        WHERE ${settings} AND m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL
          AND m.embedding_model = ${quoteLiteral(request.model)} AND ${request.visibility}
        ORDER BY m.embedding::${cast} <=> ${query}::${cast}
        LIMIT ${params.add(request.limit)}`;
  };
  return {
    kind: 'pgvector',
    nearestSql,
    encode: vectorText,
    decode: (value) => Float32Array.from(JSON.parse(String(value)) as number[]),
    async prepare(pool, model, dimensions) {
      const name = `memories_hnsw_${stableHash(`${model}/${dimensions}`).toString(36)}`;
      if (prepared.has(name)) return;
      const client = await pool.connect();
      try {
        // Two workers starting together would both try to build the index; the lock makes one wait.
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['synthorg:memory-hnsw']);
        // Building over existing rows is much faster when the graph fits in maintenance memory.
        await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${name} ON memories
             USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops)
             WHERE embedding_model = ${quoteLiteral(model)}`,
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      castFor(model, dimensions);
      prepared.add(name);
    },
    async nearest(db, request) {
      const sql = nearestSql(request);
      const { rows } = await db.query<{ id: string; distance: number }>(sql, request.params.values);
      return rows.map((row) => ({ id: Number(row.id), similarity: 1 - row.distance })).sort(bySimilarity);
    },
    async exactNearest(db, request) {
      const { params } = request;
      const query = params.add(vectorText(request.query));
      // Without the per-model cast the HNSW expression index does not apply: this is a full scan.
      const { rows } = await db.query<{ id: string; distance: number }>(
        `SELECT m.id, m.embedding <=> ${query}::vector AS distance
           FROM memories m
          WHERE m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL
            AND m.embedding_model = ${params.add(request.model)} AND ${request.visibility}
          ORDER BY m.embedding <=> ${query}::vector
          LIMIT ${params.add(request.limit)}`,
        params.values,
      );
      return rows.map((row) => ({ id: Number(row.id), similarity: 1 - row.distance }));
    },
    similaritySql(params, model, query) {
      const cast = `vector(${query.length})`;
      return `CASE WHEN m.embedding_model = ${params.add(model)} AND vector_dims(m.embedding) = ${query.length}
        THEN 1 - (m.embedding::${cast} <=> ${params.add(vectorText(query))}::${cast}) END`;
    },
    async similarities(db, companyId, ids, model, query) {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; distance: number }>(
        `SELECT id, embedding <=> $1::vector AS distance FROM memories
          WHERE company_id = $2 AND id = ANY($3::bigint[]) AND embedding_model = $4 AND vector_dims(embedding) = $5`,
        [vectorText(query), companyId, ids, model, query.length],
      );
      return new Map(rows.map((row) => [Number(row.id), 1 - row.distance]));
    },
  };
}

/** Shortlist size of the sketch scan: exact cosine re-ranks this many sketch neighbours. */
const shortlistFactor = 25;
const minimumShortlist = 500;

export function createSketchBackend(): VectorBackend {
  const decode = (value: unknown): Float32Array => {
    const bytes = value as Buffer;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length: bytes.byteLength / 4 }, (_, index) => view.getFloat32(index * 4, true));
  };
  const rerank = (rows: { id: string; embedding: Buffer }[], query: Float32Array, limit: number) =>
    rows
      .map((row) => ({ id: Number(row.id), similarity: cosine(decode(row.embedding), query) }))
      .sort(bySimilarity)
      .slice(0, limit);
  return {
    kind: 'sketch',
    encode(vector) {
      const bytes = Buffer.alloc(vector.length * 4);
      vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
      return bytes;
    },
    decode,
    prepare: async () => undefined,
    similaritySql: () => undefined,
    async nearest(db, request) {
      const { params } = request;
      // XOR + popcount over 32-byte sketches is a cheap scan in C; exact cosine then ranks the shortlist.
      const { rows } = await db.query<{ id: string; embedding: Buffer }>(
        `WITH shortlist AS (
           SELECT m.id FROM memories m
            WHERE m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL
              AND m.embedding_model = ${params.add(request.model)} AND ${request.visibility}
            ORDER BY bit_count(m.sketch # ${params.add(sketchOf(request.query))}::bit(256))
            LIMIT ${params.add(Math.max(minimumShortlist, request.limit * shortlistFactor))})
         SELECT m.id, m.embedding FROM memories m JOIN shortlist USING (id)`,
        params.values,
      );
      return rerank(rows, request.query, request.limit);
    },
    async exactNearest(db, request) {
      const { params } = request;
      const { rows } = await db.query<{ id: string; embedding: Buffer }>(
        `SELECT m.id, m.embedding FROM memories m
          WHERE m.company_id = ${params.add(request.companyId)} AND m.archived_at IS NULL
            AND m.embedding_model = ${params.add(request.model)} AND ${request.visibility}`,
        params.values,
      );
      return rerank(rows, request.query, request.limit);
    },
    async similarities(db, companyId, ids, model, query) {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; embedding: Buffer }>(
        'SELECT id, embedding FROM memories WHERE company_id = $1 AND id = ANY($2::bigint[]) AND embedding_model = $3',
        [companyId, ids, model],
      );
      return new Map(rows.map((row) => [Number(row.id), cosine(decode(row.embedding), query)]));
    },
  };
}

function bySimilarity(left: Neighbour, right: Neighbour): number {
  return right.similarity - left.similarity || left.id - right.id;
}

/** Convenience for callers that build a request without other predicates. */
export function nearestRequest(fields: Omit<NearestRequest, 'params' | 'visibility'>): NearestRequest {
  return { ...fields, params: new SqlParams(), visibility: 'TRUE' };
}
