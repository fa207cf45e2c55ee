import type { ContextCompaction, TranscriptEntry } from '../domain/agent-action.ts';
import {
  countTranscriptKind,
  formatCompactedEntry,
  parseCompactedEntry,
  transcriptTokens,
} from './compaction-entry.ts';

export { transcriptTokens };
import { instructionTokens, summaryOutputTokens, type LanguageSpend, type MemoryLanguage } from './language.ts';
import { promptTokensOf, withMemorySpend } from './paid-call.ts';
import type { MemoryContext } from './memory-context.ts';
import { rememberBatch } from './memory-store.ts';
import { maxMemoryContent } from './types.ts';

export interface CompactionRequest {
  companyId: string;
  agentId: string;
  taskId: string;
  workflowId: string;
  /** The step's idempotency key; offloaded memories are keyed under it, so a retry stores nothing twice. */
  key: string;
  transcript: readonly TranscriptEntry[];
  /** Most recent entries kept verbatim. */
  keep: number;
  /** What the agent asked the summary to keep in view, if anything. */
  note?: string;
}

/**
 * Agent-controlled context compaction: the older transcript entries are offloaded to memory (one
 * episodic, agent-scoped memory each, source `compaction`) and replaced by one entry holding a
 * model-written summary, counts by kind and pointers to the offloaded memories, which the agent can
 * bring back with `recall` by id. Undefined when there is too little to compact.
 */
export async function compactContext(
  context: MemoryContext,
  language: MemoryLanguage,
  request: CompactionRequest,
): Promise<{ compaction: ContextCompaction; spend: LanguageSpend } | undefined> {
  const keep = Math.max(0, Math.min(request.keep, request.transcript.length));
  const older = request.transcript.slice(0, request.transcript.length - keep);
  if (older.length < 2) return undefined;
  const offloaded = await rememberBatch(
    context,
    older.map((entry, index) => ({
      key: `${request.key}#offload-${index}`,
      companyId: request.companyId,
      scope: 'agent' as const,
      ownerId: request.agentId,
      category: 'episodic' as const,
      content: `[${entry.kind}] ${entry.text}`.slice(0, maxMemoryContent),
      importance: 0.3,
      authorId: request.agentId,
      source: 'compaction' as const,
      provenance: { taskId: request.taskId, workflowId: request.workflowId },
    })),
  );
  const purpose = `earlier steps of task ${request.taskId}${request.note ? `; keep in view: ${request.note}` : ''}`;
  const texts = older.map(
    (entry) => `[${entry.kind}] ${entry.kind === 'compacted' ? parseCompactedEntry(entry.text).summary : entry.text}`,
  );
  // Reserved before the call on the agent's and the company's budget, like the step it belongs to.
  const summary = await withMemorySpend(
    context.pool,
    {
      callKey: `${request.key}#compaction`,
      companyId: request.companyId,
      workflowId: request.workflowId,
      taskId: request.taskId,
      agentId: request.agentId,
      purpose: 'context compaction',
      model: language.model,
      promptTokens: instructionTokens + promptTokensOf([...texts, purpose]),
      maxOutputTokens: summaryOutputTokens(1_500),
      ...(context.prices ? { prices: context.prices } : {}),
    },
    () => language.summarize(texts, purpose, 1_500),
  );
  const kinds = new Set(
    older.flatMap((entry) =>
      entry.kind === 'compacted' ? Object.keys(parseCompactedEntry(entry.text).counts) : [entry.kind],
    ),
  );
  const counts = Object.fromEntries([...kinds].map((kind) => [kind, countTranscriptKind(older, kind)]));
  const pointers = offloaded.map((result) => result.id).filter((id) => id > 0);
  const entry: TranscriptEntry = {
    kind: 'compacted',
    text: formatCompactedEntry({ summary: summary.text, counts, pointers }),
  };
  const after = [entry, ...request.transcript.slice(older.length)];
  return {
    compaction: {
      replaced: older.length,
      entry,
      pointers,
      tokensBefore: transcriptTokens(request.transcript),
      tokensAfter: transcriptTokens(after),
    },
    spend: summary.spend,
  };
}
