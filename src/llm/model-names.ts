import type { SynthorgConfig } from '../config/env.ts';

import { isProviderName, providerNames } from '../domain/model-providers.ts';
import type { ProviderName } from '../domain/model-providers.ts';

export { providerNames, type ProviderName };

export interface ParsedModelName {
  provider: ProviderName;
  /** The id the provider's API expects, e.g. `gpt-4.1-mini`; `offline` for the built-in simulator. */
  modelId: string;
}

/** The model used for `default` when only an Anthropic key is configured. */
export const defaultAnthropicModel = 'anthropic:claude-haiku-4-5';
export const defaultOpenAIModel = 'openai:gpt-4.1-mini';

/** A model name that names no provider we can call, or is malformed. Permanent: retrying cannot fix it. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
}

/**
 * Splits `provider:model` at the first colon (model ids such as `ollama:llama3.2:3b` keep theirs).
 * `default` must be resolved with {@link resolveModelName} first.
 */
export function parseModelName(name: string): ParsedModelName {
  if (name === 'offline') return { provider: 'offline', modelId: 'offline' };
  if (name === 'default') {
    throw new UnknownModelError('model "default" must be resolved with resolveModelName(name, config) before use');
  }
  const colon = name.indexOf(':');
  if (colon <= 0) {
    throw new UnknownModelError(
      `model "${name}" is not of the form "provider:model"; use "offline" or e.g. "openai:gpt-4.1-mini"`,
    );
  }
  const provider = name.slice(0, colon);
  const modelId = name.slice(colon + 1).trim();
  if (!isProviderName(provider)) {
    throw new UnknownModelError(
      `unknown model provider "${provider}" in "${name}"; known providers: ${providerNames.join(', ')}`,
    );
  }
  if (modelId === '') throw new UnknownModelError(`model "${name}" names no model after "${provider}:"`);
  return { provider, modelId };
}

/**
 * Turns `default` into a concrete model name: SYNTHORG_MODEL, else the first configured provider
 * (OpenAI, then Anthropic), else the offline model. Other names pass through unchanged.
 */
export function resolveModelName(name: string, config: SynthorgConfig): string {
  if (name !== 'default') return name;
  if (config.defaultModel !== undefined && config.defaultModel !== 'default') return config.defaultModel;
  if (config.providers.openai.apiKey) return defaultOpenAIModel;
  if (config.providers.anthropic.apiKey) return defaultAnthropicModel;
  return 'offline';
}
