import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { LocalModelError } from '../../src/llm/local-model/errors.ts';
import { ensureLocalEmbeddingServer, stopLocalEmbeddingServer } from '../../src/local-embedder/registry.ts';
import { startLocalEmbeddingServer } from '../../src/local-embedder/server.ts';
import { createEmbedder } from '../../src/memory/embedding/create-embedder.ts';
import type { Embedder } from '../../src/memory/embedding/embedder.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { remember } from '../../src/memory/memory-store.ts';
import { vectorOnlyWeights } from '../../src/memory/recall-weights.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { embeddingsPoster, expectTwoUnitVectors, startEmbedderDatabase, norm } from './helpers/embedding-wire.ts';
import { paraphraseSeparation } from './helpers/paraphrases.ts';

/**
 * The local real embedder: WordLlama installed from PyPI into the cache (the first run downloads it,
 * tens of seconds) and served by src/local-embedder/python/embedding_server.py (backend wordllama) over real HTTP.
 */
const config = loadConfig();
const localEmbedderWith = (configuration: typeof config, model = 'local:wordllama-256'): Embedder =>
  createEmbedder({ embeddingModel: model, languageModel: 'offline' }, configuration);
const localEmbedder = (model?: string) => localEmbedderWith(config, model);
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-local-embedder-'));
  await ensureLocalEmbeddingServer(config, (line) => process.stderr.write(`synthorg: ${line}\n`));
}, 900_000);

afterAll(async () => {
  await stopLocalEmbeddingServer();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Pids of the embedding servers this test process started and that still run (from /proc). */
async function embeddingServersOfThisProcess(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const parent = commandLine[commandLine.indexOf('--parent-pid') + 1];
    if (commandLine.some((part) => part.endsWith('embedding_server.py')) && parent === String(process.pid))
      if (!/^State:\s+Z/m.test(status)) pids.push(Number(entry));
  }
  return pids;
}

describe('the local embedding server', () => {
  it('serves OpenAI-compatible embeddings over HTTP: unit vectors of the model width, usage, clear errors', async () => {
    const server = await ensureLocalEmbeddingServer(config);
    const post = embeddingsPoster(server.baseURL);
    const reply = await expectTwoUnitVectors(post, 'wordllama-256', 256);
    expect(reply.usage.prompt_tokens).toBeGreaterThan(5);

    const narrow = (await (await post({ model: 'wordllama-64', input: 'The build server is in Oslo.' })).json()) as {
      data: { embedding: number[] }[];
    };
    expect(narrow.data[0]?.embedding).toHaveLength(64);

    const unknown = await post({ model: 'bert-large', input: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/unknown model 'bert-large'.*wordllama-256/);
    const bad = await post({ model: 'wordllama-256', input: [1, 2] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/input must be a string or a list of strings/);
  });

  it('embeds deterministically, whatever batch a text comes in', async () => {
    const embedder = localEmbedder();
    expect(embedder.model).toBe('local:wordllama-256');
    expect(embedder.offline).toBe(false);
    const text = 'Ingrid Salo leads the payments platform team.';
    const [alone] = await embedder.embed([text]);
    const batch = await embedder.embed([
      'A much longer sentence about something else entirely, to pad the batch.',
      text,
    ]);
    expect(alone).toHaveLength(256);
    expect(Array.from(batch[1] as Float32Array)).toEqual(Array.from(alone as Float32Array));
    expect(norm(alone as Float32Array)).toBeCloseTo(1, 5);
  });

  it('puts paraphrases nearer than unrelated sentences, which the offline embedder does not', async () => {
    const local = await paraphraseSeparation(localEmbedder());
    const offline = await paraphraseSeparation(createOfflineEmbedder());
    process.stderr.write(
      `paraphrase margin: local ${local.margin.toFixed(3)} (${local.nearest}/8 nearest), offline ${offline.margin.toFixed(3)} (${offline.nearest}/8)\n`,
    );
    expect(local.margin).toBeGreaterThan(0.2);
    expect(local.nearest).toBeGreaterThanOrEqual(6);
    // The same bar, failed by hashed n-grams: the test tells a model from word overlap.
    expect(offline.margin > 0.2 && offline.nearest >= 6).toBe(false);
  });

  it('starts a new server when the one in use was killed, with the same vectors', async () => {
    const embedder = localEmbedder();
    const text = 'The staging database is restored from backup every Sunday.';
    const [before] = await embedder.embed([text]);
    const killed = await ensureLocalEmbeddingServer(config);
    process.kill(killed.pid, 'SIGKILL');
    // Three calls find the server gone at once: one replacement serves them all.
    const after = await Promise.all([1, 2, 3].map(() => embedder.embed([text])));
    const replacement = await ensureLocalEmbeddingServer(config);
    expect(replacement.pid).not.toBe(killed.pid);
    expect(killed.running()).toBe(false);
    for (const [vector] of after)
      expect(Array.from(vector as Float32Array)).toEqual(Array.from(before as Float32Array));
    expect(await embeddingServersOfThisProcess()).toEqual([replacement.pid]);
  });

  it('fails clearly: an unknown model, no Python, an install without wordllama', async () => {
    expect(() => localEmbedder('local:minilm')).toThrow(LocalModelError);
    expect(() => localEmbedder('local:minilm')).toThrow(
      /use local:wordllama-256, local:wordllama-128, local:wordllama-64, local:minilm-l6/,
    );
    // Nothing installed in this cache and no Python to install with: the error says what to install.
    const noPython = { ...config, cacheDir: join(scratch, 'cache'), python: join(scratch, 'no-such-python') };
    await stopLocalEmbeddingServer();
    await expect(localEmbedderWith(noPython).embed(['x'])).rejects.toThrow(/need Python 3 with pip/);
    // A package directory without wordllama (a broken install): the server's own error comes back.
    await expect(
      startLocalEmbeddingServer({ python: 'python3', backend: 'wordllama', packageDirectories: [scratch] }),
    ).rejects.toThrow(/local embedding server stopped .*No module named/);
  });
});

describe('memory on the local embedder', () => {
  let database: MemoryTestDatabase;
  beforeAll(async () => {
    database = await startEmbedderDatabase();
  });
  afterAll(async () => database?.stop());

  it('remembers with 256-dimension vectors named by the model and recalls a paraphrased question', async () => {
    const context = await openMemoryContext(database.pool, localEmbedder());
    const notes = [
      'If anything breaks after dark, phone Dana Okafor, the on-call engineer.',
      'The quarterly sales figures rose sharply compared with last year.',
      'Our office cafeteria serves soup every Tuesday.',
      'The pager rota for the night shift is pinned on the kitchen door.',
      'Marek bought a new notebook computer for the design team.',
    ];
    const ids: number[] = [];
    for (const [index, content] of notes.entries()) {
      const written = await remember(context, {
        key: `local-embedder#${index}`,
        companyId: 'acme',
        scope: 'company',
        ownerId: 'acme',
        authorId: 'eng-1',
        content,
      });
      ids.push(written.id);
    }
    const { rows } = await database.pool.query<{ model: string; dimensions: number }>(
      'SELECT DISTINCT embedding_model AS model, vector_dims(embedding) AS dimensions FROM memories',
    );
    expect(rows).toEqual([{ model: 'local:wordllama-256', dimensions: 256 }]);
    const ledger = await database.pool.query<{ model: string; calls: string; tokens: string; cost: string }>(
      `SELECT model, count(*) AS calls, sum(input_tokens) AS tokens, sum(cost_usd) AS cost FROM ledger GROUP BY model`,
    );
    expect(ledger.rows).toEqual([
      { model: 'local:wordllama-256', calls: '5', tokens: expect.any(String), cost: '0.000000' },
    ]);
    expect(Number(ledger.rows[0]?.tokens)).toBeGreaterThan(30);
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
    expect(await asked('Who purchased a laptop?')).toEqual([ids[4]]);
    expect(await asked('Did revenue grow?')).toEqual([ids[1]]);
  });
});
