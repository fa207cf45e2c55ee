import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext } from '../../src/memory/memory-context.ts';
import { anchorMentions } from '../../src/memory/reader/anchor-mentions.ts';
import { answerHere } from '../../src/memory/reader/bridge-prompt.ts';
import { noNote } from '../../src/memory/reader/note-prompt.ts';
import { readerWalk, type ReaderHop } from '../../src/memory/reader/reader-recall.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub, type StubReply } from '../helpers/openai-stub.ts';
import { readerChain, readerChainNotes, readerStore } from '../helpers/reader-chain.ts';

// The chain's notes and, for each of its first two hops, another note naming the same anchor: the note choice
// has two notes to choose from at hop 0 (tkt-7469) and at hop 1 (ledger-sync).
const notes = { ...readerChainNotes(), replicas: 'ledger-sync runs nightly on two replicas in the Tern Cluster.' };
const reopened = readerChain.others[0] ?? '';

const reply = (next: string): StubReply => ({
  content: JSON.stringify({ next }),
  promptTokens: 300,
  completionTokens: 6,
});
type Body = Record<string, unknown>;
const promptOf = (body: Body | undefined) =>
  ((body?.messages ?? []) as { role: string; content: unknown }[])
    .filter((message) => message.role === 'user')
    .map((message) => String(message.content))
    .join('\n');
const enumOf = (body: Body | undefined) =>
  (body?.response_format as { json_schema: { schema: { properties: { next: { enum: string[] } } } } } | undefined)
    ?.json_schema.schema.properties.next.enum ?? [];
/** The label the note choice's prompt gives the note containing `text`. */
const labelOf = (body: Body, text: string) =>
  promptOf(body)
    .split('\n')
    .map((line) => /^\[(note \d+)\] (.*)$/.exec(line))
    .find((match) => match?.[2]?.includes(text))?.[1];

/**
 * A scripted reader: at a note choice it picks the note containing `read[hop]` (hop = bridges followed so far); at
 * a name choice it follows the chain's bridges, then says the answer is here.
 */
function scriptedReader(read: readonly string[]) {
  return (body: Body): StubReply => {
    const prompt = promptOf(body);
    const followed = /Followed so far: (.*)/.exec(prompt)?.[1]?.split(' → ') ?? [];
    if (enumOf(body).includes('note 1')) return reply(labelOf(body, read[followed.length] ?? '') ?? noNote);
    return reply(readerChain.bridges[followed.length] ?? answerHere);
  };
}

describe('the reader walk choosing the note first, over a scripted model on real HTTP', () => {
  let database: TestDatabase;
  let stub: OpenAIStub;
  let context: MemoryContext;
  const ids: Record<string, number> = {};
  const companyId = 'reader-note-co';
  const levers = { ...readerWalk };
  const ask = (extra: Partial<Parameters<typeof recall>[1]> = {}) =>
    recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: readerChain.question,
      limit: 5,
      walk: 'reader',
      ...extra,
    });

  beforeAll(async () => {
    Object.assign(readerWalk, { choose: 'note', notes: 5, noteNone: true, mentioned: true });
    database = await startTestDatabase();
    stub = await startOpenAIStub(reply(noNote));
    context = await readerStore(database.pool, stub.baseURL, companyId, notes, ids);
  }, 120_000);
  afterAll(async () => {
    Object.assign(readerWalk, levers);
    await stub?.close();
    await database?.stop();
  });

  it('reads the note the model chose among the notes naming the anchor, and the chosen chain leads', async () => {
    stub.requests.length = 0;
    stub.script = scriptedReader([readerChain.ticket, readerChain.owner]);
    let hops: readonly ReaderHop[] = [];
    const result = await ask({ readerTrace: (trace) => (hops = trace) });
    // Hop 0 offers both notes naming tkt-7469, hop 1 both naming ledger-sync; hop 2 has one note, so no choice.
    expect(hops[0]?.offered).toEqual(expect.arrayContaining([ids.ticket, ids.other0]));
    expect(hops[1]?.offered).toEqual(expect.arrayContaining([ids.owner, ids.replicas]));
    expect(hops.map((hop) => hop.shown)).toEqual([[ids.ticket], [ids.owner], [ids.oncall]]);
    expect(hops.map((hop) => hop.choice)).toEqual([...readerChain.bridges, answerHere]);
    expect(hops[2]?.offered).toBeUndefined();
    expect(result.memories.slice(0, 2).map((memory) => memory.id)).toEqual([ids.ticket, ids.owner]);
    expect(result.memories.map((memory) => memory.id)).toContain(ids.oncall);
    // The note choice's enum is the labels and "none"; the name choice after it reads only the note chosen.
    expect(enumOf(stub.requests[0]?.body)).toEqual(['note 1', 'note 2', noNote]);
    expect(promptOf(stub.requests[1]?.body)).toContain(readerChain.ticket);
    expect(promptOf(stub.requests[1]?.body)).not.toContain(reopened);
  });

  it('reads the other note when the model chooses it (the choice, not the ranking, decides)', async () => {
    stub.requests.length = 0;
    stub.script = scriptedReader([reopened]);
    let hops: readonly ReaderHop[] = [];
    await ask({ readerTrace: (trace) => (hops = trace) });
    // That note names nothing but the question's own ticket, so no name choice follows and the walk ends there.
    expect(hops).toEqual([expect.objectContaining({ shown: [ids.other0], candidates: [], chainNote: undefined })]);
    expect(stub.requests).toHaveLength(1);
  });

  it('stops at a note reply outside the labels, or "none", and ranks as the relation walk does', async () => {
    const walked = await ask({ walk: 'relations' });
    for (const answer of ['note 7', noNote]) {
      stub.requests.length = 0;
      stub.script = () => reply(answer);
      let hops: readonly ReaderHop[] = [];
      const read = await ask({ readerTrace: (trace) => (hops = trace) });
      expect(stub.requests).toHaveLength(1);
      expect(hops).toEqual([expect.objectContaining({ noteChoice: answer, shown: [], chainNote: undefined })]);
      expect(read.memories.map((memory) => memory.id)).toEqual(walked.memories.map((memory) => memory.id));
    }
  });

  it("offers the store's notes of the anchor that the hop's retrieval alone would not return", async () => {
    expect(await anchorMentions(context.pool, companyId, ['ledger-sync'])).toEqual(
      [ids.ticket, ids.owner, ids.replicas].sort((left, right) => (left ?? 0) - (right ?? 0)),
    );
    // A retrieval of one note: only the notes asked for by id can offer the note choice a second note.
    Object.assign(readerWalk, { pool: 1 });
    try {
      stub.requests.length = 0;
      stub.script = scriptedReader([readerChain.ticket, readerChain.owner]);
      let hops: readonly ReaderHop[] = [];
      await ask({ limit: 1, readerTrace: (trace) => (hops = trace) });
      expect(hops[0]?.offered).toEqual(expect.arrayContaining([ids.ticket, ids.other0]));
      expect(hops[1]?.offered).toEqual(expect.arrayContaining([ids.owner, ids.replicas]));
    } finally {
      Object.assign(readerWalk, { pool: levers.pool });
    }
  });

  it('lets the chain lead only when it reached a note the model called the answer, that note on the chain', async () => {
    const walked = await ask({ walk: 'relations' });
    stub.script = scriptedReader([readerChain.ticket, readerChain.owner]);
    let hops: readonly ReaderHop[] = [];
    const answered = await ask({ readerTrace: (trace) => (hops = trace) });
    // (On this store GraphRAG ranks the on-call note third anyway: the trace says it joined the chain.)
    expect(hops.at(-1)).toEqual(expect.objectContaining({ choice: answerHere, chainNote: ids.oncall }));
    expect(answered.memories.slice(0, 3).map((memory) => memory.id)).toEqual([ids.ticket, ids.owner, ids.oncall]);
    // The same chain, but the model names the on-call person instead of calling the note the answer.
    const script = scriptedReader([readerChain.ticket, readerChain.owner]);
    stub.script = (body) =>
      promptOf(body).includes('ledger-sync → Heron Crew') ? reply('Isolde Sinclair') : script(body);
    const unanswered = await ask({ readerTrace: (trace) => (hops = trace) });
    expect(hops.map((hop) => hop.chainNote)).toEqual([ids.ticket, ids.owner, ids.oncall]);
    expect(unanswered.memories.map((memory) => memory.id)).toEqual(walked.memories.map((memory) => memory.id));
  });

  it('charges each model call once, the note choice under its own key', async () => {
    stub.requests.length = 0;
    stub.script = scriptedReader([readerChain.ticket, readerChain.owner]);
    await ask({ charge: { key: 'search-n', workflowId: 'operator', purpose: 'search' } });
    const { rows } = await database.pool.query<{ call_key: string }>(
      `SELECT call_key FROM ledger WHERE company_id = $1 AND call_key LIKE 'search-n#%' ORDER BY call_key`,
      [companyId],
    );
    expect(stub.requests).toHaveLength(5);
    expect(rows.map((row) => row.call_key)).toEqual([
      'search-n#reader-0',
      'search-n#reader-0-note',
      'search-n#reader-1',
      'search-n#reader-1-note',
      'search-n#reader-2',
    ]);
  });
});
