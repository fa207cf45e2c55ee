import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { loadConfig } from '../../src/config/env.ts';
import { stopLocalEmbeddingServer } from '../../src/local-embedder/registry.ts';
import { createEmbedder } from '../../src/memory/embedding/create-embedder.ts';
import type { Embedder } from '../../src/memory/embedding/embedder.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { meaningHops } from '../../src/memory/graph/meaning-hops.ts';
import { answerHop } from '../../src/memory/graph/answer-hop.ts';
import { meaningWeights } from '../../src/memory/graph/meaning-levers.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The relation walk's meaning levers (src/memory/graph/meaning-levers.ts, eleventh round) on a graph
 * written for this test: the true chain paraphrases the question ("skippers" for "sails", "patches the
 * hull of" for "repairs"), the look-alike is a chain of the same shape through chance relations
 * (photographed, wrote a song about) ending at a person too. No note says a word of the question's relations, so
 * word share and relation types tie the two chains; only a judge of meaning tells them apart. With a
 * sentence encoder (`local:minilm-l6`) the levers put the true answer above the look-alike; turned off,
 * it is not; with the offline embedder they are not used at all.
 */
const notes = {
  skippers: 'Ilsa Varn skippers the Marlin Dawn every weekend.',
  answer: 'Tomas Reyle patches the hull of the Marlin Dawn.',
  photographed: 'Ilsa Varn photographed the Kestrel Bay for a calendar.',
  lookAlike: 'Oskar Lund wrote a song about the Kestrel Bay.',
};
const question = 'Who repairs the boat that Ilsa Varn sails?';
const off = { relevance: 0, hopAlignment: 0, answerAlignment: 0 };

interface Graph {
  database: MemoryTestDatabase;
  context: MemoryContext;
  idOf: Map<string, number>;
}

async function graphOn(embedder: Embedder): Promise<Graph> {
  const database = await startPgliteDatabase({ vector: true });
  const context = await openMemoryContext(database.pool, embedder);
  const entries = Object.entries(notes).map(([key, content]) => ({ key, content }));
  await rememberNotes(context, 'boats', entries, 'test');
  const { rows } = await database.pool.query<{ id: string; memory_key: string }>(
    'SELECT id, memory_key FROM memories WHERE company_id = $1',
    ['boats'],
  );
  return {
    database,
    context,
    idOf: new Map(rows.map((row) => [row.memory_key.slice('boats/'.length), Number(row.id)])),
  };
}

/** The graph walk's signal of each note in recall (the default walk, three relations), with `levers` in force. */
async function scores(graph: Graph, levers: Partial<typeof meaningWeights>, judge: Partial<typeof answerHop> = {}) {
  const saved = { ...meaningWeights };
  const savedJudge = { ...answerHop };
  Object.assign(meaningWeights, levers);
  Object.assign(answerHop, judge);
  try {
    const { memories } = await recall(graph.context, {
      companyId: 'boats',
      viewer: { kind: 'operator' },
      query: question,
      limit: 4,
      hops: 3,
      now: new Date('2031-01-01T00:00:00Z'),
    });
    expect(memories).toHaveLength(4);
    return (key: keyof typeof notes) =>
      memories.find((memory) => memory.id === graph.idOf.get(key))?.signals.graph ?? 0;
  } finally {
    Object.assign(meaningWeights, saved);
    Object.assign(answerHop, savedJudge);
  }
}

/** Runs `read` with the step judge (meaning-hops.ts) off, restoring it after. */
async function withoutStepJudge<T>(read: () => Promise<T>): Promise<T> {
  const saved = meaningHops.matched;
  meaningHops.matched = 1;
  try {
    return await read();
  } finally {
    meaningHops.matched = saved;
  }
}

describe('the relation walk judged by meaning (PGlite + pgvector)', () => {
  let sentence: Graph;
  let offline: Graph;
  beforeAll(async () => {
    sentence = await graphOn(
      createEmbedder({ embeddingModel: 'local:minilm-l6', languageModel: 'offline' }, loadConfig()),
    );
    offline = await graphOn(createOfflineEmbedder());
  }, 900_000);
  afterAll(async () => {
    await sentence?.database.stop();
    await offline?.database.stop();
    await stopLocalEmbeddingServer();
  });

  it('ranks the paraphrased chain’s answer above the look-alike with the sentence encoder’s levers on', async () => {
    expect(Object.values({ ...meaningWeights, floor: 0 }).some((weight) => weight > 0)).toBe(true);
    const score = await scores(sentence, {});
    expect(score('answer')).toBeGreaterThan(score('lookAlike'));
  });

  it('does not, with the levers off: words and relation types alone tie the two chains', async () => {
    // The answer hop (answer-hop.ts, sixteenth round) and the step judge (meaning-hops.ts, nineteenth round) are
    // levers of the sentence encoder too: off here.
    const score = await withoutStepJudge(() => scores(sentence, off, { exponent: 0 }));
    expect(score('lookAlike')).toBeGreaterThanOrEqual(score('answer'));
  });

  it('ranks it above with the answer hop alone: the answer note nearer the last relation than the look-alike’s', async () => {
    const score = await withoutStepJudge(() => scores(sentence, off));
    expect(score('answer')).toBeGreaterThan(score('lookAlike'));
  });

  it('leaves the offline embedder’s ranking as it was: the levers need a paraphrase-aware embedder', async () => {
    const on = await scores(offline, {});
    const without = await scores(offline, off);
    for (const key of Object.keys(notes) as (keyof typeof notes)[]) expect(on(key)).toBe(without(key));
    expect(on('lookAlike')).toBeGreaterThanOrEqual(on('answer'));
  });
});
