export {
  defaultAnthropicModel,
  defaultOpenAIModel,
  parseModelName,
  providerNames,
  resolveModelName,
  UnknownModelError,
} from './model-names.ts';
export type { ParsedModelName, ProviderName } from './model-names.ts';
export { offlineSimulatedPrice, pricedModels, priceFor } from './prices.ts';
export type { PriceLookup } from './prices.ts';
export { languageModelFor, ProviderConfigError } from './providers.ts';
export { buildPrompt } from './prompt.ts';
export type { BuiltPrompt } from './prompt.ts';
export { BadModelOutputError, parseAgentAction } from './parse-action.ts';
export { callProviderModel, isPermanentModelError, PaidBadModelOutputError } from './provider-model.ts';
export type { ModelSpend, ProviderModelOptions, ProviderModelResult } from './provider-model.ts';
