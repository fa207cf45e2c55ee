import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchEdgePolicy } from '../../bench/llm-extraction.ts';
import { rememberNotes, scoreQuestions } from '../../bench/multi-hop-evaluation.ts';
import { tuningFamilies } from '../../bench/tuning-families.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { GraphExtraction } from '../../src/memory/graph/extraction.ts';
import { saveExtraction } from '../../src/memory/graph/graph-store.ts';
import { modelGraph, modelLinkLabel } from '../../src/memory/graph/model-edges.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { inTransaction } from '../../src/memory/sql.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/** Recorded replies of the real local:qwen2.5-coder-0.5b to a tuning family's notes, seed 1 (see each file's `about`). */
const recorded = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../fixtures/model-replies/qwen-${name}-seed1.json`, import.meta.url), 'utf8')) as {
      replies: Record<string, GraphExtraction>;
    }
  ).replies;
const families = new Map(tuningFamilies([1]).map(([name, sets]) => [name, sets[0]]));

let database: MemoryTestDatabase;
let context: MemoryContext;
beforeAll(async () => {
  database = await startPgliteDatabase({ vector: true });
  context = await openMemoryContext(database.pool, createOfflineEmbedder());
}, 120_000);
afterAll(async () => {
  await database?.stop();
});

/** Stores a family with the offline graph, then (merged) each note's graph merged with the model's; answers@5. */
async function answers(name: string, merged: boolean): Promise<number> {
  const family = families.get(name);
  if (family === undefined) throw new Error(`no family ${name}`);
  const companyId = `${name}-${merged ? 'merged' : 'offline'}`;
  const replies = recorded(name);
  expect(Object.keys(replies).length).toBeGreaterThanOrEqual(98);
  await rememberNotes(context, companyId, family.memories, 'test');
  if (merged) {
    const { rows } = await database.pool.query<{ id: string; content: string }>(
      'SELECT id, content FROM memories WHERE company_id = $1 ORDER BY id',
      [companyId],
    );
    for (const row of rows) {
      const reply = replies[row.content];
      if (reply === undefined) continue;
      const graph = modelGraph(row.content, reply, extractGraphOffline(row.content), benchEdgePolicy(true, ''));
      await inTransaction(database.pool, (client) =>
        saveExtraction(client, companyId, Number(row.id), graph, 'llm:local:qwen2.5-coder-0.5b+offline'),
      );
    }
  }
  return (await scoreQuestions(context, companyId, family.questions, {})).answers;
}

describe("the real model's relations merged with the offline graph (recorded replies, tuning families)", () => {
  it('stores them as model links beside the offline relations, only between names the offline graph does not relate', () => {
    const replies = recorded('tickets');
    const policy = benchEdgePolicy(true, '');
    // The model's "leads" and "uses" between the filer and the component, which the offline graph links only through
    // the ticket: kept as links, their labels dropped.
    const filed = 'Tabitha Tremblay filed tkt-9283; the failing component turned out to be invoice-relay.';
    const offline = extractGraphOffline(filed);
    expect(modelGraph(filed, replies[filed] as GraphExtraction, offline, policy).relations).toEqual([
      ...offline.relations,
      { source: 'Tabitha Tremblay', relation: modelLinkLabel, target: 'Invoice-relay' },
      { source: 'Invoice-relay', relation: modelLinkLabel, target: 'Tabitha Tremblay' },
    ]);
    // Both tickets are related by the offline graph already: the model's "depends on" beside it is not stored.
    const merged = 'tkt-3810 reports the same fault as tkt-2807, so it was merged there.';
    const stated = extractGraphOffline(merged);
    expect(modelGraph(merged, replies[merged] as GraphExtraction, stated, policy).relations).toEqual(stated.relations);
  });

  it('answers more than the offline graph on tickets and vending together (stated labels: 39 of 72)', async () => {
    let offline = 0;
    let merged = 0;
    for (const name of ['tickets', 'vending']) {
      offline += await answers(name, false);
      merged += await answers(name, true);
    }
    const { rows } = await database.pool.query<{ links: string }>(
      `SELECT count(*) AS links FROM memory_relations WHERE company_id LIKE '%-merged' AND relation = $1`,
      [modelLinkLabel],
    );
    expect(Number(rows[0]?.links)).toBeGreaterThan(100);
    // Offline: tickets 18 + 4, vending 24 + 3 (two-hop + three-hop); merged as tuned: 18 + 3 and 24 + 7.
    expect(offline).toBe(49);
    expect(merged).toBeGreaterThanOrEqual(offline + 3);
  }, 600_000);
});
