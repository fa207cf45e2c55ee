import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { languageModelFor, ProviderConfigError } from '../../src/llm/providers.ts';
import { parseModelName, resolveModelName, UnknownModelError } from '../../src/llm/model-names.ts';

describe('parseModelName', () => {
  it('splits provider and model id at the first colon', () => {
    expect(parseModelName('openai:gpt-4.1-mini')).toEqual({ provider: 'openai', modelId: 'gpt-4.1-mini' });
    expect(parseModelName('anthropic:claude-haiku-4-5')).toEqual({
      provider: 'anthropic',
      modelId: 'claude-haiku-4-5',
    });
    expect(parseModelName('ollama:llama3.2:3b')).toEqual({ provider: 'ollama', modelId: 'llama3.2:3b' });
    expect(parseModelName('openai-compatible:qwen2.5')).toEqual({ provider: 'openai-compatible', modelId: 'qwen2.5' });
    expect(parseModelName('offline')).toEqual({ provider: 'offline', modelId: 'offline' });
  });

  it('names the unknown provider and the known ones', () => {
    expect(() => parseModelName('mistral:large')).toThrow(UnknownModelError);
    expect(() => parseModelName('mistral:large')).toThrow(/unknown model provider "mistral".*openai, anthropic/);
  });

  it('rejects malformed names and unresolved "default"', () => {
    expect(() => parseModelName('gpt-4.1')).toThrow(/provider:model/);
    expect(() => parseModelName('openai:')).toThrow(/names no model/);
    expect(() => parseModelName('default')).toThrow(/resolveModelName/);
  });
});

describe('resolveModelName', () => {
  it('prefers SYNTHORG_MODEL, then OpenAI, then Anthropic, then offline', () => {
    const both = { OPENAI_API_KEY: 'o', ANTHROPIC_API_KEY: 'a' };
    expect(resolveModelName('default', loadConfig({ ...both, SYNTHORG_MODEL: 'ollama:llama3.2' }))).toBe(
      'ollama:llama3.2',
    );
    expect(resolveModelName('default', loadConfig(both))).toBe('openai:gpt-4.1-mini');
    const anthropicOnly = resolveModelName('default', loadConfig({ ANTHROPIC_API_KEY: 'a' }));
    expect(anthropicOnly).toMatch(/^anthropic:claude-haiku-/);
    expect(resolveModelName('default', loadConfig({}))).toBe('offline');
  });

  it('leaves explicit names alone', () => {
    expect(resolveModelName('anthropic:claude-opus-4-1', loadConfig({ OPENAI_API_KEY: 'o' }))).toBe(
      'anthropic:claude-opus-4-1',
    );
  });
});

describe('languageModelFor', () => {
  it('builds models for configured providers', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'o',
      ANTHROPIC_API_KEY: 'a',
      SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    const openai = languageModelFor('openai:gpt-4.1-mini', config);
    expect(typeof openai === 'object' && openai.modelId).toBe('gpt-4.1-mini');
    expect(typeof openai === 'object' && openai.provider).toBe('openai.chat');
    const anthropic = languageModelFor('anthropic:claude-haiku-4-5', config);
    expect(typeof anthropic === 'object' && anthropic.provider).toMatch(/^anthropic/);
    const ollama = languageModelFor('ollama:llama3.2', config);
    expect(typeof ollama === 'object' && ollama.provider).toMatch(/^ollama/);
    const compatible = languageModelFor('openai-compatible:qwen', config);
    expect(typeof compatible === 'object' && compatible.modelId).toBe('qwen');
  });

  it('fails up front naming the missing variable', () => {
    const empty = loadConfig({});
    expect(() => languageModelFor('openai:gpt-4.1-mini', empty)).toThrow(ProviderConfigError);
    expect(() => languageModelFor('openai:gpt-4.1-mini', empty)).toThrow(/OPENAI_API_KEY/);
    expect(() => languageModelFor('anthropic:claude-haiku-4-5', empty)).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => languageModelFor('openai-compatible:qwen', empty)).toThrow(/SYNTHORG_OPENAI_COMPATIBLE_BASE_URL/);
    expect(() => languageModelFor('default', empty)).toThrow(/offline model is a built-in simulator/);
  });
});
