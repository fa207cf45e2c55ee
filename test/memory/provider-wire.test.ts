import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { createAiSdkEmbedder } from '../../src/memory/embedding/ai-sdk-embedder.ts';
import { cosine } from '../../src/memory/embedding/embedder.ts';
import { createModelLanguage } from '../../src/memory/language.ts';
import { loadMemoryConfig } from '../../src/memory/memory-config.ts';

/**
 * The provider paths of memory against a local server speaking the OpenAI wire format:
 * `/v1/embeddings` for the AI SDK embedder, `/v1/chat/completions` for graph extraction and summaries.
 */
describe('memory on an OpenAI-compatible provider', () => {
  let server: Server;
  let baseURL: string;
  const seen: { url: string; body: { model?: string; input?: string[] } }[] = [];
  let chatReply = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        const body = JSON.parse(raw || '{}') as { model?: string; input?: string[] };
        seen.push({ url: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' });
        if (request.url === '/v1/embeddings') {
          // Unnormalised vectors from the text length and vowels: the embedder must normalise them.
          const data = (body.input ?? []).map((text, index) => ({
            object: 'embedding',
            index,
            embedding: [text.length, (text.match(/[aeiou]/g) ?? []).length, 3],
          }));
          response.end(
            JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 4, total_tokens: 4 } }),
          );
          return;
        }
        response.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1_700_000_000,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: chatReply }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
          }),
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // Priced by configuration: a paid model with no known price is refused before it spends.
  const config = () =>
    loadConfig({
      SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
      SYNTHORG_MODEL_PRICES: 'openai-compatible:chat-small=1/2',
    });

  it('embeds through the AI SDK and normalises the vectors', async () => {
    const embedder = createAiSdkEmbedder('openai-compatible:embed-small', config());
    const [first, second] = await embedder.embed(['short', 'a much longer text about databases']);
    expect(embedder.offline).toBe(false);
    expect(cosine(first as Float32Array, first as Float32Array)).toBeCloseTo(1, 5);
    expect(second?.length).toBe(3);
    expect(seen.at(-1)).toEqual({
      url: '/v1/embeddings',
      body: expect.objectContaining({ model: 'embed-small', input: ['short', 'a much longer text about databases'] }),
    });
  });

  it('extracts a graph with the model, and falls back to the offline extractor on unusable output', async () => {
    // Priced by configuration: an unpriced paid model is refused before it spends.
    const language = createModelLanguage(
      'openai-compatible:chat-small',
      loadConfig({
        SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
        SYNTHORG_MODEL_PRICES: 'openai-compatible:chat-small=1/2',
      }),
    );
    chatReply =
      '```json\n{"entities":[{"name":"Atlas","kind":"system"},{"name":"Team Nimbus","kind":"team"}],' +
      '"relations":[{"source":"Team Nimbus","relation":"owns","target":"Atlas"}]}\n```';
    const extracted = await language.extractGraph('Team Nimbus runs the thing called Atlas.');
    expect(extracted.extractor).toBe('llm:openai-compatible:chat-small');
    expect(extracted.extraction.relations).toEqual([{ source: 'Team Nimbus', relation: 'owns', target: 'Atlas' }]);
    expect(extracted.spend).toMatchObject({ offline: false, inputTokens: 120, outputTokens: 30, costUsd: 0.00018 });

    chatReply = 'I cannot do that.';
    const fallback = await language.extractGraph('Project Falcon depends on the Zephyr Database.');
    expect(fallback.extractor).toBe('offline');
    expect(fallback.extraction.relations).toEqual([
      { source: 'Project Falcon', relation: 'depends on', target: 'Zephyr Database' },
    ]);

    chatReply = 'The team moved Atlas to Oslo and kept Nimbus on call.';
    const summary = await language.summarize(['a', 'b'], 'test', 200);
    expect(summary.text).toBe('The team moved Atlas to Oslo and kept Nimbus on call.');
  });

  it('asks the model for typed relations and types its free-form labels like the offline extractor', async () => {
    const language = createModelLanguage('openai-compatible:chat-small', config());
    chatReply = JSON.stringify({
      entities: [
        { name: 'Project Kite', kind: 'project' },
        { name: 'Acme Logistics', kind: 'organisation' },
        { name: '3 May 2027', kind: 'date' },
        { name: 'Dora Weber', kind: 'person' },
      ],
      relations: [
        { source: 'Project Kite', relation: 'is contracted to', target: 'Acme Logistics' },
        { source: 'Acme Logistics', relation: 'renews on', target: '3 May 2027' },
        { source: 'Dora Weber', relation: 'Heads', target: 'Project Kite' },
        { source: 'Dora Weber', relation: 'had lunch with', target: 'Acme Logistics' },
      ],
    });
    const extracted = await language.extractGraph(
      'Dora Weber heads Project Kite, which is contracted to Acme Logistics until it renews on 3 May 2027.',
    );
    expect(extracted.extractor).toBe('llm:openai-compatible:chat-small');
    expect(extracted.extraction.relations.map((relation) => relation.relation)).toEqual([
      'uses',
      'renews on',
      'leads',
      'had lunch with',
    ]);
    const request = JSON.stringify(seen.at(-1)?.body);
    expect(request).toContain('renews on');
    expect(request).toContain('reports to');
  });

  it('gives a value the model named its value kind, listed or only a relation end, so value questions find it', async () => {
    const language = createModelLanguage('openai-compatible:chat-small', config());
    chatReply = JSON.stringify({
      entities: [
        { name: 'Orbis Payments', kind: 'organisation' },
        { name: '0161 601 9470', kind: 'thing' },
        { name: 'Fri 02:00–06:00', kind: 'date' },
      ],
      relations: [
        { source: 'Orbis Payments', relation: 'support line', target: '0161 601 9470' },
        { source: 'Orbis Payments', relation: 'settles in', target: 'Fri 02:00–06:00' },
        { source: 'Orbis Payments', relation: 'takes a fee of', target: '1.5%' },
      ],
    });
    const extracted = await language.extractGraph(
      'Orbis Payments answers on 0161 601 9470, settles Fri 02:00–06:00 and takes 1.5%.',
    );
    expect(extracted.extraction.entities).toEqual([
      { name: 'Orbis Payments', kind: 'organisation' },
      { name: '0161 601 9470', kind: 'phone' },
      { name: 'Fri 02:00–06:00', kind: 'time window' },
      { name: '1.5%', kind: 'percentage' },
    ]);
  });

  it('picks embedding and memory models from the environment', () => {
    const base = loadConfig({ OPENAI_API_KEY: 'sk-test', SYNTHORG_MODEL: 'openai:gpt-4.1-mini' });
    expect(loadMemoryConfig(base)).toEqual({
      embeddingModel: 'openai:text-embedding-3-small',
      languageModel: 'openai:gpt-4.1-mini',
    });
    expect(loadMemoryConfig(loadConfig({}))).toEqual({ embeddingModel: 'offline', languageModel: 'offline' });
    const chosen = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      SYNTHORG_MODEL: 'openai:gpt-4.1-mini',
      SYNTHORG_EMBEDDING_MODEL: 'offline',
      SYNTHORG_MEMORY_MODEL: 'offline',
    });
    expect(loadMemoryConfig(chosen)).toEqual({
      embeddingModel: 'offline',
      languageModel: 'offline',
    });
    expect(() => createAiSdkEmbedder('anthropic:claude-haiku-4-5', loadConfig({ ANTHROPIC_API_KEY: 'x' }))).toThrow(
      /no embedding model/,
    );
  });
});
