import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractionRow } from '../../bench/llm-extraction.ts';
import { loadConfig } from '../../src/config/env.ts';
import { stopLocalModels } from '../../src/llm/local-model/registry.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { localTestModel, logLine, startBesideModel } from '../helpers/local-model.ts';
import { extractNotes as extractNotesWith, namedIn, storedGraphs } from '../helpers/local-model-extraction.ts';
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
  await startBesideModel(localTestModel, config, [
    startPgliteDatabase({ vector: true }).then((started) => (database = started)),
  ]);
}, 900_000);
afterAll(async () => {
  await stopLocalModels();
  await database?.stop();
});

const extractNotes = (companyId: string, merge: boolean) =>
  extractNotesWith(database.pool, config, { model: localTestModel, companyId, notes, merge });

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
    const graphs = await storedGraphs(database.pool, 'extraction-replace');
    expect(graphs.filter((graph) => graph.extractor === `llm:${localTestModel}`)).toHaveLength(counts.llm);
    expect(graphs.filter((graph) => graph.extractor === 'offline')).toHaveLength(counts.fallback);
    for (const graph of graphs.filter((graph) => graph.extractor !== 'offline')) {
      // Grounded: every entity the model's graph mentions is named in the note itself.
      for (const name of graph.names) expect(namedIn(graph.content, name), name).toBe(true);
    }
  }, 600_000);

  it("merged with the offline extractor, each note keeps the offline extractor's entities beside the model's", async () => {
    const extractor = await extractNotes('extraction-merge', true);
    expect(extractor.counts.llm).toBeGreaterThanOrEqual(2);
    for (const graph of await storedGraphs(database.pool, 'extraction-merge')) {
      if (graph.extractor === 'offline') continue;
      expect(graph.extractor).toBe(`llm:${localTestModel}+offline`);
      const names = new Set(graph.names.map(normalizeEntityName));
      for (const entity of extractGraphOffline(graph.content).entities)
        expect(names).toContain(normalizeEntityName(entity.name));
    }
  }, 600_000);
});
