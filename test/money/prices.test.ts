import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { CompanyTemplate } from '../../src/config/template-schema.ts';
import { admits } from '../../src/db/spend-reservations.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { resolvePrice, UnpricedModelError } from '../../src/llm/price-policy.ts';
import { duoTemplate } from '../helpers/templates.ts';

describe('resolvePrice', () => {
  it('refuses a paid model nobody priced, naming both ways to price it', () => {
    expect(() => resolvePrice('openai-compatible:mystery')).toThrow(UnpricedModelError);
    expect(() => resolvePrice('openai:gpt-9-preview', {}, {})).toThrow(
      /company\.prices.*free: true.*SYNTHORG_MODEL_PRICES="openai:gpt-9-preview=<input>\/<output>"/,
    );
  });

  it('takes the template first, then the environment, then the built-in table', () => {
    const template = { 'openai-compatible:mystery': { inputPerMillion: 1, outputPerMillion: 2 } };
    const environment = { 'openai-compatible:mystery': { inputPerMillion: 9, outputPerMillion: 9 } };
    expect(resolvePrice('openai-compatible:mystery', template, environment)).toEqual({
      inputPerMillion: 1,
      outputPerMillion: 2,
    });
    expect(resolvePrice('openai-compatible:mystery', undefined, environment).inputPerMillion).toBe(9);
    expect(resolvePrice('openai-compatible:mystery', { 'openai-compatible:mystery': { free: true } })).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
    expect(resolvePrice('openai:gpt-4.1-mini')).toEqual({ inputPerMillion: 0.4, outputPerMillion: 1.6 });
  });

  it('counts local models as free', () => {
    expect(resolvePrice('ollama:llama3.2').outputPerMillion).toBe(0);
    expect(resolvePrice('local:smollm2-135m').outputPerMillion).toBe(0);
  });
});

describe('SYNTHORG_MODEL_PRICES', () => {
  it('parses prices and free models', () => {
    const config = loadConfig({ SYNTHORG_MODEL_PRICES: 'openai-compatible:qwen=0.2/0.6, openai-compatible:box=free' });
    expect(config.modelPrices).toEqual({
      'openai-compatible:qwen': { inputPerMillion: 0.2, outputPerMillion: 0.6 },
      'openai-compatible:box': { free: true },
    });
    expect(loadConfig({}).modelPrices).toEqual({});
  });

  it('rejects an entry it cannot read, saying the expected form', () => {
    expect(() => loadConfig({ SYNTHORG_MODEL_PRICES: 'qwen=cheap' })).toThrow(ConfigError);
    expect(() => loadConfig({ SYNTHORG_MODEL_PRICES: 'qwen=cheap' })).toThrow(/provider:model=<input>\/<output>/);
  });
});

describe('template prices and time zone', () => {
  it('carries them into the company snapshot', () => {
    const template = duoTemplate();
    const parsed = CompanyTemplate.parse({
      ...template,
      company: {
        ...template.company,
        timezone: 'Europe/Berlin',
        prices: { 'openai-compatible:box': { free: true } },
      },
    });
    const snapshot = snapshotFromTemplate('acme', parsed);
    expect(snapshot.timezone).toBe('Europe/Berlin');
    expect(snapshot.prices).toEqual({ 'openai-compatible:box': { free: true } });
  });

  it('rejects an unknown time zone and a price that is neither numbers nor free', () => {
    const template = duoTemplate();
    const bad = CompanyTemplate.safeParse({
      ...template,
      company: { ...template.company, timezone: 'Mars/Olympus', prices: { 'openai:x': { free: false } } },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(messages).toMatch(/company\.timezone: use an IANA time zone/);
    expect(messages).toMatch(/company\.prices\.openai:x/);
  });
});

describe('admits', () => {
  it('starts a call only when its maximum fits beside what is spent and held', () => {
    expect(admits({ spentUsd: 1, reservedUsd: 2, amountUsd: 2, limitUsd: 5 })).toBe(true);
    expect(admits({ spentUsd: 1, reservedUsd: 2, amountUsd: 2.000001, limitUsd: 5 })).toBe(false);
    // At the ceiling nothing starts, not even a free call.
    expect(admits({ spentUsd: 5, reservedUsd: 0, amountUsd: 0, limitUsd: 5 })).toBe(false);
  });
});
