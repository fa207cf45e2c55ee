import type { SynthorgConfig } from '../../config/env.ts';
import { parseModelName } from '../../llm/model-names.ts';
import type { MemoryConfig } from '../memory-config.ts';
import { createAiSdkEmbedder } from './ai-sdk-embedder.ts';
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local-embedder.ts';
import { createOfflineEmbedder } from './offline-embedder.ts';

/** The embedder memory config names: the offline one, a local model (`local:wordllama-256`), or an AI SDK embedding model. */
export function createEmbedder(memoryConfig: MemoryConfig, config: SynthorgConfig): Embedder {
  const name = memoryConfig.embeddingModel;
  if (name === 'offline') return createOfflineEmbedder();
  const { provider, modelId } = parseModelName(name);
  return provider === 'local' ? createLocalEmbedder(modelId, config) : createAiSdkEmbedder(name, config);
}
