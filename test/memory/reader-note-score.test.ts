import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { yesShare } from '../../src/llm/token-probabilities.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext } from '../../src/memory/memory-context.ts';
import { answerHere } from '../../src/memory/reader/bridge-prompt.ts';
import { createBridgeReader } from '../../src/memory/reader/bridge-reader.ts';
import { ReaderScoreError } from '../../src/memory/reader/note-score.ts';
import { readerWalk, type ReaderHop } from '../../src/memory/reader/reader-recall.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub, type StubReply } from '../helpers/openai-stub.ts';
import { readerChain, readerChainNotes, readerStore } from '../helpers/reader-chain.ts';

// The chain's notes and, for each of its first two hops, another note naming the same anchor: two notes to score at
// hop 0 (tkt-7469) and at hop 1 (ledger-sync).
const notes = { ...readerChainNotes(), replicas: 'ledger-sync runs nightly on two replicas in the Tern Cluster.' };
const reopened = readerChain.others[0] ?? '';

type Body = Record<string, unknown>;
const promptOf = (body: Body | undefined) =>
  ((body?.messages ?? []) as { role: string; content: unknown }[])
    .filter((message) => message.role === 'user')
    .map((message) => String(message.content))
    .join('\n');

const choice = (next: string): StubReply => ({
  content: JSON.stringify({ next }),
  promptTokens: 300,
  completionTokens: 6,
});
/**
 * A one-token reply whose first token is "No" unless `yes` > 0.5, with P("yes") = `yes` after normalising over yes and
 * no: the "yes" mass split between "Yes" and "yes", as llama.cpp's top tokens are, beside a token that is neither.
 */
const scored = (yes: number): StubReply => {
  const mass = 0.9;
  const alternatives = [
    { token: 'Yes', logprob: Math.log(mass * yes * 0.8) },
    { token: 'yes', logprob: Math.log(mass * yes * 0.2) },
    { token: 'No', logprob: Math.log(mass * (1 - yes)) },
    { token: 'The', logprob: Math.log(0.1) },
  ].sort((left, right) => right.logprob - left.logprob);
  return { content: alternatives[0]?.token ?? '', promptTokens: 200, completionTokens: 1, topLogprobs: alternatives };
};

/**
 * A scripted reader: a scored note (the request asks for logprobs) gets P("yes") 0.4 when it contains `read[hop]`
 * (hop = bridges followed so far), else 0.2 — "no" either way, as the 0.5B model answered most notes in round 25 —
 * and a name choice follows the chain's bridges, then says the answer is here.
 */
function scriptedScorer(read: readonly string[]) {
  return (body: Body): StubReply => {
    const prompt = promptOf(body);
    const followed = /Followed so far: (.*)/.exec(prompt)?.[1]?.split(' → ') ?? [];
    if (body.logprobs === true) {
      const note = /Note mentioning [^:]*: (.*)/.exec(prompt)?.[1] ?? '';
      return scored(note.includes(read[followed.length] ?? '\u0000') ? 0.4 : 0.2);
    }
    return choice(readerChain.bridges[followed.length] ?? answerHere);
  };
}

describe('yesShare: P("yes") normalised over yes and no at the first token', () => {
  it('sums each answer over its spellings and ignores other tokens', () => {
    const first = scored(0.3).topLogprobs ?? [];
    expect(yesShare({ token: 'No', logprob: 0, top: first })).toBeCloseTo(0.3, 10);
    expect(yesShare({ token: 'The', logprob: 0, top: [{ token: ' The', logprob: -0.1 }] })).toBeUndefined();
  });
});

describe('the reader walk scoring notes by token probabilities, over a scripted model on real HTTP', () => {
  let database: TestDatabase;
  let stub: OpenAIStub;
  let context: MemoryContext;
  const ids: Record<string, number> = {};
  const companyId = 'reader-score-co';
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
  const scoreRequests = () => stub.requests.filter((request) => request.body.logprobs === true);

  beforeAll(async () => {
    Object.assign(readerWalk, { choose: 'score', notes: 5, mentioned: true });
    database = await startTestDatabase();
    stub = await startOpenAIStub(choice('none'));
    // The OpenAI-compatible provider: the one `local:` models (llama.cpp) are reached through.
    context = await readerStore(database.pool, stub.baseURL, companyId, notes, ids, 'openai-compatible:scorer');
  }, 120_000);
  afterAll(async () => {
    Object.assign(readerWalk, levers);
    await stub?.close();
    await database?.stop();
  });

  it('reads the note with the highest P("yes") although the model says "no" to each, and the chain leads', async () => {
    stub.requests.length = 0;
    stub.script = scriptedScorer([readerChain.ticket, readerChain.owner]);
    let hops: readonly ReaderHop[] = [];
    const result = await ask({ readerTrace: (trace) => (hops = trace) });
    expect(hops[0]?.offered).toEqual(expect.arrayContaining([ids.ticket, ids.other0]));
    expect(hops[1]?.offered).toEqual(expect.arrayContaining([ids.owner, ids.replicas]));
    expect(hops.map((hop) => hop.shown)).toEqual([[ids.ticket], [ids.owner], [ids.oncall]]);
    expect(hops.map((hop) => hop.choice)).toEqual([...readerChain.bridges, answerHere]);
    expect(result.memories.slice(0, 3).map((memory) => memory.id)).toEqual([ids.ticket, ids.owner, ids.oncall]);
    // Each scored note is asked for one token of plain text with its likeliest alternatives; no JSON schema.
    expect(scoreRequests()).toHaveLength(4);
    for (const { body } of scoreRequests()) {
      expect(body).toMatchObject({ max_tokens: 1, logprobs: true, top_logprobs: 10, temperature: 0 });
      expect(body.response_format).toBeUndefined();
    }
  });

  it('reads the other note when it scores higher (the scores, not the ranking, decide)', async () => {
    stub.requests.length = 0;
    stub.script = scriptedScorer([reopened]);
    let hops: readonly ReaderHop[] = [];
    await ask({ readerTrace: (trace) => (hops = trace) });
    // That note names nothing but the question's own ticket, so no name choice follows and the walk ends there.
    expect(hops).toEqual([expect.objectContaining({ shown: [ids.other0], candidates: [], chainNote: undefined })]);
    const labels = hops[0]?.noteChoice?.split(',');
    expect(labels).toHaveLength(2);
    expect([...(labels ?? [])].sort()).toEqual(['0.20', '0.40']);
    expect(stub.requests).toHaveLength(2);
  });

  it('charges each scored note once, under its own key', async () => {
    stub.requests.length = 0;
    stub.script = scriptedScorer([readerChain.ticket, readerChain.owner]);
    await ask({ charge: { key: 'search-s', workflowId: 'operator', purpose: 'search' } });
    const { rows } = await database.pool.query<{ call_key: string; output_tokens: number }>(
      `SELECT call_key, output_tokens FROM ledger WHERE company_id = $1 AND call_key LIKE 'search-s#%' ORDER BY call_key`,
      [companyId],
    );
    expect(stub.requests).toHaveLength(7);
    expect(rows.map((row) => row.call_key)).toEqual([
      'search-s#reader-0',
      'search-s#reader-0-note-0',
      'search-s#reader-0-note-1',
      'search-s#reader-1',
      'search-s#reader-1-note-0',
      'search-s#reader-1-note-1',
      'search-s#reader-2',
    ]);
    expect(rows.filter((row) => row.call_key.includes('-note-')).map((row) => Number(row.output_tokens))).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it('fails with a ReaderScoreError, after charging the call, when a reply carries no token probabilities', async () => {
    stub.requests.length = 0;
    // The same replies without their token probabilities (a server that ignores `logprobs`).
    const script = scriptedScorer([readerChain.ticket]);
    stub.script = (body) => {
      const { topLogprobs: _dropped, ...reply } = script(body);
      return reply;
    };
    const failed = ask({ charge: { key: 'search-bare', workflowId: 'operator', purpose: 'search' } });
    await expect(failed).rejects.toBeInstanceOf(ReaderScoreError);
    await expect(failed).rejects.toThrow(/without token probabilities/);
    expect(stub.requests).toHaveLength(1);
    const { rows } = await database.pool.query<{ call_key: string }>(
      `SELECT call_key FROM ledger WHERE company_id = $1 AND call_key LIKE 'search-bare#%'`,
      [companyId],
    );
    expect(rows.map((row) => row.call_key)).toEqual(['search-bare#reader-0-note-0']);
  });

  it("reads the OpenAI provider's token probabilities too", async () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL });
    const reader = createBridgeReader('openai:gpt-4.1-mini', config);
    stub.script = () => scored(0.35);
    const reply = await reader.score({ instructions: 'Answer yes or no.', prompt: 'Is it?' });
    expect(reply.logprobs).toBe(true);
    expect(reply.probability).toBeCloseTo(0.35, 10);
  });
});
