import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { embedMany } from 'ai';
import type { EmbeddingModel } from 'ai';
import type { SynthorgConfig } from '../../config/env.ts';
import { parseModelName } from '../../llm/model-names.ts';
import { ProviderConfigError } from '../../llm/providers.ts';
import type { Embedder } from './embedder.ts';
import { normalize } from './embedder.ts';

/** The AI SDK embedding model for `provider:model`; a missing key or base URL fails here, naming the variable. */
export function embeddingModelFor(name: string, config: SynthorgConfig): EmbeddingModel {
  const { provider, modelId } = parseModelName(name);
  switch (provider) {
    case 'openai': {
      const { apiKey, baseURL } = config.providers.openai;
      if (!apiKey) throw new ProviderConfigError(`embedding model "${name}" needs OPENAI_API_KEY`);
      return createOpenAI({ apiKey, baseURL }).embedding(modelId);
    }
    case 'ollama':
      return createOpenAICompatible({ name: 'ollama', baseURL: config.providers.ollama.baseURL }).embeddingModel(
        modelId,
      );
    case 'openai-compatible': {
      const { baseURL, apiKey } = config.providers.openaiCompatible;
      if (!baseURL)
        throw new ProviderConfigError(`embedding model "${name}" needs SYNTHORG_OPENAI_COMPATIBLE_BASE_URL`);
      return createOpenAICompatible({ name: 'openai-compatible', baseURL, apiKey }).embeddingModel(modelId);
    }
    case 'anthropic':
      throw new ProviderConfigError(
        `Anthropic has no embedding model; set SYNTHORG_EMBEDDING_MODEL to an OpenAI, Ollama or compatible one, or "offline"`,
      );
    case 'offline':
      throw new ProviderConfigError('the offline embedder is built in, not an AI SDK model');
    case 'local':
      throw new ProviderConfigError(
        `local embedding models run on the local embedding server (createLocalEmbedder), not as an AI SDK model`,
      );
  }
}

/** Embeddings through the AI SDK's `embedMany`; Temporal retries the activity, so the SDK does not. */
export function createAiSdkEmbedder(name: string, config: SynthorgConfig): Embedder {
  const model = embeddingModelFor(name, config);
  return {
    model: name,
    offline: false,
    label: `${name} (AI SDK embedding model)`,
    embed: (texts, options = {}) => embedThrough(model, texts, options),
  };
}

/** One `embedMany` call without SDK retries; the billed tokens go to `onUsage`, the vectors come back unit length. */
export async function embedThrough(
  model: EmbeddingModel,
  texts: readonly string[],
  options: Parameters<Embedder['embed']>[1] = {},
): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const { embeddings, usage } = await embedMany({
    model,
    values: [...texts],
    maxRetries: 0,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  options.onUsage?.(usage.tokens);
  return embeddings.map((embedding) => normalize(Float32Array.from(embedding)));
}
