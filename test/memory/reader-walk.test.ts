import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryInputError } from '../../src/memory/errors.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext } from '../../src/memory/memory-context.ts';
import { bridgeCandidates, nameSpans } from '../../src/memory/reader/bridge-candidates.ts';
import { answerHere, bridgeSchema } from '../../src/memory/reader/bridge-prompt.ts';
import type { ReaderHop } from '../../src/memory/reader/reader-recall.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { readerChain, readerChainNotes, readerStore } from '../helpers/reader-chain.ts';

describe('the reader walk: the names it offers', () => {
  it('reads capitalised names and lower-case codes, not field words, dates or pronouns', () => {
    expect(
      nameSpans('Status: Resolved\nWe traced tkt-7469 to ledger-sync on 2034-05-17; It concerns Spotline & Co.'),
    ).toEqual(['tkt-7469', 'ledger-sync', 'Spotline & Co']);
  });

  it("names a possessive's owner, and no name runs across a sentence's end", () => {
    expect(
      nameSpans("Which city is Zeno Carvalho's team in? Ask the Lynx Team. She knows Otter Squad’s lead."),
    ).toEqual(['Zeno Carvalho', 'Lynx Team', 'Otter Squad']);
  });

  it('offers each name once, without those the question or an earlier hop used, stored names said in the notes', () => {
    const offered = bridgeCandidates({
      notes: ['We traced tkt-7469 to ledger-sync.', 'ledger-sync belongs to the Heron Crew.'],
      stored: ['heron crew', 'Isolde Sinclair', '2034-05-17', 'ledger sync'],
      used: ['Who is on call for tkt-7469?'],
      limit: 5,
    });
    expect(offered).toEqual(['ledger-sync', 'Heron Crew']);
    expect(bridgeSchema(offered)).toEqual({
      type: 'object',
      properties: { next: { type: 'string', enum: ['ledger-sync', 'Heron Crew', answerHere] } },
      required: ['next'],
    });
  });
});

const question = readerChain.question;
const reply = (next: string) => ({ content: JSON.stringify({ next }), promptTokens: 300, completionTokens: 6 });

describe('the reader walk over a scripted model on real HTTP', () => {
  let database: TestDatabase;
  let stub: OpenAIStub;
  let context: MemoryContext;
  const ids: Record<string, number> = {};
  const companyId = 'reader-co';
  const ask = (extra: Partial<Parameters<typeof recall>[1]> = {}) =>
    recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: 5, walk: 'reader', ...extra });
  const enumOf = (index: number) => {
    const format = stub.requests[index]?.body.response_format as {
      json_schema: { schema: { properties: { next: { enum: string[] } } } };
    };
    return format.json_schema.schema.properties.next.enum;
  };

  beforeAll(async () => {
    database = await startTestDatabase();
    stub = await startOpenAIStub(reply(answerHere));
    context = await readerStore(database.pool, stub.baseURL, companyId, readerChainNotes(), ids);
  }, 120_000);
  afterAll(async () => {
    await stub?.close();
    await database?.stop();
  });

  it('follows the chosen names: the chain first, each hop offered the names of notes naming the last bridge', async () => {
    stub.requests.length = 0;
    stub.queue(reply('ledger-sync'), reply('Heron Crew'), reply(answerHere));
    let hops: readonly ReaderHop[] = [];
    const result = await ask({ readerTrace: (trace) => (hops = trace) });
    expect(hops.map((hop) => hop.choice)).toEqual(['ledger-sync', 'Heron Crew', answerHere]);
    expect(result.memories.slice(0, 2).map((memory) => memory.id)).toEqual([ids.ticket, ids.owner]);
    expect(result.memories.map((memory) => memory.id)).toContain(ids.oncall);
    // The first hop offers what the ticket notes name, never the question's own ticket; the second, what names ledger-sync.
    expect(enumOf(0)).toContain('ledger-sync');
    expect(enumOf(0)).not.toContain('tkt-7469');
    expect(enumOf(0).at(-1)).toBe(answerHere);
    expect(enumOf(1)).toContain('Heron Crew');
    expect(enumOf(1)).not.toContain('ledger-sync');
    expect(stub.requests[1]?.body.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ content: expect.stringContaining('Followed so far: ledger-sync') }),
      ]),
    );
  });

  it('stops at a reply outside the names offered, even one a note says, and ranks as the relation walk does', async () => {
    stub.requests.length = 0;
    // A name said in the notes but not offered (the question's own ticket): the walk must not take it.
    stub.queue(reply('tkt-7469'));
    let hops: readonly ReaderHop[] = [];
    const read = await ask({ readerTrace: (trace) => (hops = trace) });
    const walked = await ask({ walk: 'relations' });
    expect(stub.requests).toHaveLength(1);
    expect(hops).toEqual([expect.objectContaining({ choice: 'tkt-7469', chainNote: undefined })]);
    expect(read.memories.map((memory) => memory.id)).toEqual(walked.memories.map((memory) => memory.id));
  });

  it('charges each hop to the ledger under the recall key', async () => {
    stub.queue(reply('ledger-sync'), reply(answerHere));
    await ask({ charge: { key: 'search-1', workflowId: 'operator', purpose: 'search' } });
    const { rows } = await database.pool.query<{ call_key: string; model: string }>(
      `SELECT call_key, model FROM ledger WHERE company_id = $1 AND call_key LIKE 'search-1#reader-%' ORDER BY call_key`,
      [companyId],
    );
    expect(rows).toEqual([
      { call_key: 'search-1#reader-0', model: 'openai:gpt-4.1-mini' },
      { call_key: 'search-1#reader-1', model: 'openai:gpt-4.1-mini' },
    ]);
  });

  it('refuses a reader walk without a reader model (there is no offline reader)', async () => {
    const { reader: _, ...withoutReader } = context;
    await expect(
      recall(withoutReader, { companyId, viewer: { kind: 'operator' }, query: question, walk: 'reader' }),
    ).rejects.toThrow(MemoryInputError);
  });
});
