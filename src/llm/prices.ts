import type { ModelPrice } from '../domain/budget.ts';

/**
 * Public list prices in USD per million tokens, standard (non-batch, non-cached, short-context) tier,
 * as published by OpenAI and Anthropic and last checked 2025-11. Providers change these: a wrong
 * price here misstates cost in the ledger, so update the table (and its date) when they do.
 * Keys are the API model ids; dated snapshots (`gpt-4.1-mini-2025-04-14`) fall back to their alias.
 */
const providerPrices: Readonly<Record<string, ModelPrice>> = {
  'openai:gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'openai:gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'openai:gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'openai:gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'openai:gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'openai:o3': { inputPerMillion: 2, outputPerMillion: 8 },
  'openai:o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'anthropic:claude-opus-4-5': { inputPerMillion: 5, outputPerMillion: 25 },
  'anthropic:claude-opus-4-1': { inputPerMillion: 15, outputPerMillion: 75 },
  'anthropic:claude-opus-4-0': { inputPerMillion: 15, outputPerMillion: 75 },
  'anthropic:claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75 },
  'anthropic:claude-sonnet-4-5': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic:claude-sonnet-4-0': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic:claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic:claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic:claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
  'anthropic:claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'anthropic:claude-3-haiku': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  // Embedding models bill input tokens only.
  'openai:text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'openai:text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'openai:text-embedding-ada-002': { inputPerMillion: 0.1, outputPerMillion: 0 },
};

/**
 * SIMULATED price of the built-in offline model. Nothing is paid; the number exists so budgets,
 * the ledger and "parked on budget" paths are exercised when running with no provider.
 */
export const offlineSimulatedPrice: ModelPrice = { inputPerMillion: 0.5, outputPerMillion: 1.5 };

const zeroPrice: ModelPrice = { inputPerMillion: 0, outputPerMillion: 0 };

/** `-20250514` and `-2025-04-14` snapshot suffixes. */
const snapshotSuffix = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export interface PriceLookup {
  price: ModelPrice;
  /** False when the model is not in the table: a call is refused unless a price is configured (src/llm/price-policy.ts). */
  known: boolean;
}

/**
 * The listed price of a resolved model name (`offline` or `provider:model`). Ollama and `local:` models
 * cost nothing and count as known; unknown models come back with `known: false` and a zero price that
 * no call may use as is: `resolvePrice` in price-policy.ts refuses them unless configured.
 */
export function priceFor(model: string): PriceLookup {
  if (model === 'offline' || model.startsWith('offline:')) return { price: offlineSimulatedPrice, known: true };
  // Models that run on the operator's own machine (Ollama, the built-in local llama.cpp server) bill nothing.
  if (model.startsWith('ollama:') || model.startsWith('local:')) return { price: zeroPrice, known: true };
  const price = providerPrices[model] ?? providerPrices[model.replace(snapshotSuffix, '')];
  return price === undefined ? { price: zeroPrice, known: false } : { price, known: true };
}

/** The priced model names, for documentation and `synthorg models`. */
export function pricedModels(): string[] {
  return Object.keys(providerPrices);
}
