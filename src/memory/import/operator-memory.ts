import { createHash } from 'node:crypto';
import type { Queryable } from '../sql.ts';
import { inTransaction } from '../sql.ts';
import { MemoryInputError } from '../errors.ts';
import type { MemoryContext } from '../memory-context.ts';
import { forget, remember, rememberBatch } from '../memory-store.ts';
import type { MemoryCategory, MemoryScope } from '../types.ts';
import type { DocumentFormat } from './chunk-document.ts';
import { chunkDocument } from './chunk-document.ts';

/** Where an operator's memory goes: the whole company, one department or one agent. */
export interface OperatorPlacement {
  scope?: MemoryScope;
  /** Department name or agent id; the company id (and optional) for company scope. */
  ownerId?: string;
  category?: MemoryCategory;
  importance?: number;
}

export interface DocumentImportRequest extends OperatorPlacement {
  companyId: string;
  document: string;
  format: DocumentFormat;
  text: string;
  contentHash: string;
  /** The workflow that imports, for provenance. */
  workflowId?: string;
}

export interface ImportedChunk {
  memoryId: number;
  section: string;
  startLine: number;
  endLine: number;
}

export interface DocumentImportResult {
  document: string;
  chunks: ImportedChunk[];
  /** New memories written by this import. */
  created: number;
  /** Chunks already stored from an earlier import of the same content. */
  unchanged: number;
  /** Chunks of an earlier version of the document, archived because the file changed. */
  replaced: number;
}

export interface RememberRequest extends OperatorPlacement {
  companyId: string;
  content: string;
  workflowId?: string;
}

export interface OperatorMemoryResult {
  id: number;
  /** False when the same text was remembered before with the same placement: nothing new was stored. */
  created: boolean;
  scope: MemoryScope;
  ownerId: string;
  category: MemoryCategory;
}

const replacedReason = 'replaced by a newer import of its document';

/** Resolves and checks the placement against the company's org chart (unknown departments or agents are bad input). */
async function placement(
  db: Queryable,
  companyId: string,
  request: OperatorPlacement,
  defaultCategory: MemoryCategory,
): Promise<{ scope: MemoryScope; ownerId: string; category: MemoryCategory; importance: number }> {
  const scope = request.scope ?? 'company';
  const category = request.category ?? defaultCategory;
  const importance = request.importance ?? 0.6;
  if (scope === 'company') {
    if (request.ownerId !== undefined && request.ownerId !== companyId) {
      throw new MemoryInputError(`a company-scoped memory is owned by "${companyId}", not "${request.ownerId}"`);
    }
    return { scope, ownerId: companyId, category, importance };
  }
  if (request.ownerId === undefined || request.ownerId.trim() === '') {
    throw new MemoryInputError(
      `a ${scope}-scoped memory needs the ${scope === 'agent' ? 'agent id' : 'department name'}`,
    );
  }
  const field = scope === 'agent' ? 'agents' : 'departments';
  const key = scope === 'agent' ? 'id' : 'name';
  const { rows } = await db.query(
    `SELECT 1 FROM companies, jsonb_array_elements(template->'${field}') AS item
      WHERE id = $1 AND item->>'${key}' = $2`,
    [companyId, request.ownerId],
  );
  if (rows.length === 0) throw new MemoryInputError(`company "${companyId}" has no ${scope} "${request.ownerId}"`);
  return { scope, ownerId: request.ownerId, category, importance };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Imports one document as memories, one per chunk, each with the usual embedding and graph
 * extraction. Keys come from the document, the placement and the chunk's content, so a re-import
 * of the same file writes nothing; chunks of an earlier version that are no longer in the file are
 * archived, and a chunk that comes back is restored. Safe to retry at any point.
 */
export async function importDocument(
  context: MemoryContext,
  request: DocumentImportRequest,
): Promise<DocumentImportResult> {
  const where = await placement(context.pool, request.companyId, request, 'semantic');
  const chunks = chunkDocument(request.text, request.format);
  // An emptied file is imported too: it has no chunks now, so its old ones are archived below.
  const documentKey = sha(`${request.document}`);
  const seen = new Map<string, number>();
  const writes = chunks.map((chunk) => {
    const base = sha(JSON.stringify([where.scope, where.ownerId, where.category, chunk.section, chunk.content]));
    // The same paragraph twice under one heading is two chunks, not one.
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return {
      key: `import:${request.companyId}:${documentKey}:${base}:${occurrence}`,
      companyId: request.companyId,
      scope: where.scope,
      ownerId: where.ownerId,
      category: where.category,
      content: chunk.content,
      importance: where.importance,
      authorId: 'operator',
      source: 'operator' as const,
      provenance: request.workflowId ? { workflowId: request.workflowId } : {},
    };
  });
  const written = await rememberBatch(context, writes);
  const ids = written.map((result) => result.id);
  return inTransaction(context.pool, async (client) => {
    // Serialises imports of one document, so two concurrent imports cannot archive each other's chunks.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `synthorg:memory-import:${request.companyId}:${request.document}`,
    ]);
    await client.query(
      `INSERT INTO memory_documents (company_id, document, content_hash, chunks) VALUES ($1, $2, $3, $4)
       ON CONFLICT (company_id, document) DO UPDATE
         SET content_hash = EXCLUDED.content_hash, chunks = EXCLUDED.chunks, imported_at = now()
         WHERE memory_documents.content_hash IS DISTINCT FROM EXCLUDED.content_hash
            OR memory_documents.chunks IS DISTINCT FROM EXCLUDED.chunks`,
      [request.companyId, request.document, request.contentHash, chunks.length],
    );
    await client.query(
      `INSERT INTO memory_document_chunks (memory_id, company_id, document, section, start_line, end_line)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
       ON CONFLICT (memory_id) DO UPDATE
         SET section = EXCLUDED.section, start_line = EXCLUDED.start_line, end_line = EXCLUDED.end_line
         WHERE (memory_document_chunks.section, memory_document_chunks.start_line, memory_document_chunks.end_line)
               IS DISTINCT FROM (EXCLUDED.section, EXCLUDED.start_line, EXCLUDED.end_line)`,
      [
        ids,
        ids.map(() => request.companyId),
        ids.map(() => request.document),
        chunks.map((chunk) => chunk.section),
        chunks.map((chunk) => chunk.startLine),
        chunks.map((chunk) => chunk.endLine),
      ],
    );
    // A chunk that an earlier version dropped and this one brings back is current again.
    await client.query(
      `UPDATE memories SET archived_at = NULL, archive_reason = NULL, updated_at = now()
        WHERE company_id = $1 AND id = ANY($2::bigint[]) AND archive_reason = $3`,
      [request.companyId, ids, replacedReason],
    );
    const { rows: archived } = await client.query<{ id: string }>(
      `UPDATE memories m SET archived_at = now(), archive_reason = $4, updated_at = now()
         FROM memory_document_chunks c
        WHERE c.memory_id = m.id AND c.company_id = $1 AND c.document = $2
          AND m.archived_at IS NULL AND NOT (m.id = ANY($3::bigint[]))
        RETURNING m.id`,
      [request.companyId, request.document, ids, replacedReason],
    );
    const created = written.filter((result) => result.created).length;
    return {
      document: request.document,
      chunks: chunks.map((chunk, index) => ({
        memoryId: ids[index]!,
        section: chunk.section,
        startLine: chunk.startLine,
        endLine: chunk.endLine,
      })),
      created,
      unchanged: written.length - created,
      replaced: archived.length,
    };
  });
}

/** One memory the operator states. The same text with the same placement is the same memory (idempotent). */
export async function rememberAsOperator(
  context: MemoryContext,
  request: RememberRequest,
): Promise<OperatorMemoryResult> {
  const where = await placement(context.pool, request.companyId, request, 'semantic');
  const content = request.content.trim();
  const key = `operator:${request.companyId}:${sha(JSON.stringify([where.scope, where.ownerId, where.category, content]))}`;
  const result = await remember(context, {
    key,
    companyId: request.companyId,
    scope: where.scope,
    ownerId: where.ownerId,
    category: where.category,
    content,
    importance: where.importance,
    authorId: 'operator',
    source: 'operator',
    provenance: request.workflowId ? { workflowId: request.workflowId } : {},
  });
  return { ...result, scope: where.scope, ownerId: where.ownerId, category: where.category };
}

/** Archives one memory as the operator; already forgotten is not an error (nothing changes). */
export async function forgetAsOperator(
  context: MemoryContext,
  request: { companyId: string; id: number; reason?: string },
): Promise<{ id: number; forgotten: boolean }> {
  const { forgotten } = await forget(context, {
    companyId: request.companyId,
    ids: [request.id],
    who: { kind: 'operator' },
    reason: request.reason?.trim() || 'by the operator',
  });
  return { id: request.id, forgotten: forgotten.includes(request.id) };
}
