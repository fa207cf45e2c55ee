import { expect } from 'vitest';
import { cosine } from '../../../src/memory/embedding/embedder.ts';
import type { MemoryTestDatabase } from './databases.ts';
import { startPgliteDatabase } from './databases.ts';

/** What a local embedding server answers to `POST /embeddings` (OpenAI's shape). */
export interface EmbeddingsReply {
  data: { index: number; embedding: number[] }[];
  model: string;
  usage: { prompt_tokens: number };
}

export const norm = (vector: Float32Array) => Math.sqrt(cosine(vector, vector));

/** `POST /embeddings` to a local embedding server, raw: the tests read status codes and error bodies too. */
export function embeddingsPoster(baseURL: string): (body: unknown) => Promise<Response> {
  return (body) =>
    fetch(`${baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
}

/**
 * Asks for two texts' embeddings and checks the reply's shape: status 200, the model named, both indexes in
 * order, unit vectors `dimensions` wide. Returns the reply for the model-specific checks.
 */
export async function expectTwoUnitVectors(
  post: (body: unknown) => Promise<Response>,
  model: string,
  dimensions: number,
): Promise<EmbeddingsReply> {
  const response = await post({ model, input: ['The build server is in Oslo.', 'Quarterly taxes'] });
  expect(response.status).toBe(200);
  const reply = (await response.json()) as EmbeddingsReply;
  expect(reply.model).toBe(model);
  expect(reply.data.map((item) => item.index)).toEqual([0, 1]);
  for (const item of reply.data) {
    expect(item.embedding).toHaveLength(dimensions);
    expect(norm(Float32Array.from(item.embedding))).toBeCloseTo(1, 5);
  }
  return reply;
}

/**
 * A PGlite + pgvector database with company `acme`: a local model is not the offline one, so its (free)
 * embedding calls go into the company's ledger, which needs the company.
 */
export async function startEmbedderDatabase(): Promise<MemoryTestDatabase> {
  const database = await startPgliteDatabase({ vector: true });
  await database.pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd) VALUES ('acme', 'Acme', 'duo', '{}', 10)`,
  );
  return database;
}
