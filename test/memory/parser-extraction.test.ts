import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphOnly } from '../../bench/stored-family.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { normalizeEntityName, type GraphExtraction } from '../../src/memory/graph/extraction.ts';
import { saveExtraction } from '../../src/memory/graph/graph-store.ts';
import { guideQuestion, parseGuidance } from '../../src/memory/graph/parse-guidance.ts';
import { extractGraphFromParse, parserExtraction } from '../../src/memory/graph/parser-extraction.ts';
import { questionRelations } from '../../src/memory/graph/question-relations.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { inTransaction } from '../../src/memory/sql.ts';
import { ensureCoreNlpServer, stopCoreNlpServers } from '../../src/memory/parser/corenlp-registry.ts';
import type { CoreNlpServer } from '../../src/memory/parser/corenlp-server.ts';
import { logLine } from '../helpers/local-model.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The parser extractor (thirty-fourth round) against a real Stanford CoreNLP server: installed with Maven on first use
 * (~470 MB into the cache), started once for the file with the extractor's pipeline. Two projects, each with a printer
 * that renews on its own date; the question names only the project's lead, so recall with the graph alone reaches the
 * answer only if the parse's entities and relations link lead → project → printer → renewal.
 */
const notes = [
  { key: 'lead-0', content: 'Jasmin Laurent leads Lighthouse Migration.' },
  { key: 'vendor-0', content: 'Lighthouse Migration buys its printing from Fairway Print.' },
  { key: 'renewal-0', content: 'Fairway Print renews its contract on 19 September 2028.' },
  { key: 'lead-1', content: 'Gustav Fontaine leads Copperfield Pilot.' },
  { key: 'vendor-1', content: 'Copperfield Pilot buys its printing from Cobalt Print.' },
  { key: 'renewal-1', content: 'Cobalt Print renews its contract on 8 March 2027.' },
];
const companyId = 'parser-extraction';

/** Remembers `notes` for the company and stores each one's graph read from its parse in place of the offline one. */
async function storeParsed(
  database: MemoryTestDatabase,
  context: MemoryContext,
  server: CoreNlpServer,
  companyId: string,
  notes: readonly { key: string; content: string }[],
) {
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
  return rows;
}

/** The graph's relations as "source | relation | target" lines, each name normalized as the graph stores it. */
function relationLines(graph: GraphExtraction): string[] {
  return graph.relations.map((relation) =>
    [relation.source, relation.relation, relation.target].map(normalizeEntityName).join(' | '),
  );
}

// One server and one database for the file, shared by the describes below (each with a company of its own).
let server: CoreNlpServer;
let database: MemoryTestDatabase;
let context: MemoryContext;
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
  await stopCoreNlpServers();
  await database?.stop();
});

describe('the parser extractor on a real CoreNLP server', () => {
  it('reads named entities and the relation between them from the parse, in the note’s own words', async () => {
    const text =
      'Lighthouse Migration is led by Jasmin Laurent. Its printer, Fairway Print, renews on 19 September 2028.';
    const graph = extractGraphFromParse(text, await server.annotate(text));
    const kinds = new Map(graph.entities.map((entity) => [normalizeEntityName(entity.name), entity.kind]));
    expect(kinds.get('jasmin laurent')).toBe('person');
    expect(kinds.get('19 september 2028')).toBe('date');
    expect([...kinds.keys()]).toEqual(expect.arrayContaining(['lighthouse migration', 'fairway print']));
    for (const entity of graph.entities) expect(text).toContain(entity.name);
    const pairs = relationLines(graph);
    // "led" is read as its lemma, and the passive's agent as "by".
    expect(pairs).toContain('lighthouse migration | lead by | jasmin laurent');
    expect(pairs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fairway print \| (\w+ )*renew on \| 19 september 2028$/)]),
    );
  }, 60_000);

  it('answers a two-hop question through the graph the parse gives, in place of the offline one', async () => {
    const rows = await storeParsed(database, context, server, companyId, notes);
    const { rows: extractors } = await database.pool.query<{ graph_extractor: string }>(
      'SELECT DISTINCT graph_extractor FROM memories WHERE company_id = $1',
      [companyId],
    );
    expect(extractors).toEqual([{ graph_extractor: 'parser:corenlp' }]);
    const keyOf = new Map(rows.map((row) => [Number(row.id), row.memory_key.slice(companyId.length + 1)]));
    const ask = async (query: string) =>
      (
        await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5, weights: graphOnly })
      ).memories.map((memory) => keyOf.get(memory.id));
    const first = await ask('When does the printer of the project Jasmin Laurent leads renew?');
    const second = await ask('When does the printer of the project Gustav Fontaine leads renew?');
    // With the graph alone, each lead's chain reaches its own renewal and ranks it above the other project's.
    expect(first).toContain('renewal-0');
    expect(first.indexOf('renewal-1') === -1 || first.indexOf('renewal-0') < first.indexOf('renewal-1')).toBe(true);
    expect(second).toContain('renewal-1');
    expect(second.indexOf('renewal-0') === -1 || second.indexOf('renewal-1') < second.indexOf('renewal-0')).toBe(true);
  }, 120_000);
});

/**
 * The walk guided by the question's parse (thirty-fifth round) against a real CoreNLP server, one start for the file
 * (the same server as the parser extractor's tests above). One note says how a person stands to two
 * projects, in verbs no lexicon of ours lists ("mentored", "audited"); each project has its own paper supplier. Both
 * questions' chains leave the person through the same note, so the note's words cannot tell them apart: only the
 * label of each relation, matched against the lemmas the question's parse gives, can.
 */
const guidanceNotes = [
  { key: 'roles', content: 'Orla Penhallow mentored Quill Atlas and audited Brisk Harbour.' },
  { key: 'paper-0', content: 'Tamsin Lowry supplies paper to Quill Atlas.' },
  { key: 'paper-1', content: 'Dorian Vance supplies paper to Brisk Harbour.' },
];
const mentored = 'Who supplies paper to the project that Orla Penhallow mentored?';
const audited = 'Who supplies paper to the project that Orla Penhallow audited?';

describe('a walk guided by the question’s parse', () => {
  const companyId = 'parse-guidance';
  const mode = parseGuidance.mode;
  afterAll(() => {
    parseGuidance.mode = mode;
  });

  it('reads the question’s relation lemmas nearest its named entity first', async () => {
    expect(questionRelations(audited, await server.annotate(audited))).toEqual(['audit', 'project', 'supply', 'paper']);
  }, 60_000);

  it('relates the names of adjacent sentences only when asked to', async () => {
    const text =
      'The Corve Dale Fellowship was founded in 1968. Tamsin Tolley has turned up on its running days for years.';
    const document = await server.annotate(text);
    const pairs = (adjacentLinks: boolean) =>
      relationLines(extractGraphFromParse(text, document, { ...parserExtraction, adjacentLinks }));
    expect(pairs(false)).not.toContain('corve dale fellowship | related to | tamsin tolley');
    expect(pairs(true)).toContain('corve dale fellowship | related to | tamsin tolley');
  }, 60_000);

  it('follows the relation the question names where the note’s words name both', async () => {
    const rows = await storeParsed(database, context, server, companyId, guidanceNotes);
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

describe('installing the parser', () => {
  it('names the tool to install when Java is missing', async () => {
    const script = fileURLToPath(new URL('./helpers/corenlp-without-java.ts', import.meta.url));
    const run = promisify(execFile)(process.execPath, [script], { env: { ...process.env, PATH: '/nonexistent' } });
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringMatching(/needs Java 8 or later, and "java" was not found on PATH/),
    });
  }, 60_000);
});
