import type { SynthorgConfig } from '../../config/env.ts';
import { parseModelName } from '../../llm/model-names.ts';
import type { MemoryConfig } from '../memory-config.ts';
import { createAiSdkEmbedder } from './ai-sdk-embedder.ts';
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local-embedder.ts';
import { createOfflineEmbedder } from './offline-embedder.ts';

/**
 * The embedder memory config names: the offline one, a local model (`local:wordllama-256`), or an AI SDK embedding
 * model; with the operator's HNSW candidate list (`SYNTHORG_HNSW_EF_SEARCH`) in place of the model's own.
 */
export function createEmbedder(memoryConfig: MemoryConfig, config: SynthorgConfig): Embedder {
  const embedder = namedEmbedder(memoryConfig.embeddingModel, config);
  return memoryConfig.efSearch === undefined ? embedder : { ...embedder, efSearch: memoryConfig.efSearch };
}

function namedEmbedder(name: string, config: SynthorgConfig): Embedder {
  if (name === 'offline') return createOfflineEmbedder();
  const { provider, modelId } = parseModelName(name);
  return provider === 'local' ? createLocalEmbedder(modelId, config) : createAiSdkEmbedder(name, config);
}
