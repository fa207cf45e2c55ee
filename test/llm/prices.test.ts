import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/domain/budget.ts';
import { offlineSimulatedPrice, pricedModels, priceFor } from '../../src/llm/prices.ts';

describe('priceFor', () => {
  it('knows the common OpenAI and Anthropic models', () => {
    expect(priceFor('openai:gpt-4.1-mini')).toEqual({
      price: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
      known: true,
    });
    expect(priceFor('openai:gpt-4o').price).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceFor('anthropic:claude-haiku-4-5').price).toEqual({ inputPerMillion: 1, outputPerMillion: 5 });
    for (const model of ['gpt-4.1', 'gpt-4.1-nano', 'gpt-4o-mini', 'o4-mini']) {
      expect(priceFor(`openai:${model}`).known).toBe(true);
    }
    for (const model of ['claude-sonnet-4-5', 'claude-opus-4-1'])
      expect(priceFor(`anthropic:${model}`).known).toBe(true);
  });

  it('prices dated snapshots like their alias', () => {
    expect(priceFor('openai:gpt-4.1-mini-2025-04-14')).toEqual(priceFor('openai:gpt-4.1-mini'));
    expect(priceFor('anthropic:claude-haiku-4-5-20251001')).toEqual(priceFor('anthropic:claude-haiku-4-5'));
    expect(priceFor('anthropic:claude-sonnet-4-20250514')).toEqual(priceFor('anthropic:claude-sonnet-4-0'));
  });

  it('gives the offline model its simulated price and local Ollama models zero', () => {
    expect(priceFor('offline')).toEqual({ price: offlineSimulatedPrice, known: true });
    expect(offlineSimulatedPrice.inputPerMillion).toBeGreaterThan(0);
    expect(priceFor('ollama:llama3.2')).toEqual({ price: { inputPerMillion: 0, outputPerMillion: 0 }, known: true });
  });

  it('returns zero and known: false for unknown models instead of throwing', () => {
    expect(priceFor('openai:gpt-99')).toEqual({ price: { inputPerMillion: 0, outputPerMillion: 0 }, known: false });
    expect(priceFor('openai-compatible:qwen')).toEqual({
      price: { inputPerMillion: 0, outputPerMillion: 0 },
      known: false,
    });
    expect(priceFor('gpt-4.1-mini').known).toBe(false);
  });

  it('gives every table entry a positive price with output not cheaper than input (embeddings: input only)', () => {
    const models = pricedModels();
    expect(models.length).toBeGreaterThanOrEqual(10);
    for (const model of models) {
      const { price } = priceFor(model);
      expect(price.inputPerMillion, model).toBeGreaterThan(0);
      // Embedding models produce no tokens: they bill input only.
      if (model.includes('embedding')) expect(price.outputPerMillion, model).toBe(0);
      else expect(price.outputPerMillion, model).toBeGreaterThanOrEqual(price.inputPerMillion);
    }
  });

  it('yields the cost the budget arithmetic expects', () => {
    // 1M input at $0.40 + 500k output at $1.60 = $1.20
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 500_000 }, priceFor('openai:gpt-4.1-mini').price)).toBe(1.2);
  });
});
