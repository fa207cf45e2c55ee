/**
 * Providers a model name may start with (`openai:gpt-4.1-mini`). Kept here, in pure domain code,
 * because the template schema checks names against it and workflow code imports that schema.
 */
export const providerNames = ['offline', 'openai', 'anthropic', 'ollama', 'openai-compatible'] as const;
export type ProviderName = (typeof providerNames)[number];

export function isProviderName(value: string): value is ProviderName {
  return (providerNames as readonly string[]).includes(value);
}
