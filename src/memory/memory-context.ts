import type { Pool } from 'pg';
import { costOf } from '../domain/budget.ts';
import type { PriceSettings } from '../llm/price-policy.ts';
import { resolvePrice } from '../llm/price-policy.ts';
import { recordSpend } from './consolidation/spend.ts';
import type { Embedder } from './embedding/embedder.ts';
import { sketchOf } from './embedding/sketch.ts';
import type { VectorBackend } from './vector-backend.ts';
import { detectVectorBackend } from './vector-backend.ts';

/** What every memory operation needs: the database, the embedder and the schema's vector backend. */
export interface MemoryContext {
  pool: Pool;
  embedder: Embedder;
  backend: VectorBackend;
  /** Configured model prices (SYNTHORG_MODEL_PRICES), for embedding models the built-in table lacks. */
  prices?: PriceSettings;
}

/** Who pays for an embedding call: the ledger row's key (once per key) and its company. */
export interface EmbeddingCharge {
  callKey: string;
  companyId: string;
  workflowId?: string;
  taskId?: string;
  agentId?: string;
}

export interface EmbeddedText {
  embedding: Float32Array;
  sketch: string;
}

/** Detects the vector backend of a migrated database. */
export async function openMemoryContext(
  pool: Pool,
  embedder: Embedder,
  prices?: PriceSettings,
): Promise<MemoryContext> {
  return { pool, embedder, backend: await detectVectorBackend(pool), ...(prices ? { prices } : {}) };
}

/**
 * Embeds texts with the context's embedder and makes sure the model's index exists. With a charge, a
 * provider embedder's billed tokens go into the ledger (once per key) and count against the company's
 * budget like any model call; a paid embedding model with no known price is refused before the call.
 */
export async function embedTexts(
  context: MemoryContext,
  texts: readonly string[],
  charge?: EmbeddingCharge,
): Promise<EmbeddedText[]> {
  const { embedder } = context;
  const price = charge && !embedder.offline ? resolvePrice(embedder.model, context.prices) : undefined;
  let tokens = 0;
  const embeddings = await embedder.embed(texts, { onUsage: (billed) => (tokens += billed) });
  if (charge && price && texts.length > 0) {
    await recordSpend(context.pool, {
      callKey: `${charge.callKey}#embedding`,
      companyId: charge.companyId,
      workflowId: charge.workflowId ?? 'memory',
      purpose: 'embedding',
      ...(charge.taskId ? { taskId: charge.taskId } : {}),
      ...(charge.agentId ? { agentId: charge.agentId } : {}),
      spend: {
        model: embedder.model,
        offline: false,
        inputTokens: tokens,
        outputTokens: 0,
        costUsd: costOf({ inputTokens: tokens, outputTokens: 0 }, price),
      },
    });
  }
  const first = embeddings[0];
  if (first) await context.backend.prepare(context.pool, context.embedder.model, first.length);
  return embeddings.map((embedding) => ({ embedding, sketch: sketchOf(embedding) }));
}
