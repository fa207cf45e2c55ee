import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractionRow, startBenchExtractor } from '../../bench/llm-extraction.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { loadConfig } from '../../src/config/env.ts';
import { ensureLocalModel, stopLocalModels } from '../../src/llm/local-model/registry.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { schemaExtraction } from '../../src/memory/graph/model-extraction.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { localTestModel, localTestModelOptions, logLine } from '../helpers/local-model.ts';
import type { MemoryTestDatabase } from '../memory/helpers/databases.ts';
import { startPgliteDatabase } from '../memory/helpers/databases.ts';

/** Notes written for this test, in three shapes: a sentence, a ticket line, a chat line. */
const notes = [
  { key: 'lead', content: 'Priya Raman leads the Atlas project.' },
  {
    key: 'ticket',
    content: 'OPS-112 · Atlas deploys fail · Resolved. Root cause: the Atlas project uses Northwind Cloud.',
  },
  { key: 'chat', content: '09:14 dana: Northwind Cloud renews its contract on 3 May 2027.' },
];

const config = loadConfig();
let database: MemoryTestDatabase;

beforeAll(async () => {
  database = await startPgliteDatabase({ vector: true });
  await ensureLocalModel(localTestModel.slice('local:'.length), config, logLine, localTestModelOptions);
}, 900_000);
afterAll(async () => {
  await stopLocalModels();
  await database?.stop();
});

/** Each note's graph as stored: its extractor and the names of the entities it mentions. */
async function storedGraphs(companyId: string) {
  const { rows } = await database.pool.query<{ key: string; content: string; extractor: string; names: string[] }>(
    `SELECT substr(m.memory_key, length($1) + 2) AS key, m.content, m.graph_extractor AS extractor,
            coalesce(array_agg(e.name) FILTER (WHERE e.id IS NOT NULL), '{}') AS names
       FROM memories m LEFT JOIN memory_mentions x ON x.memory_id = m.id LEFT JOIN memory_entities e ON e.id = x.entity_id
      WHERE m.company_id = $1 GROUP BY m.id ORDER BY m.id`,
    [companyId],
  );
  return rows;
}

/** The notes stored as `companyId`'s memories, then their graphs asked of the model (merged with the offline ones or not). */
async function extractNotes(companyId: string, merge: boolean) {
  const context = await openMemoryContext(database.pool, createOfflineEmbedder());
  await rememberNotes(context, companyId, notes, 'test');
  const extractor = await startBenchExtractor({ model: localTestModel, merge, request: schemaExtraction }, config, {
    total: notes.length,
    log: logLine,
  });
  await extractor.extractCompany(database.pool, companyId);
  return extractor;
}

describe('graph extraction by the local real model (SmolLM2-135M on llama.cpp, over HTTP)', () => {
  it("stores the model's grounded graph in place of the offline one, counting the offline fallback apart", async () => {
    const extractor = await extractNotes('extraction-replace', false);
    logLine(extractionRow('test', extractor).join(' | '));
    const { counts } = extractor;
    expect(counts.notes).toBe(notes.length);
    expect(counts.errors).toBe(0);
    expect(counts.llm + counts.fallback).toBe(notes.length);
    // The schema request is what makes the 135M model's replies parse: most notes get the model's graph.
    expect(counts.llm).toBeGreaterThanOrEqual(2);
    expect(counts.outputTokens).toBeGreaterThan(0);
    const graphs = await storedGraphs('extraction-replace');
    expect(graphs.filter((graph) => graph.extractor === `llm:${localTestModel}`)).toHaveLength(counts.llm);
    expect(graphs.filter((graph) => graph.extractor === 'offline')).toHaveLength(counts.fallback);
    for (const graph of graphs.filter((graph) => graph.extractor !== 'offline')) {
      // Grounded: every entity the model's graph mentions is named in the note itself.
      for (const name of graph.names)
        expect(` ${normalizeEntityName(graph.content)} `).toContain(` ${normalizeEntityName(name)} `);
    }
  }, 600_000);

  it("merged with the offline extractor, each note keeps the offline extractor's entities beside the model's", async () => {
    const extractor = await extractNotes('extraction-merge', true);
    expect(extractor.counts.llm).toBeGreaterThanOrEqual(2);
    for (const graph of await storedGraphs('extraction-merge')) {
      if (graph.extractor === 'offline') continue;
      expect(graph.extractor).toBe(`llm:${localTestModel}+offline`);
      const names = new Set(graph.names.map(normalizeEntityName));
      for (const entity of extractGraphOffline(graph.content).entities)
        expect(names).toContain(normalizeEntityName(entity.name));
    }
  }, 600_000);
});
