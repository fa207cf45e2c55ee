import type { PythonPackage } from '../llm/local-model/catalog.ts';
import { LocalModelError } from '../llm/local-model/errors.ts';

/**
 * WordLlama (MIT): static token embeddings distilled from an LLM, with its weights
 * (`l2_supercat_256.safetensors`, 16 MB) and tokenizer inside the wheel, so it installs from PyPI like
 * any package and never reaches a model hub. Its dependencies (numpy, safetensors, tokenizers, …) come too.
 */
export const wordllamaPackage: PythonPackage = { name: 'wordllama', version: '0.4.0.post1', noDependencies: false };

/** One model the local embedding server answers for. */
export interface LocalEmbeddingModel {
  /** The name after `local:`, also the `model` the server is asked for. */
  id: string;
  dimensions: number;
  description: string;
}

/**
 * The bundled table is 256 wide and trained Matryoshka-style, so its first 128 or 64 dimensions are a
 * (coarser, smaller) embedding too. Each width is its own model name: vectors of different widths
 * never meet in one index.
 */
const models: readonly LocalEmbeddingModel[] = [256, 128, 64].map((dimensions) => ({
  id: `wordllama-${dimensions}`,
  dimensions,
  description: `WordLlama l2_supercat, ${dimensions} dimensions (mean of static token embeddings; MIT; local Python server)`,
}));

/** `wordllama-256` (or `-128`, `-64`); any other name fails, listing the known ones. */
export function localEmbeddingModel(modelId: string): LocalEmbeddingModel {
  const model = models.find((candidate) => candidate.id === modelId);
  if (model) return model;
  throw new LocalModelError(
    `unknown local embedding model "${modelId}"; use local:${models.map((candidate) => candidate.id).join(', local:')}`,
  );
}

/** The local embedding model names, for documentation and help texts. */
export function localEmbeddingModels(): readonly LocalEmbeddingModel[] {
  return models;
}
