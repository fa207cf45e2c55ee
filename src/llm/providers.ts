import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { SynthorgConfig } from '../config/env.ts';
import { loopbackFetch } from './local-model/loopback-fetch.ts';
import { ensureLocalModel, runningLocalModelURL } from './local-model/registry.ts';
import { parseModelName, resolveModelName, UnknownModelError } from './model-names.ts';
import { tokenLogprobsExtractor } from './token-probabilities.ts';

/** A provider is named but not configured (missing key or base URL). Permanent until the environment changes. */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
}

/**
 * The AI SDK language model for a model name (`default` is resolved first). Keys and base URLs come
 * from the parsed config only, and a missing one fails here with the variable to set, instead of
 * later inside the SDK.
 */
export function languageModelFor(name: string, config: SynthorgConfig): LanguageModel {
  return languageModelAt(name, config, undefined);
}

/**
 * Like {@link languageModelFor}, and for a `local:` model first installs and starts its server in
 * this process (once; later calls reuse it).
 */
export async function resolveLanguageModel(name: string, config: SynthorgConfig): Promise<LanguageModel> {
  const resolved = resolveModelName(name, config);
  const { provider, modelId } = parseModelName(resolved);
  const localURL = provider === 'local' ? (await ensureLocalModel(modelId, config)).baseURL : undefined;
  return languageModelAt(resolved, config, localURL);
}

/**
 * Whether the model's provider takes a JSON schema for its output (OpenAI, Anthropic, Ollama,
 * llama.cpp, vLLM). An OpenAI-compatible server that rejects `response_format` `json_schema` can be
 * switched to plain text JSON with SYNTHORG_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS=false.
 */
export function hasStructuredOutput(name: string, config: SynthorgConfig): boolean {
  const { provider } = parseModelName(resolveModelName(name, config));
  if (provider === 'openai-compatible') return config.providers.openaiCompatible.structuredOutputs;
  return provider !== 'offline';
}

function languageModelAt(name: string, config: SynthorgConfig, localURL: string | undefined): LanguageModel {
  const resolved = resolveModelName(name, config);
  const { provider, modelId } = parseModelName(resolved);
  switch (provider) {
    case 'offline':
      throw new UnknownModelError('the offline model is a built-in simulator, not an AI SDK provider model');
    case 'openai': {
      const { apiKey, baseURL } = config.providers.openai;
      if (!apiKey)
        throw new ProviderConfigError(`model "${resolved}" needs OPENAI_API_KEY; set it or pick another model`);
      // Chat completions rather than the Responses API, so any OpenAI-compatible server behind OPENAI_BASE_URL works.
      return createOpenAI({ apiKey, baseURL }).chat(modelId);
    }
    case 'anthropic': {
      const { apiKey, baseURL } = config.providers.anthropic;
      if (!apiKey) {
        throw new ProviderConfigError(`model "${resolved}" needs ANTHROPIC_API_KEY; set it or pick another model`);
      }
      return createAnthropic({ apiKey, baseURL })(modelId);
    }
    case 'ollama':
      return createOpenAICompatible({
        name: 'ollama',
        baseURL: config.providers.ollama.baseURL,
        supportsStructuredOutputs: true,
        metadataExtractor: tokenLogprobsExtractor,
      })(modelId);
    case 'local': {
      // A server started by another part of this process (synthorg dev) serves callers that cannot wait.
      const baseURL = localURL ?? runningLocalModelURL(modelId);
      if (!baseURL) {
        throw new ProviderConfigError(`local model "${modelId}" is not running in this process; start it first`);
      }
      // No five-minute header deadline: a slow CPU may take longer than that to finish one reply.
      return createOpenAICompatible({
        name: 'local',
        baseURL,
        supportsStructuredOutputs: true,
        fetch: loopbackFetch,
        // The reply's token probabilities, when asked for (the reader walk's note scores, memory/reader/note-score.ts).
        metadataExtractor: tokenLogprobsExtractor,
      })(modelId);
    }
    case 'openai-compatible': {
      const { baseURL, apiKey } = config.providers.openaiCompatible;
      if (!baseURL) {
        throw new ProviderConfigError(
          `model "${resolved}" needs SYNTHORG_OPENAI_COMPATIBLE_BASE_URL (e.g. http://127.0.0.1:8000/v1)`,
        );
      }
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL,
        apiKey,
        supportsStructuredOutputs: config.providers.openaiCompatible.structuredOutputs,
        metadataExtractor: tokenLogprobsExtractor,
      })(modelId);
    }
  }
}

/** Non-strict json_schema: OpenAI's strict mode demands every property be required, and optional fields are part of the protocol. */
const lenientSchemaOptions = { strictJsonSchema: false };
/** The provider options of every structured call (agent steps, structured calls, memory language work). */
export const lenientProviderOptions = {
  openai: lenientSchemaOptions,
  ollama: lenientSchemaOptions,
  local: lenientSchemaOptions,
  openaiCompatible: lenientSchemaOptions,
};

/** The fixed sampling seed of `local:` models: their replies repeat run after run. */
export const localModelSeed = 42;
