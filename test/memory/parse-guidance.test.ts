import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphOnly } from '../../bench/stored-family.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { saveExtraction } from '../../src/memory/graph/graph-store.ts';
import { guideQuestion, parseGuidance } from '../../src/memory/graph/parse-guidance.ts';
import { extractGraphFromParse, parserExtraction } from '../../src/memory/graph/parser-extraction.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { questionRelations } from '../../src/memory/graph/question-relations.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { inTransaction } from '../../src/memory/sql.ts';
import { ensureCoreNlpServer, stopCoreNlpServers } from '../../src/memory/parser/corenlp-registry.ts';
import type { CoreNlpServer } from '../../src/memory/parser/corenlp-server.ts';
import { logLine } from '../helpers/local-model.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The walk guided by the question's parse (thirty-fifth round) against a real CoreNLP server, one start for the file
 * (installed on first use, as test/memory/parser-extraction.test.ts). One note says how a person stands to two
 * projects, in verbs no lexicon of ours lists ("mentored", "audited"); each project has its own paper supplier. Both
 * questions' chains leave the person through the same note, so the note's words cannot tell them apart: only the
 * label of each relation, matched against the lemmas the question's parse gives, can.
 */
const notes = [
  { key: 'roles', content: 'Orla Penhallow mentored Quill Atlas and audited Brisk Harbour.' },
  { key: 'paper-0', content: 'Tamsin Lowry supplies paper to Quill Atlas.' },
  { key: 'paper-1', content: 'Dorian Vance supplies paper to Brisk Harbour.' },
];
const companyId = 'parse-guidance';
const mentored = 'Who supplies paper to the project that Orla Penhallow mentored?';
const audited = 'Who supplies paper to the project that Orla Penhallow audited?';

describe('a walk guided by the question’s parse', () => {
  let server: CoreNlpServer;
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const mode = parseGuidance.mode;
  beforeAll(async () => {
    const [started, opened] = await Promise.all([
      ensureCoreNlpServer(loadConfig({}), undefined, logLine, { threads: 1 }),
      startPgliteDatabase({ vector: true }),
    ]);
    server = started;
    database = opened;
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
  }, 900_000);
  afterAll(async () => {
    parseGuidance.mode = mode;
    await stopCoreNlpServers();
    await database?.stop();
  });

  it('reads the question’s relation lemmas nearest its named entity first', async () => {
    expect(questionRelations(audited, await server.annotate(audited))).toEqual(['audit', 'project', 'supply', 'paper']);
  }, 60_000);

  it('relates the names of adjacent sentences only when asked to', async () => {
    const text =
      'The Corve Dale Fellowship was founded in 1968. Tamsin Tolley has turned up on its running days for years.';
    const document = await server.annotate(text);
    const pairs = (adjacentLinks: boolean) =>
      extractGraphFromParse(text, document, { ...parserExtraction, adjacentLinks }).relations.map((relation) =>
        [relation.source, relation.relation, relation.target].map(normalizeEntityName).join(' | '),
      );
    expect(pairs(false)).not.toContain('corve dale fellowship | related to | tamsin tolley');
    expect(pairs(true)).toContain('corve dale fellowship | related to | tamsin tolley');
  }, 60_000);

  it('follows the relation the question names where the note’s words name both', async () => {
    await rememberNotes(context, companyId, notes, 'test');
    const { rows } = await database.pool.query<{ id: string; memory_key: string; content: string }>(
      'SELECT id, memory_key, content FROM memories WHERE company_id = $1 ORDER BY id',
      [companyId],
    );
    for (const row of rows) {
      const graph = extractGraphFromParse(row.content, await server.annotate(row.content));
      await inTransaction(database.pool, (client) =>
        saveExtraction(client, companyId, Number(row.id), graph, 'parser:corenlp'),
      );
    }
    for (const question of [mentored, audited])
      guideQuestion(question, questionRelations(question, await server.annotate(question)));
    parseGuidance.mode = 'boost';
    const keyOf = new Map(rows.map((row) => [Number(row.id), row.memory_key.slice(companyId.length + 1)]));
    const ask = async (query: string) =>
      (
        await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5, weights: graphOnly })
      ).memories.map((memory) => keyOf.get(memory.id));
    const ranks = (keys: (string | undefined)[], key: string) => (keys.includes(key) ? keys.indexOf(key) : 99);
    const first = await ask(mentored);
    const second = await ask(audited);
    expect(ranks(first, 'paper-0')).toBeLessThan(ranks(first, 'paper-1'));
    expect(ranks(second, 'paper-1')).toBeLessThan(ranks(second, 'paper-0'));
  }, 120_000);
});
