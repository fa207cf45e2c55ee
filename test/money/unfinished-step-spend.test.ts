import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCallActivities } from '../../activities/model-call.ts';
import { reserveStep } from '../../activities/step-spending.ts';
import { loadConfig } from '../../src/config/env.ts';
import { releaseReservation, settleExpiredReservations, type Reservation } from '../../src/db/spend-reservations.ts';
import { costOf } from '../../src/domain/budget.ts';
import { priceFor } from '../../src/llm/prices.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { activityEnvironment, addCompany, paidStepInput } from './money-fixtures.ts';

/**
 * A step whose model answered `remember`, whose memory write then needed a paid embedding that the
 * ceiling refused (the step's own hold of its maximum cost still counted). The model call was paid:
 * it is charged what it cost, and the rest of its hold goes back to the budget at once.
 */
const companyId = 'unfinished';
const workflowId = `company:${companyId}:task:1`;
let database: TestDatabase;
let stub: OpenAIStub;
let config: ReturnType<typeof loadConfig>;

const input = paidStepInput({
  companyId,
  workflowId,
  title: 'Note the vendor',
  description: 'Keep the vendor in memory',
});

beforeAll(async () => {
  database = await startTestDatabase();
  stub = await startOpenAIStub();
  config = loadConfig({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: stub.baseURL,
    SYNTHORG_EMBEDDING_MODEL: 'openai:text-embedding-3-small',
  });
  await addCompany(database.pool, companyId, 10);
});
afterAll(async () => {
  await stub?.close();
  await database?.stop();
});

const environment = () => activityEnvironment();

describe('a step that fails after its model answered', () => {
  it('is charged what the answer cost, not its whole hold, when its embedding is refused at the ceiling', async () => {
    // The ceiling admits the step's hold and not a cent more, so the memory write's embedding is refused.
    const probe = (await environment().run(() => reserveStep(database.pool, config, input, 'probe'))) as Reservation;
    await releaseReservation(database.pool, probe.reservationKey);
    await database.pool.query('UPDATE companies SET monthly_budget_usd = $2 WHERE id = $1', [
      companyId,
      probe.amountUsd,
    ]);
    const content = 'Our print vendor is Keller & Sons; invoices go to accounts@keller.example. '.repeat(4);
    stub.queue({ content: JSON.stringify({ type: 'remember', content }), promptTokens: 300, completionTokens: 40 });

    const activities = createModelCallActivities({ pool: database.pool, config });
    await expect(environment().run(activities.agentStep, input)).rejects.toMatchObject({
      type: 'BudgetExceeded',
      nonRetryable: true,
    });
    // The chat call was made; the embedding never was.
    expect(stub.requests.map((request) => request.path.split('/').at(-1))).toEqual(['completions']);

    const answerCost = costOf({ inputTokens: 300, outputTokens: 40 }, priceFor('openai:gpt-4.1-mini').price);
    expect(answerCost).toBeLessThan(probe.amountUsd / 2);
    const reservations = await database.pool.query<{ reservation_key: string; outcome: string | null }>(
      `SELECT reservation_key, outcome FROM spend_reservations WHERE company_id = $1 AND reservation_key <> 'probe#attempt-1' ORDER BY created_at`,
      [companyId],
    );
    // Settled by the answer's row, not left open to be charged its maximum when it expires.
    expect(reservations.rows).toEqual([{ reservation_key: `${workflowId}#1#attempt-1`, outcome: 'settled' }]);
    await database.pool.query(
      `UPDATE spend_reservations SET expires_at = now() - interval '1 second' WHERE company_id = $1`,
      [companyId],
    );
    expect(await settleExpiredReservations(database.pool, companyId)).toBe(0);

    const ledger = await database.pool.query<{
      call_key: string;
      input_tokens: number;
      output_tokens: number;
      cost_usd: string;
    }>('SELECT call_key, input_tokens, output_tokens, cost_usd FROM ledger WHERE company_id = $1 ORDER BY id', [
      companyId,
    ]);
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0]).toMatchObject({
      call_key: `${workflowId}#1#unfinished`,
      input_tokens: 300,
      output_tokens: 40,
    });
    expect(Number(ledger.rows[0]?.cost_usd)).toBeCloseTo(answerCost, 9);
    const totals = await database.pool.query<{ cost_usd: string }>(
      `SELECT cost_usd FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
      [companyId],
    );
    expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(answerCost, 9);
  });
});
