import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { recallGuard } from '../../src/memory/recall-guard.ts';
import { vectorOnlyWeights } from '../../src/memory/recall-weights.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * A family whose graph paths are weak (twenty-first round, src/memory/recall-guard.ts): the project the question
 * names appears in log lines of a shape the extractor does not know, beside names that co-occur with it and say
 * nothing of the asked relation, while the note that answers never names the project. The walk credits every log
 * line; vector recall ranks the answer first. Written for the test, not taken from a family.
 */
const notes = [
  ...['Tallinn Office', 'Fiona Zielinski', 'Pinnacle Payroll', 'Cobalt Print', 'Lumen Hosting', 'Orchard Telecom'].map(
    (name, index) => ({
      key: `log-${index}`,
      content: `Granite Refresh · ${name} — ${['planning call moved', 'status notes filed', 'second signature needed', 'risk log updated', 'budget line reviewed', 'kickoff slides archived'][index]}.`,
    }),
  ),
  {
    key: 'answer',
    content: 'Freight courier for the refresh work: Acme Couriers carry it, booked by the granite team.',
  },
  ...['Heron Depot', 'Linnet Ward', 'Marlow Analytics', 'Kestrel Security'].map((name, index) => ({
    key: `other-${index}`,
    content: `${name} · Quinlan Audit — ${['keys in the drop box', 'rota pinned by the door', 'invoice queried', 'badge reader fixed'][index]}.`,
  })),
];
const question = 'Which courier carries the freight for Granite Refresh?';

describe('the recall guard where the walk only meets co-occurrence (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const original = { ...recallGuard };
  const top = async (options: object = {}) => {
    const { memories } = await recall(context, {
      companyId: 'weak',
      viewer: { kind: 'operator' },
      query: question,
      limit: 5,
      ...options,
    });
    return memories.map((memory) => notes.find((note) => note.content === memory.content)?.key);
  };

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'weak', notes, 'test');
  });
  afterEach(() => {
    Object.assign(recallGuard, original);
  });
  afterAll(async () => database?.stop());

  it("loses vector recall's best to the log lines without the guard", async () => {
    Object.assign(recallGuard, { mode: 'off' });
    expect((await top({ hops: 0, weights: vectorOnlyWeights }))[0]).toBe('answer');
    expect(await top()).not.toContain('answer');
  });

  it("lets vector recall's best into the top 5 with the guard", async () => {
    Object.assign(recallGuard, { mode: 'reserve', fallback: 'vector', threshold: 0.5, slots: 1 });
    const keys = await top();
    expect(keys).toContain('answer');
    expect(keys.filter((key) => key?.startsWith('log-'))).toHaveLength(4);
  });
});
