import { MemoryInputError, MemoryVersionConflictError } from './errors.ts';
import { extractGraphOffline } from './graph/offline-extractor.ts';
import { saveExtraction } from './graph/graph-store.ts';
import type { MemoryContext } from './memory-context.ts';
import { embedTexts } from './memory-context.ts';
import type { Queryable } from './sql.ts';
import { inTransaction } from './sql.ts';
import type { SlotWrite } from './types.ts';
import { SlotWrite as SlotWriteSchema } from './types.ts';
import { parseRequest } from './validation.ts';

export interface SlotValue {
  id: number;
  version: number;
  content: string;
}

export interface SlotWriteResult {
  id: number;
  /** The version this write produced. */
  version: number;
  /** True when this key had already been applied (a retried activity): nothing new was written. */
  replayed: boolean;
}

/** The current value of a named company memory, or null when the slot was never written. */
export async function readSlot(db: Queryable, companyId: string, slot: string): Promise<SlotValue | null> {
  const { rows } = await db.query<{ id: string; version: number; content: string }>(
    'SELECT id, version, content FROM memories WHERE company_id = $1 AND slot = $2 AND archived_at IS NULL',
    [companyId, slot],
  );
  const row = rows[0];
  return row ? { id: Number(row.id), version: row.version, content: row.content } : null;
}

/**
 * Compare-and-set on a named company-level memory, safe across any number of worker processes and
 * machines: the write takes a transaction-scoped advisory lock on (company, slot), checks that the
 * stored version is the one the caller read, writes and bumps the version. A stale version raises
 * {@link MemoryVersionConflictError}; the caller re-reads and retries or merges. Each write key is
 * applied once: a retry finds its revision and returns the version it produced.
 */
export async function writeSlot(context: MemoryContext, write: SlotWrite): Promise<SlotWriteResult> {
  const parsed = parseRequest(SlotWriteSchema, write, 'slot write');
  // Embedding is slow and needs no lock: compute it before taking one.
  const [embedded] = await embedTexts(context, [parsed.content], {
    callKey: parsed.key,
    companyId: parsed.companyId,
    agentId: parsed.authorId,
  });
  if (!embedded) throw new Error('the embedder returned no embedding');
  return inTransaction(context.pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `synthorg:memory-slot:${parsed.companyId}:${parsed.slot}`,
    ]);
    const { rows: applied } = await client.query<{ memory_id: string; version: number; company_id: string }>(
      'SELECT memory_id, version, company_id FROM memory_revisions WHERE write_key = $1',
      [parsed.key],
    );
    const earlier = applied[0];
    if (earlier) {
      if (earlier.company_id !== parsed.companyId)
        throw new MemoryInputError(`write key "${parsed.key}" was used by another company`);
      return { id: Number(earlier.memory_id), version: earlier.version, replayed: true };
    }
    const current = await readSlot(client, parsed.companyId, parsed.slot);
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== parsed.expectedVersion) {
      throw new MemoryVersionConflictError(
        parsed.slot,
        parsed.expectedVersion,
        currentVersion,
        current?.content ?? null,
      );
    }
    const encoded = context.backend.encode(embedded.embedding);
    let id: number;
    if (current === null) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO memories (memory_key, company_id, scope, owner_id, slot, category, content, importance, source,
                               author_id, task_id, workflow_id, embedding_model, embedding, sketch, graph_extractor)
         VALUES ($1, $2, 'company', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bit(256), 'offline') RETURNING id`,
        [
          parsed.key,
          parsed.companyId,
          parsed.slot,
          parsed.category,
          parsed.content,
          parsed.importance,
          parsed.source,
          parsed.authorId,
          parsed.provenance.taskId ?? null,
          parsed.provenance.workflowId ?? null,
          context.embedder.model,
          encoded,
          embedded.sketch,
        ],
      );
      id = Number(rows[0]?.id);
    } else {
      id = current.id;
      await client.query(
        `UPDATE memories SET content = $2, category = $3, importance = $4, author_id = $5, task_id = $6,
                             workflow_id = $7, embedding_model = $8, embedding = $9, sketch = $10::bit(256),
                             version = version + 1, updated_at = now(), graph_extractor = 'offline'
          WHERE id = $1`,
        [
          id,
          parsed.content,
          parsed.category,
          parsed.importance,
          parsed.authorId,
          parsed.provenance.taskId ?? null,
          parsed.provenance.workflowId ?? null,
          context.embedder.model,
          encoded,
          embedded.sketch,
        ],
      );
    }
    // graph_extractor is written above with the row, so the extraction below adds no second version of it.
    const version = currentVersion + 1;
    await client.query(
      `INSERT INTO memory_revisions (write_key, memory_id, company_id, version, content, author_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [parsed.key, id, parsed.companyId, version, parsed.content, parsed.authorId],
    );
    await saveExtraction(client, parsed.companyId, id, extractGraphOffline(parsed.content), 'offline');
    return { id, version, replayed: false };
  });
}
