import type { Pool } from 'pg';
import type { Embedder } from './embedding/embedder.ts';
import { sketchOf } from './embedding/sketch.ts';
import type { VectorBackend } from './vector-backend.ts';
import { detectVectorBackend } from './vector-backend.ts';

/** What every memory operation needs: the database, the embedder and the schema's vector backend. */
export interface MemoryContext {
  pool: Pool;
  embedder: Embedder;
  backend: VectorBackend;
}

export interface EmbeddedText {
  embedding: Float32Array;
  sketch: string;
}

/** Detects the vector backend of a migrated database. */
export async function openMemoryContext(pool: Pool, embedder: Embedder): Promise<MemoryContext> {
  return { pool, embedder, backend: await detectVectorBackend(pool) };
}

/** Embeds texts with the context's embedder and makes sure the model's index exists. */
export async function embedTexts(context: MemoryContext, texts: readonly string[]): Promise<EmbeddedText[]> {
  const embeddings = await context.embedder.embed(texts);
  const first = embeddings[0];
  if (first) await context.backend.prepare(context.pool, context.embedder.model, first.length);
  return embeddings.map((embedding) => ({ embedding, sketch: sketchOf(embedding) }));
}
