import type { Pool } from 'pg';
import type { PriceSettings } from '../llm/price-policy.ts';
import type { LanguageSpend } from './language.ts';
import { promptTokensOf, withMemorySpend } from './paid-call.ts';
import type { Embedder } from './embedding/embedder.ts';
import { typeRelationLabels } from './graph/relation-labels.ts';
import { sketchOf } from './embedding/sketch.ts';
import { keepStatistics } from './store-statistics.ts';
import type { VectorBackend } from './vector-backend.ts';
import type { BridgeReader } from './reader/bridge-reader.ts';
import { detectVectorBackend } from './vector-backend.ts';

/** What every memory operation needs: the database, the embedder and the schema's vector backend. */
export interface MemoryContext {
  pool: Pool;
  embedder: Embedder;
  backend: VectorBackend;
  /** Configured model prices (SYNTHORG_MODEL_PRICES), for embedding models the built-in table lacks. */
  prices?: PriceSettings;
  /** The model a reader walk asks at each hop (`walk: 'reader'`, reader/reader-recall.ts); none: no reader walk. */
  reader?: BridgeReader;
}

/** Who pays for an embedding call: the ledger row's key (once per key) and its company. */
export interface EmbeddingCharge {
  callKey: string;
  companyId: string;
  workflowId?: string;
  taskId?: string;
  agentId?: string;
  /** What the ledger row says the embedding was for; `embedding` when unset. */
  purpose?: string;
}

export interface EmbeddedText {
  embedding: Float32Array;
  sketch: string;
}

/**
 * Detects the vector backend of a migrated database, types the relation labels this code's
 * patterns have not typed yet (graph/relation-labels.ts), and on PGlite analyses stale memory tables.
 */
export async function openMemoryContext(
  pool: Pool,
  embedder: Embedder,
  prices?: PriceSettings,
): Promise<MemoryContext> {
  await typeRelationLabels(pool);
  // A store written before statistics were kept (or whose counters were lost) is analysed when first opened.
  await keepStatistics(pool);
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
  const embed = async () => {
    let tokens = 0;
    const embeddings = await embedder.embed(texts, { onUsage: (billed) => (tokens += billed) });
    const spend: LanguageSpend = {
      model: embedder.model,
      offline: false,
      inputTokens: tokens,
      outputTokens: 0,
      costUsd: 0,
    };
    return { embeddings, spend };
  };
  // A paid embedding is reserved before the call (its texts' tokens, estimated high), like an agent step.
  const { embeddings } =
    charge && !embedder.offline && texts.length > 0
      ? await withMemorySpend(
          context.pool,
          {
            callKey: `${charge.callKey}#embedding`,
            companyId: charge.companyId,
            workflowId: charge.workflowId ?? 'memory',
            purpose: charge.purpose ?? 'embedding',
            ...(charge.taskId ? { taskId: charge.taskId } : {}),
            ...(charge.agentId ? { agentId: charge.agentId } : {}),
            model: embedder.model,
            promptTokens: promptTokensOf(texts),
            maxOutputTokens: 0,
            ...(context.prices ? { prices: context.prices } : {}),
          },
          embed,
        )
      : await embed();
  const first = embeddings[0];
  if (first) await context.backend.prepare(context.pool, context.embedder.model, first.length);
  return embeddings.map((embedding) => ({ embedding, sketch: sketchOf(embedding) }));
}
