import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModel } from 'ai';
import type { SynthorgConfig } from '../../config/env.ts';
import { localEmbeddingModel } from '../../local-embedder/catalog.ts';
import { ensureLocalEmbeddingServer, replaceLocalEmbeddingServer } from '../../local-embedder/registry.ts';
import type { LocalEmbeddingServer } from '../../local-embedder/server.ts';
import { embedThrough } from './ai-sdk-embedder.ts';
import type { Embedder } from './embedder.ts';

/**
 * A `local:wordllama-256` embedder (or `-128`, `-64`, or the sentence encoder `local:minilm-l6`): a real embedding model on this machine, through
 * the same OpenAI-compatible path as a provider's. The server is installed and started on first use.
 * When a call fails and the server no longer answers (it was killed), a new server is started and the
 * call is made once more; the vectors do not depend on which server made them.
 */
export function createLocalEmbedder(
  modelId: string,
  config: SynthorgConfig,
  log: (line: string) => void = () => {},
): Embedder {
  const { id, description, backend, paraphraseAware, efSearch } = localEmbeddingModel(modelId);
  const models = new WeakMap<LocalEmbeddingServer, EmbeddingModel>();
  const modelOn = (server: LocalEmbeddingServer): EmbeddingModel => {
    let model = models.get(server);
    if (model === undefined) {
      model = createOpenAICompatible({ name: 'local', baseURL: server.baseURL }).embeddingModel(id);
      models.set(server, model);
    }
    return model;
  };
  return {
    model: `local:${id}`,
    offline: false,
    paraphraseAware,
    ...(efSearch === undefined ? {} : { efSearch }),
    label: `local:${id} (${description})`,
    async embed(texts, options = {}) {
      if (texts.length === 0) return [];
      const server = await ensureLocalEmbeddingServer(config, log, backend);
      try {
        return await embedThrough(modelOn(server), texts, options);
      } catch (error) {
        // A refused or reset connection to a server that is gone; an error the server sent stands.
        if (options.abortSignal?.aborted || (await server.healthy())) throw error;
        const replacement = await replaceLocalEmbeddingServer(server, config, log, backend);
        return embedThrough(modelOn(replacement), texts, options);
      }
    },
  };
}
