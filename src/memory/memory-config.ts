import type { SynthorgConfig } from '../config/env.ts';
import { resolveModelName } from '../llm/model-names.ts';

export interface MemoryConfig {
  /** `offline`, `local:wordllama-256` (a real model run on this machine) or `provider:model` of an embedding model. */
  embeddingModel: string;
  /** `offline` or `provider:model` of the language model memory maintenance uses. */
  languageModel: string;
  /**
   * HNSW's candidate list for recall's vector scan (`SYNTHORG_HNSW_EF_SEARCH`), in place of the embedding
   * model's own; the planner still costs the scan with at most `plannedEfSearch` (src/memory/vector-backend.ts).
   */
  efSearch?: number;
}

export const defaultOpenAIEmbeddingModel = 'openai:text-embedding-3-small';

/**
 * Memory settings (parsed once in src/config/env.ts). With nothing set, embeddings follow the configured provider
 * (OpenAI has an embedding model; others need SYNTHORG_EMBEDDING_MODEL) and fall back to the
 * offline embedder, so a machine with no provider runs entirely offline.
 */
export function loadMemoryConfig(config: SynthorgConfig): MemoryConfig {
  const languageModel = resolveModelName(config.memory.languageModel ?? 'default', config);
  const embeddingModel =
    config.memory.embeddingModel ??
    (languageModel.startsWith('openai:') && config.providers.openai.apiKey ? defaultOpenAIEmbeddingModel : 'offline');
  const efSearch = config.memory.efSearch;
  return { embeddingModel, languageModel, ...(efSearch === undefined ? {} : { efSearch }) };
}
