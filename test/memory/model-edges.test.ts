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

/** Recorded replies of the real local:qwen2.5-coder-0.5b to the tuning family tickets, seed 1 (see its `about`). */
const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/model-replies/qwen-tickets-seed1.json', import.meta.url), 'utf8'),
) as { replies: Record<string, GraphExtraction> };
const tickets = tuningFamilies([1]).find(([name]) => name === 'tickets')?.[1][0];

let database: MemoryTestDatabase;
let context: MemoryContext;
beforeAll(async () => {
  database = await startPgliteDatabase({ vector: true });
  context = await openMemoryContext(database.pool, createOfflineEmbedder());
}, 120_000);
afterAll(async () => {
  await database?.stop();
});

/** Stores the family with the offline graph, then (given a policy's arm) each note's merged graph; answers@5. */
async function answers(companyId: string, merged: boolean): Promise<number> {
  if (tickets === undefined) throw new Error('no tickets family');
  await rememberNotes(context, companyId, tickets.memories, 'test');
  if (merged) {
    const { rows } = await database.pool.query<{ id: string; content: string }>(
      'SELECT id, content FROM memories WHERE company_id = $1 ORDER BY id',
      [companyId],
    );
    for (const row of rows) {
      const reply = recorded.replies[row.content];
      if (reply === undefined) continue;
      const graph = modelGraph(row.content, reply, extractGraphOffline(row.content), benchEdgePolicy(true, ''));
      await inTransaction(database.pool, (client) =>
        saveExtraction(client, companyId, Number(row.id), graph, 'llm:local:qwen2.5-coder-0.5b+offline'),
      );
    }
  }
  return (await scoreQuestions(context, companyId, tickets.questions, {})).answers;
}

describe("the real model's relations merged with the offline graph (recorded replies, tuning family tickets)", () => {
  it('stores them as model links beside the offline relations, which keep their labels', () => {
    const text = 'Root cause of tkt-4426: a bad config push to ledger-sync.';
    const model = recorded.replies[text] as GraphExtraction;
    expect(model.relations.map((relation) => relation.relation)).toEqual(['depends on']);
    const offline = extractGraphOffline(text);
    const graph = modelGraph(text, model, offline, benchEdgePolicy(true, ''));
    expect(graph.relations).toEqual([
      ...offline.relations,
      { source: 'tkt-4426', relation: modelLinkLabel, target: 'ledger-sync' },
    ]);
  });

  it('finds every answer the offline graph finds (with their stated labels 13)', async () => {
    expect(Object.keys(recorded.replies)).toHaveLength(98);
    const offline = await answers('tickets-offline', false);
    expect(offline).toBe(22);
    const merged = await answers('tickets-merged', true);
    const { rows } = await database.pool.query<{ links: string }>(
      `SELECT count(*) AS links FROM memory_relations WHERE company_id = 'tickets-merged' AND relation = $1`,
      [modelLinkLabel],
    );
    expect(Number(rows[0]?.links)).toBeGreaterThan(100);
    expect(merged).toBeGreaterThanOrEqual(offline);
  }, 300_000);
});
