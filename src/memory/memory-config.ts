import { z } from 'zod';
import type { SynthorgConfig } from '../config/env.ts';
import { ConfigError } from '../config/env.ts';
import { resolveModelName } from '../llm/model-names.ts';

const MemoryEnvironment = z.object({
  /** `offline`, or an embedding model such as `openai:text-embedding-3-small` or `ollama:nomic-embed-text`. */
  SYNTHORG_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** Model for graph extraction, cluster and community summaries, context compaction; default: SYNTHORG_MODEL. */
  SYNTHORG_MEMORY_MODEL: z.string().min(1).optional(),
});

export interface MemoryConfig {
  /** `offline` or `provider:model` of an embedding model. */
  embeddingModel: string;
  /** `offline` or `provider:model` of the language model memory maintenance uses. */
  languageModel: string;
}

export const defaultOpenAIEmbeddingModel = 'openai:text-embedding-3-small';

/**
 * Memory settings, parsed once. With nothing set, embeddings follow the configured provider
 * (OpenAI has an embedding model; others need SYNTHORG_EMBEDDING_MODEL) and fall back to the
 * offline embedder, so a machine with no provider runs entirely offline.
 */
export function loadMemoryConfig(config: SynthorgConfig, environment: NodeJS.ProcessEnv = process.env): MemoryConfig {
  const parsed = MemoryEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`bad memory environment: ${problems}`);
  }
  const languageModel = resolveModelName(parsed.data.SYNTHORG_MEMORY_MODEL ?? 'default', config);
  const embeddingModel =
    parsed.data.SYNTHORG_EMBEDDING_MODEL ??
    (languageModel.startsWith('openai:') && config.providers.openai.apiKey ? defaultOpenAIEmbeddingModel : 'offline');
  return { embeddingModel, languageModel };
}
