import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphOnly } from '../../bench/stored-family.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { saveExtraction } from '../../src/memory/graph/graph-store.ts';
import { guideQuestion, parseGuidance } from '../../src/memory/graph/parse-guidance.ts';
import { extractGraphFromParse } from '../../src/memory/graph/parser-extraction.ts';
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
 * projects, in verbs no lexicon of ours lists ("mentors", "audits"); each project has its own paper supplier. Both
 * questions' chains leave the person through the same note, so the note's words cannot tell them apart: only the
 * label of each relation, matched against the lemmas the question's parse gives, can.
 */
const notes = [
  { key: 'roles', content: 'Orla Penhallow mentors Quill Atlas and audits Brisk Harbour.' },
  { key: 'paper-0', content: 'Tamsin Lowry supplies paper to Quill Atlas.' },
  { key: 'paper-1', content: 'Dorian Vance supplies paper to Brisk Harbour.' },
];
const companyId = 'parse-guidance';
const mentored = 'Who supplies paper to the project that Orla Penhallow mentors?';
const audited = 'Who supplies paper to the project that Orla Penhallow audits?';

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
    expect(questionRelations(mentored, await server.annotate(mentored))).toEqual([
      'mentor',
      'project',
      'supply',
      'paper',
    ]);
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
