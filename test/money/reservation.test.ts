import type { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCallActivities } from '../../activities/model-call.ts';
import { estimateStepPromptTokens } from '../../activities/step-spending.ts';
import { readSpendReport } from '../../src/db/spend-report.ts';
import { reserveSpend } from '../../src/db/spend-reservations.ts';
import { loadConfig } from '../../src/config/env.ts';
import type { AgentStepInput, AgentStepResult } from '../../src/domain/agent-action.ts';
import { costOf } from '../../src/domain/budget.ts';
import { priceFor } from '../../src/llm/prices.ts';
import { noRealPostgresReason, startTestRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { until } from '../helpers/until.ts';
import { activityEnvironment, addCompany, openReservations, paidStepInput } from './money-fixtures.ts';

const database = await startTestRealPostgres();
const model = 'openai:gpt-4.1-mini';
const maxOutputTokens = 2048;
let activities: ReturnType<typeof createModelCallActivities>;

function step(environment: MockActivityEnvironment, input: AgentStepInput): Promise<AgentStepResult> {
  return environment.run(activities.agentStep, input) as Promise<AgentStepResult>;
}

const stepInput = (companyId: string, workflowId: string, step = 1) =>
  paidStepInput({ companyId, workflowId, step, model, maxOutputTokens });

function environment(info: Parameters<typeof activityEnvironment>[0] = {}) {
  return activityEnvironment({ startToCloseTimeoutMs: 300_000, ...info });
}

afterAll(async () => {
  await database?.stop();
});

describe.skipIf(database === undefined)(
  `budget reservations on real PostgreSQL${database ? '' : ` (${noRealPostgresReason})`}`,
  () => {
    const db = database as TestDatabase;
    let stub: OpenAIStub;

    beforeAll(async () => {
      stub = await startOpenAIStub({ delayMs: 300 });
      const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL });
      activities = createModelCallActivities({ pool: db.pool, config });
    });
    afterAll(async () => {
      await stub?.close();
    });

    it('20 concurrent steps against a ceiling that admits 5: at most 5 call the provider', async () => {
      const companyId = 'concurrent';
      const inputs = Array.from({ length: 20 }, (_, index) =>
        stepInput(companyId, `company:${companyId}:task:${index}`),
      );
      const promptTokens = estimateStepPromptTokens(inputs[0]!);
      // The stub bills each call its full maximum, so five calls spend exactly the ceiling.
      stub.fallback = { delayMs: 300, promptTokens, completionTokens: maxOutputTokens };
      const perCall = costOf({ inputTokens: promptTokens, outputTokens: maxOutputTokens }, priceFor(model).price);
      await addCompany(db.pool, companyId, perCall * 5);
      const before = stub.requests.length;

      const outcomes = await Promise.allSettled(inputs.map((input) => environment().run(activities.agentStep, input)));

      const ran = stub.requests.length - before;
      const refused = outcomes.filter(
        (outcome) =>
          outcome.status === 'rejected' &&
          outcome.reason instanceof ApplicationFailure &&
          outcome.reason.type === 'BudgetExceeded',
      ).length;
      console.log(`concurrency: ${ran} of 20 steps called the provider against a ceiling that admits 5`);
      expect(ran).toBeLessThanOrEqual(5);
      expect(ran).toBeGreaterThanOrEqual(1);
      expect(refused).toBe(20 - ran);
      const { rows } = await db.pool.query<{ cost_usd: string; calls: number }>(
        `SELECT cost_usd, calls FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
        [companyId],
      );
      expect(rows[0]?.calls).toBe(ran);
      expect(Number(rows[0]?.cost_usd)).toBeCloseTo(perCall * ran, 6);
      expect(Number(rows[0]?.cost_usd)).toBeLessThanOrEqual(perCall * 5 + 1e-9);
      expect(await openReservations(db.pool, companyId)).toBe(0);
    });

    it('a retried step reuses the stored answer and pays nothing twice', async () => {
      const companyId = 'retry';
      await addCompany(db.pool, companyId, 10);
      stub.fallback = { delayMs: 0, promptTokens: 100, completionTokens: 50 };
      const input = stepInput(companyId, `company:${companyId}:task:1`);
      const before = stub.requests.length;
      const first = await step(environment(), input);
      const again = await step(environment({ attempt: 2 }), input);
      expect(first.reused).toBe(false);
      expect(again.reused).toBe(true);
      expect(again.costUsd).toBe(first.costUsd);
      expect(stub.requests.length - before).toBe(1);
      const { rows } = await db.pool.query<{ calls: number; cost_usd: string }>(
        `SELECT calls, cost_usd FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
        [companyId],
      );
      expect(rows[0]?.calls).toBe(1);
      expect(Number(rows[0]?.cost_usd)).toBeCloseTo(first.costUsd, 6);
      expect(await openReservations(db.pool, companyId)).toBe(0);
    });

    it('an attempt lost after calling the provider is charged its maximum once its time is up, exactly once', async () => {
      const companyId = 'lost';
      await addCompany(db.pool, companyId, 10);
      const input = stepInput(companyId, `company:${companyId}:task:1`);
      // The provider takes its time; the attempt is cancelled (as a timed-out or dead worker's would be) meanwhile.
      stub.queue({ delayMs: 1_500, promptTokens: 100, completionTokens: 50 });
      const lostAttempt = environment();
      const running = lostAttempt.run(activities.agentStep, input);
      await until(
        'the provider to get the call',
        () => stub.requests.some((request) => JSON.stringify(request.body).includes(`${companyId}`)),
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      lostAttempt.cancel();
      await expect(running).rejects.toThrow();
      expect(await openReservations(db.pool, companyId)).toBe(1);

      // Its attempt's time runs out (simulated: the expiry moves into the past).
      await db.pool.query(
        `UPDATE spend_reservations SET expires_at = now() - interval '1 second' WHERE company_id = $1`,
        [companyId],
      );
      stub.fallback = { delayMs: 0, promptTokens: 100, completionTokens: 50 };
      const retried = await step(environment({ attempt: 2 }), input);
      expect(retried.reused).toBe(false);
      // Another step of the company makes no second charge for the lost attempt.
      await environment().run(activities.agentStep, stepInput(companyId, `company:${companyId}:task:2`));

      const { rows } = await db.pool.query<{ call_key: string; cost_usd: string }>(
        'SELECT call_key, cost_usd FROM ledger WHERE company_id = $1 ORDER BY id',
        [companyId],
      );
      const lost = rows.filter((row) => row.call_key.endsWith('#lost'));
      expect(lost).toHaveLength(1);
      const perCallMaximum = costOf(
        { inputTokens: estimateStepPromptTokens(input), outputTokens: maxOutputTokens },
        priceFor(model).price,
      );
      expect(Number(lost[0]?.cost_usd)).toBeCloseTo(perCallMaximum, 6);
      const totals = await db.pool.query<{ cost_usd: string; calls: number }>(
        `SELECT cost_usd, calls FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
        [companyId],
      );
      expect(totals.rows[0]?.calls).toBe(3);
      const ledgerSum = rows.reduce((sum, row) => sum + Number(row.cost_usd), 0);
      expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(ledgerSum, 6);
      expect(await openReservations(db.pool, companyId)).toBe(0);
    });

    it('heartbeats all through a slow step, compaction summary included, so no second attempt starts beside it', async () => {
      const companyId = 'slow-memory';
      await addCompany(db.pool, companyId, 10);
      const input = stepInput(companyId, `company:${companyId}:task:1`);
      // Past the automatic compaction threshold: the step first summarises its transcript with the (slow) model.
      input.transcript = Array.from({ length: 30 }, (_, index) => ({
        kind: 'note' as const,
        text: `step ${index}: ${'observations of the market and the plan '.repeat(25)}`,
      }));
      stub.fallback = {
        delayMs: 1_200,
        promptTokens: 100,
        completionTokens: 50,
        content: '{"type":"answer","text":"done"}',
      };
      const attempt = environment({ heartbeatTimeoutMs: 600 });
      const beats: number[] = [];
      attempt.on('heartbeat', () => beats.push(Date.now()));
      const first = stub.requests.length;
      const result = await step(attempt, input);
      const calls = stub.requests.slice(first);
      const modelCall = calls.at(-1)!;
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(result.compaction).toBeDefined();
      // Before the step's own model call went out, the compaction took over a second: it was heartbeating.
      const beatsBeforeModelCall = beats.filter((at) => at < modelCall.at);
      expect(beatsBeforeModelCall.length).toBeGreaterThanOrEqual(4);
      // Three beats per heartbeat timeout (every 200 ms here): read from the median gap, since one stalled event loop
      // on a loaded machine stretched a single gap to 790 ms in a CI run (no timer can beat a stalled loop).
      const gaps = beats
        .slice(1)
        .map((at, index) => at - beats[index]!)
        .sort((left, right) => left - right);
      expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(600 / 2);
      // The summary was paid for and counts against the same ceiling as the step.
      const { rows } = await db.pool.query<{ cost_usd: string }>(
        `SELECT cost_usd FROM ledger WHERE company_id = $1 AND call_key LIKE '%#auto%'`,
        [companyId],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(Number(rows[0]?.cost_usd)).toBeGreaterThan(0);
      // So were the embeddings of the memories the compaction offloaded (text-embedding-3-small, $0.02/M).
      const embeddings = await db.pool.query<{ cost_usd: string; input_tokens: number; model: string }>(
        `SELECT cost_usd, input_tokens, model FROM ledger WHERE company_id = $1 AND call_key LIKE '%#embedding'`,
        [companyId],
      );
      expect(embeddings.rows).toHaveLength(1);
      expect(embeddings.rows[0]).toMatchObject({ model: 'openai:text-embedding-3-small', input_tokens: 100 });
      expect(Number(embeddings.rows[0]?.cost_usd)).toBeCloseTo(0.000002, 9);
      const totals = await db.pool.query<{ cost_usd: string }>(
        `SELECT cost_usd FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
        [companyId],
      );
      const ledger = await db.pool.query<{ total: string }>(
        'SELECT sum(cost_usd) AS total FROM ledger WHERE company_id = $1',
        [companyId],
      );
      expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(Number(ledger.rows[0]?.total), 9);
    });

    it('a lost attempt is charged when the company is next looked at, even with no further step, and only once', async () => {
      const companyId = 'lost-quietly';
      await addCompany(db.pool, companyId, 10);
      const held = await reserveSpend(db.pool, {
        reservationKey: 'company:lost-quietly:task:t1#1#attempt-1',
        callKey: 'company:lost-quietly:task:t1#1',
        companyId,
        agentId: 'ceo',
        taskId: 't1',
        workflowId: 'company:lost-quietly:task:t1',
        model,
        promptTokens: 1_000,
        maxOutputTokens,
        // Its attempt's time is already up.
        expiresInMs: -1_000,
        priceOf: () => priceFor(model).price,
      });
      const first = await readSpendReport(db.pool, companyId);
      const again = await readSpendReport(db.pool, companyId);
      expect(first.lifetimeUsd).toBeCloseTo(held.amountUsd, 6);
      expect(first.reservedUsd).toBe(0);
      expect(again.lifetimeUsd).toBe(first.lifetimeUsd);
      expect(await openReservations(db.pool, companyId)).toBe(0);
    });

    it("an agent's limit set after the task started (the saved org chart) is the one enforced", async () => {
      const companyId = 'agent-limit';
      await addCompany(db.pool, companyId, 10);
      await db.pool.query(`UPDATE companies SET template = $2 WHERE id = $1`, [
        companyId,
        JSON.stringify({ id: companyId, agents: [{ id: 'ceo', budgetLimitUsd: 0.000001 }] }),
      ]);
      const input = { ...stepInput(companyId, `company:${companyId}:task:1`), agentBudgetLimitUsd: 100 };
      await expect(environment().run(activities.agentStep, input)).rejects.toMatchObject({
        type: 'BudgetExceeded',
        message: expect.stringMatching(/^agent budget exhausted/),
      });
    });
  },
);

describe.skipIf(database === undefined)('models without a price', () => {
  const db = database as TestDatabase;
  let stub: OpenAIStub;
  let priced: ReturnType<typeof createModelCallActivities>;

  beforeAll(async () => {
    stub = await startOpenAIStub({ promptTokens: 1_000, completionTokens: 1_000 });
    const config = loadConfig({
      SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: stub.baseURL,
      SYNTHORG_MODEL_PRICES: 'openai-compatible:priced-here=1/2',
    });
    priced = createModelCallActivities({ pool: db.pool, config });
  });
  afterAll(() => stub?.close());

  function unpricedStep(companyId: string, modelName: string): AgentStepInput {
    const input = stepInput(companyId, `company:${companyId}:task:${modelName}`);
    return { ...input, agent: { ...input.agent, model: modelName } };
  }

  it('refuses a paid model with no price before calling it, and runs it once the template or environment prices it', async () => {
    const companyId = 'unpriced';
    await addCompany(db.pool, companyId, 10);
    await expect(
      environment().run(priced.agentStep, unpricedStep(companyId, 'openai-compatible:mystery')),
    ).rejects.toMatchObject({ type: 'UnpricedModel', nonRetryable: true, message: /SYNTHORG_MODEL_PRICES/ });
    expect(stub.requests).toHaveLength(0);

    await db.pool.query(`UPDATE companies SET template = $2 WHERE id = $1`, [
      companyId,
      JSON.stringify({ id: companyId, agents: [], prices: { 'openai-compatible:mystery': { free: true } } }),
    ]);
    const free = (await environment().run(
      priced.agentStep,
      unpricedStep(companyId, 'openai-compatible:mystery'),
    )) as AgentStepResult;
    expect(free.costUsd).toBe(0);
    const paid = (await environment().run(
      priced.agentStep,
      unpricedStep(companyId, 'openai-compatible:priced-here'),
    )) as AgentStepResult;
    // 1,000 tokens in at $1/M and 1,000 out at $2/M.
    expect(paid.costUsd).toBeCloseTo(0.003, 9);
    expect(stub.requests).toHaveLength(2);
  });
});
