import { MemoryAccessError, MemoryInputError } from './errors.ts';
import { extractGraphOffline } from './graph/offline-extractor.ts';
import { saveExtraction, saveNewExtractions } from './graph/graph-store.ts';
import type { EmbeddingCharge, MemoryContext } from './memory-context.ts';
import { embedTexts } from './memory-context.ts';
import type { MemoryRow } from './memory-rows.ts';
import { memoryColumns, toMemoryRecord } from './memory-rows.ts';
import type { Queryable } from './sql.ts';
import { inTransaction } from './sql.ts';
import type { MemoryRecord, MemoryWrite, ParsedMemoryWrite } from './types.ts';
import { MemoryWrite as MemoryWriteSchema } from './types.ts';
import { parseRequest } from './validation.ts';
import { keepStatisticsAfterWrite } from './store-statistics.ts';

export interface WriteResult {
  id: number;
  /** False when this key was written before (a retried activity): nothing new was stored. */
  created: boolean;
}

/**
 * Stores a new memory once per key, with its embedding, sketch and (offline) graph extraction in
 * one transaction. Bad input fails before anything is written.
 */
export async function remember(context: MemoryContext, write: MemoryWrite): Promise<WriteResult> {
  const parsed = parseRequest(MemoryWriteSchema, write, 'memory');
  checkOwner(parsed);
  const existing = await findByKey(context.pool, parsed.key, parsed.companyId);
  if (existing !== undefined) return { id: existing, created: false };
  const [embedded] = await embedTexts(context, [parsed.content], chargeOf(parsed));
  if (!embedded) throw new Error('the embedder returned no embedding');
  const result = await inTransaction(context.pool, async (client): Promise<WriteResult> => {
    // The extractor is named in the insert, not set by an update after the extraction below (same
    // transaction): that update wrote a second version of every memory, with a second entry in every
    // index — the HNSW graph and the full-text index included — and PGlite never vacuums the dead one.
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO memories (memory_key, company_id, scope, owner_id, category, content, importance, source,
                             author_id, task_id, workflow_id, embedding_model, embedding, sketch, graph_extractor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::bit(256), 'offline')
       ON CONFLICT (memory_key) DO NOTHING RETURNING id`,
      [
        parsed.key,
        parsed.companyId,
        parsed.scope,
        parsed.ownerId,
        parsed.category,
        parsed.content,
        parsed.importance,
        parsed.source,
        parsed.authorId,
        parsed.provenance.taskId ?? null,
        parsed.provenance.workflowId ?? null,
        context.embedder.model,
        context.backend.encode(embedded.embedding),
        embedded.sketch,
      ],
    );
    const inserted = rows[0];
    if (!inserted) {
      // A concurrent attempt with the same key won; its memory is this write's memory.
      const winner = await findByKey(client, parsed.key, parsed.companyId);
      if (winner === undefined) throw new Error(`memory key ${parsed.key} vanished`);
      return { id: winner, created: false };
    }
    const id = Number(inserted.id);
    await saveExtraction(client, parsed.companyId, id, extractGraphOffline(parsed.content), 'offline');
    return { id, created: true };
  });
  // PGlite has no autovacuum: keep the planner's statistics as its autoanalyze would (store-statistics.ts).
  if (result.created) await keepStatisticsAfterWrite(context.pool, 1);
  return result;
}

/**
 * Stores many memories with one embedding call and one transaction (context compaction offloads a
 * batch; benchmarks load with it). Same rules as {@link remember}: keys already written are skipped,
 * and any bad write fails the batch before anything is stored. Results are in input order.
 */
export async function rememberBatch(
  context: MemoryContext,
  writes: readonly MemoryWrite[],
  options: { extractGraph?: boolean } = {},
): Promise<WriteResult[]> {
  const parsed = writes.map((write, index) => {
    const one = parseRequest(MemoryWriteSchema, write, `memory ${index + 1}`);
    checkOwner(one);
    return one;
  });
  if (parsed.length === 0) return [];
  const { rows: existingRows } = await context.pool.query<{ id: string; memory_key: string; company_id: string }>(
    'SELECT id, memory_key, company_id FROM memories WHERE memory_key = ANY($1::text[])',
    [parsed.map((write) => write.key)],
  );
  const existing = new Map(existingRows.map((row) => [row.memory_key, row]));
  for (const write of parsed) {
    const row = existing.get(write.key);
    if (row && row.company_id !== write.companyId)
      throw new MemoryAccessError(`memory key "${write.key}" belongs to another company`);
  }
  const fresh = parsed.filter(
    (write, index) => !existing.has(write.key) && parsed.findIndex((other) => other.key === write.key) === index,
  );
  const embedded = await embedTexts(
    context,
    fresh.map((write) => write.content),
    fresh[0] ? chargeOf(fresh[0]) : undefined,
  );
  const created = new Map<string, number>();
  const extractGraph = options.extractGraph ?? true;
  await inTransaction(context.pool, async (client) => {
    const columns = fresh.map((write, index) => ({ write, vector: embedded[index] }));
    // graph_extractor is set here rather than updated after the extraction: see remember().
    const { rows } = await client.query<{ id: string; memory_key: string }>(
      `INSERT INTO memories (memory_key, company_id, scope, owner_id, category, content, importance, source,
                             author_id, task_id, workflow_id, embedding_model, embedding, sketch, graph_extractor)
       SELECT *, ${extractGraph ? "'offline'" : 'NULL'} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::real[],
                            $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::${context.backend.kind === 'pgvector' ? 'vector' : 'bytea'}[],
                            $14::bit(256)[])
       ON CONFLICT (memory_key) DO NOTHING RETURNING id, memory_key`,
      [
        columns.map(({ write }) => write.key),
        columns.map(({ write }) => write.companyId),
        columns.map(({ write }) => write.scope),
        columns.map(({ write }) => write.ownerId),
        columns.map(({ write }) => write.category),
        columns.map(({ write }) => write.content),
        columns.map(({ write }) => write.importance),
        columns.map(({ write }) => write.source),
        columns.map(({ write }) => write.authorId),
        columns.map(({ write }) => write.provenance.taskId ?? null),
        columns.map(({ write }) => write.provenance.workflowId ?? null),
        columns.map(() => context.embedder.model),
        columns.map(({ vector }) => (vector ? context.backend.encode(vector.embedding) : null)),
        columns.map(({ vector }) => vector?.sketch ?? null),
      ],
    );
    for (const row of rows) created.set(row.memory_key, Number(row.id));
    if (extractGraph) {
      const byCompany = new Map<string, { memoryId: number; extraction: ReturnType<typeof extractGraphOffline> }[]>();
      for (const write of fresh) {
        const memoryId = created.get(write.key);
        if (memoryId === undefined) continue;
        const items = byCompany.get(write.companyId) ?? [];
        items.push({ memoryId, extraction: extractGraphOffline(write.content) });
        byCompany.set(write.companyId, items);
      }
      for (const [companyId, items] of byCompany) await saveNewExtractions(client, companyId, items, 'offline');
    }
  });
  const { rows: all } = await context.pool.query<{ id: string; memory_key: string }>(
    'SELECT id, memory_key FROM memories WHERE memory_key = ANY($1::text[])',
    [parsed.map((write) => write.key)],
  );
  await keepStatisticsAfterWrite(context.pool, created.size);
  const idOf = new Map(all.map((row) => [row.memory_key, Number(row.id)]));
  return parsed.map((write) => ({ id: idOf.get(write.key) ?? -1, created: created.has(write.key) }));
}

function checkOwner(write: ParsedMemoryWrite): void {
  if (write.scope === 'company' && write.ownerId !== write.companyId) {
    throw new MemoryInputError(
      `a company-scoped memory is owned by its company ("${write.companyId}"), not "${write.ownerId}"`,
    );
  }
}

async function findByKey(db: Queryable, key: string, companyId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string; company_id: string }>(
    'SELECT id, company_id FROM memories WHERE memory_key = $1',
    [key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.company_id !== companyId) throw new MemoryAccessError(`memory key "${key}" belongs to another company`);
  return Number(row.id);
}

/** Memories by id within one company; ids of other companies are reported, never returned. */
export async function getMemories(db: Queryable, companyId: string, ids: readonly number[]): Promise<MemoryRecord[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<MemoryRow>(
    `SELECT ${memoryColumns} FROM memories m WHERE m.company_id = $1 AND m.id = ANY($2::bigint[]) ORDER BY m.id`,
    [companyId, ids],
  );
  return rows.map(toMemoryRecord);
}

/** Who asks to forget: the operator, or an agent whose rank decides how far its reach goes. */
export type Forgetter =
  { kind: 'operator' } | { kind: 'agent'; agentId: string; department: string; seniority: string };

const seniorityLadder = ['junior', 'mid', 'senior', 'lead', 'principal', 'director', 'vp', 'c_suite'];

/**
 * The forgetting rule: an agent may forget what it wrote and its own agent-scoped memories; a lead
 * or above also its department's; a director or above also the company's. The operator may forget anything.
 */
export function mayForget(who: Forgetter, memory: MemoryRecord): boolean {
  if (who.kind === 'operator') return true;
  if (memory.authorId === who.agentId) return true;
  const rank = seniorityLadder.indexOf(who.seniority);
  switch (memory.scope) {
    case 'agent':
      return memory.ownerId === who.agentId;
    case 'department':
      return memory.ownerId === who.department && rank >= seniorityLadder.indexOf('lead');
    case 'company':
      return rank >= seniorityLadder.indexOf('director');
  }
}

export interface ForgetRequest {
  companyId: string;
  ids: number[];
  who: Forgetter;
  reason: string;
}

/**
 * Archives memories (recall no longer finds them; history and provenance stay). All or nothing: an
 * id of another company, or one the asker may not forget, fails the whole request and writes nothing.
 * Idempotent: memories already archived are left as they are.
 */
export async function forget(context: MemoryContext, request: ForgetRequest): Promise<{ forgotten: number[] }> {
  const ids = [...new Set(request.ids)];
  if (ids.length === 0 || ids.length > 100) throw new MemoryInputError('forget takes 1 to 100 memory ids');
  return inTransaction(context.pool, async (client) => {
    const { rows } = await client.query<MemoryRow>(
      `SELECT ${memoryColumns} FROM memories m WHERE m.company_id = $1 AND m.id = ANY($2::bigint[]) FOR UPDATE`,
      [request.companyId, ids],
    );
    const found = rows.map(toMemoryRecord);
    const missing = ids.filter((id) => !found.some((memory) => memory.id === id));
    if (missing.length > 0) {
      throw new MemoryAccessError(
        `no memory ${missing.map((id) => `#${id}`).join(', ')} in company "${request.companyId}"`,
      );
    }
    const refused = found.filter((memory) => !mayForget(request.who, memory));
    if (refused.length > 0) {
      const who = request.who.kind === 'agent' ? `${request.who.agentId} (${request.who.seniority})` : 'operator';
      throw new MemoryAccessError(
        `${who} may not forget ${refused.map((memory) => `#${memory.id} (${memory.scope} scope)`).join(', ')}`,
      );
    }
    const by = request.who.kind === 'agent' ? request.who.agentId : 'operator';
    const { rows: archived } = await client.query<{ id: string }>(
      `UPDATE memories SET archived_at = now(), archive_reason = $3, updated_at = now()
        WHERE company_id = $1 AND id = ANY($2::bigint[]) AND archived_at IS NULL RETURNING id`,
      [request.companyId, ids, `forgotten by ${by}: ${request.reason}`.slice(0, 500)],
    );
    return { forgotten: archived.map((row) => Number(row.id)) };
  });
}

/** The ledger charge of a memory write's embedding: keyed by the write, paid by its company. */
function chargeOf(write: {
  key: string;
  companyId: string;
  authorId: string;
  provenance?: { taskId?: string | undefined; workflowId?: string | undefined };
}): EmbeddingCharge {
  return {
    callKey: write.key,
    companyId: write.companyId,
    agentId: write.authorId,
    ...(write.provenance?.workflowId ? { workflowId: write.provenance.workflowId } : {}),
    ...(write.provenance?.taskId ? { taskId: write.provenance.taskId } : {}),
  };
}
