import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryActivities } from '../../activities/memory.ts';
import { loadConfig } from '../../src/config/env.ts';
import { summariseClusters } from '../../src/memory/consolidation/clusters.ts';
import { memoryServiceFor } from '../../src/memory/memory-service.ts';
import { withMemorySpend } from '../../src/memory/paid-call.ts';
import { remember } from '../../src/memory/memory-store.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { addCompany, recordSpent } from './money-fixtures.ts';

/** Paid memory models on a real HTTP server that speaks the OpenAI API (gpt-4.1-mini, text-embedding-3-small). */
const paid = { embeddingModel: 'openai:text-embedding-3-small', languageModel: 'openai:gpt-4.1-mini' };
let database: TestDatabase;
let stub: OpenAIStub;
let activities: ReturnType<typeof createMemoryActivities>;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  database = await startTestDatabase();
  stub = await startOpenAIStub({ promptTokens: 200, completionTokens: 100, content: 'a summary of the episodes' });
  config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL });
  activities = createMemoryActivities({ pool: database.pool, config, memoryConfig: paid });
});
afterAll(async () => {
  await stub?.close();
  await database?.stop();
});

const company = (id: string, limitUsd: number) => addCompany(database.pool, id, limitUsd);

/** Three clusters of two episodes each, one per person (the offline graph groups them by entity). */
async function seedEpisodes(companyId: string): Promise<void> {
  const context = await memoryServiceFor(database.pool, config, paid).context();
  const people = ['Alice Moreau', 'Bruno Keller', 'Chiara Rossi'];
  for (const [index, person] of people.entries()) {
    for (const meeting of [1, 2]) {
      await remember(context, {
        key: `${companyId}#${index}-${meeting}`,
        companyId,
        scope: 'company',
        ownerId: companyId,
        authorId: 'a',
        category: 'episodic',
        content: `${person} reviewed the quarterly numbers in meeting ${meeting}.`,
      });
    }
  }
}

async function spendOf(companyId: string): Promise<{ spent: number; memoryCalls: number }> {
  const { rows } = await database.pool.query<{ spent: string | null; memory_calls: number }>(
    `SELECT sum(cost_usd) AS spent, count(*) FILTER (WHERE agent_id = 'memory' AND call_key LIKE '%#cluster-%')::int AS memory_calls
       FROM ledger WHERE company_id = $1`,
    [companyId],
  );
  return { spent: Number(rows[0]?.spent ?? 0), memoryCalls: rows[0]?.memory_calls ?? 0 };
}

/** Spends the company's $1 ceiling down to `leftUsd` (the seeds' embeddings count). */
async function spendAllBut(companyId: string, leftUsd: number): Promise<void> {
  const { spent } = await spendOf(companyId);
  await recordSpent(database.pool, companyId, 1 - spent - leftUsd);
}

const summarise = (companyId: string, runKey: string) =>
  activities.summariseEpisodicMemories({ runKey, companyId, minAgeHours: 0, minSize: 2, maxClusters: 10 });

const chatRequests = () => stub.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

describe('memory model calls on the reservation path', () => {
  it('reserve before calling: a summary whose maximum does not fit beside what is spent is never made', async () => {
    const companyId = 'memory-tight';
    await company(companyId, 1);
    await seedEpisodes(companyId);
    // Spent up to a hundredth of a cent below the ceiling: the company may still spend (a check of
    // spent < limit passes), but no summary's maximum (400 output tokens at $1.60/M alone) fits.
    await spendAllBut(companyId, 0.0001);
    const before = chatRequests();
    await activities.startMemoryConsolidation({ runKey: 'tight-run', companyId });
    const result = await summarise(companyId, 'tight-run');
    expect(result.summarizer).toMatch(/stopped after 0 of 3 clusters: company budget exhausted/);
    expect(result.summarised).toBe(0);
    expect(chatRequests()).toBe(before);
    expect((await spendOf(companyId)).memoryCalls).toBe(0);
  });

  it('graph extraction stops at the ceiling too, before calling the model', async () => {
    const companyId = 'graph-tight';
    await company(companyId, 1);
    await seedEpisodes(companyId);
    await spendAllBut(companyId, 0.0001);
    const before = chatRequests();
    await activities.startMemoryConsolidation({ runKey: 'graph-run', companyId });
    const graph = await activities.refreshMemoryGraph({ runKey: 'graph-run', companyId, limit: 10 });
    expect(graph.refreshed).toBe(0);
    expect(graph.extractor).toMatch(/stopped after 0 of 6: company budget exhausted/);
    expect(chatRequests()).toBe(before);
  });

  it('with room, each summary holds a reservation that its ledger row settles, and the totals match the ledger', async () => {
    const companyId = 'memory-room';
    await company(companyId, 5);
    await seedEpisodes(companyId);
    const before = chatRequests();
    await activities.startMemoryConsolidation({ runKey: 'room-run', companyId });
    const result = await summarise(companyId, 'room-run');
    expect(result.summarizer).toBe('openai:gpt-4.1-mini');
    expect(result.summarised).toBe(3);
    expect(chatRequests() - before).toBe(3);
    const { rows } = await database.pool.query<{
      call_key: string;
      outcome: string | null;
      amount_usd: string;
      cost_usd: string;
    }>(
      `SELECT r.call_key, r.outcome, r.amount_usd, l.cost_usd
         FROM spend_reservations r JOIN ledger l ON l.call_key = r.call_key
        WHERE r.company_id = $1 AND r.call_key LIKE 'room-run#cluster-%' ORDER BY r.call_key`,
      [companyId],
    );
    expect(rows.map((row) => row.call_key)).toEqual(['room-run#cluster-0', 'room-run#cluster-1', 'room-run#cluster-2']);
    for (const row of rows) {
      expect(row.outcome).toBe('settled');
      // 200 prompt and 100 output tokens at $0.40/$1.60 per million, held at up to 400 output tokens.
      expect(Number(row.cost_usd)).toBeCloseTo(0.00024, 9);
      expect(Number(row.amount_usd)).toBeGreaterThan(Number(row.cost_usd));
    }
    const totals = await database.pool.query<{ cost_usd: string }>(
      `SELECT cost_usd FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
      [companyId],
    );
    expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo((await spendOf(companyId)).spent, 9);
  });

  it('a retried stage attempt that calls the model again is recorded again, under its attempt', async () => {
    const companyId = 'memory-retry';
    await company(companyId, 5);
    await seedEpisodes(companyId);
    await activities.startMemoryConsolidation({ runKey: 'retry-run', companyId });
    const context = await memoryServiceFor(database.pool, config, paid).context();
    const { language } = memoryServiceFor(database.pool, config, paid);
    const target = { runKey: 'retry-run', companyId };
    const options = { minAgeHours: 0, minSize: 2, maxClusters: 1 };
    // Attempt 1 paid for its summary and was lost before its stage committed (its result is dropped here).
    const lost = new MockActivityEnvironment({ attempt: 1, startToCloseTimeoutMs: 60_000 }, { logger: silentLogger });
    await lost.run(async () => {
      await withMemorySpend(
        database.pool,
        {
          callKey: 'retry-run#cluster-0',
          companyId,
          workflowId: 'retry-run',
          purpose: 'memory cluster summary',
          model: language.model,
          promptTokens: 100,
          maxOutputTokens: 400,
        },
        () => language.summarize(['a lost summary'], 'a test', 1_200),
      );
    });
    const retried = new MockActivityEnvironment(
      { attempt: 2, startToCloseTimeoutMs: 60_000 },
      { logger: silentLogger },
    );
    const result = (await retried.run(() => summariseClusters(context, language, target, options))) as {
      summarised: number;
    };
    expect(result.summarised).toBe(1);
    const { rows } = await database.pool.query<{ call_key: string }>(
      `SELECT call_key FROM ledger WHERE company_id = $1 AND call_key LIKE 'retry-run#cluster-%' ORDER BY id`,
      [companyId],
    );
    expect(rows.map((row) => row.call_key)).toEqual(['retry-run#cluster-0', 'retry-run#cluster-0#attempt-2']);
  });

  it("charges an operator's memory search for its query embedding, once per paid call, and refuses it at the ceiling", async () => {
    const companyId = 'memory-search';
    await company(companyId, 5);
    await seedEpisodes(companyId);
    const search = { companyId, query: { kind: 'search' as const, query: 'quarterly numbers', limit: 3 } };
    const attempt = (number: number) =>
      new MockActivityEnvironment(
        {
          attempt: number,
          startToCloseTimeoutMs: 60_000,
          workflowExecution: { workflowId: `company:${companyId}:memory-query:1`, runId: 'r1' },
        },
        { logger: silentLogger },
      );
    const found = (await attempt(1).run(activities.queryMemory, search)) as {
      kind: string;
      search?: { hits: unknown[] };
    };
    expect(found.search?.hits.length).toBeGreaterThan(0);
    // A retried attempt of the same search embeds the query again, and that call is recorded too.
    await attempt(2).run(activities.queryMemory, search);
    const { rows } = await database.pool.query<{
      call_key: string;
      agent_id: string;
      model: string;
      cost_usd: string;
      response: { purpose: string };
    }>(
      `SELECT call_key, agent_id, model, cost_usd, response FROM ledger WHERE company_id = $1 AND call_key LIKE '%#search%' ORDER BY id`,
      [companyId],
    );
    // Each attempt embeds the query: one paid call an attempt (the default relation walk ranks by no
    // relation text since the ninth round, so it embeds none).
    expect(rows.map((row) => row.call_key)).toEqual([
      `company:${companyId}:memory-query:1#search#embedding`,
      `company:${companyId}:memory-query:1#search#embedding#attempt-2`,
    ]);
    expect(rows[0]).toMatchObject({
      call_key: `company:${companyId}:memory-query:1#search#embedding`,
      agent_id: 'memory',
      model: 'openai:text-embedding-3-small',
      response: { purpose: 'operator memory search' },
    });
    // 200 tokens at $0.02 per million.
    expect(Number(rows[0]?.cost_usd)).toBeCloseTo(0.000004, 9);

    await company(companyId, 0.000001);
    const embeddingsBefore = stub.requests.filter((request) => request.path.endsWith('/embeddings')).length;
    await expect(
      new MockActivityEnvironment(
        { workflowExecution: { workflowId: `company:${companyId}:memory-query:2`, runId: 'r2' } },
        { logger: silentLogger },
      ).run(activities.queryMemory, search),
    ).rejects.toMatchObject({ type: 'BudgetExceeded', nonRetryable: true });
    expect(stub.requests.filter((request) => request.path.endsWith('/embeddings')).length).toBe(embeddingsBefore);
  });
});
