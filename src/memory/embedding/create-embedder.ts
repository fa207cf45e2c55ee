import type { SynthorgConfig } from '../../config/env.ts';
import type { MemoryConfig } from '../memory-config.ts';
import { createAiSdkEmbedder } from './ai-sdk-embedder.ts';
import type { Embedder } from './embedder.ts';
import { createOfflineEmbedder } from './offline-embedder.ts';

/** The embedder memory config names: the offline one, or an AI SDK embedding model. */
export function createEmbedder(memoryConfig: MemoryConfig, config: SynthorgConfig): Embedder {
  return memoryConfig.embeddingModel === 'offline'
    ? createOfflineEmbedder()
    : createAiSdkEmbedder(memoryConfig.embeddingModel, config);
}
