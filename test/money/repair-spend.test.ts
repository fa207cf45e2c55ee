import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCallActivities } from '../../activities/model-call.ts';
import { loadConfig } from '../../src/config/env.ts';
import { settleExpiredReservations } from '../../src/db/spend-reservations.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { until } from '../helpers/until.ts';
import type { AgentStepResult } from '../../src/domain/agent-action.ts';
import { activityEnvironment, addCompany, paidStepInput } from './money-fixtures.ts';

const companyId = 'repairs';
const workflowId = `company:${companyId}:task:1`;
let database: TestDatabase;
let stub: OpenAIStub;
let activities: ReturnType<typeof createModelCallActivities>;

beforeAll(async () => {
  database = await startTestDatabase();
  stub = await startOpenAIStub();
  activities = createModelCallActivities({
    pool: database.pool,
    config: loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL }),
  });
  await addCompany(database.pool, companyId, 10);
});
afterAll(async () => {
  await stub?.close();
  await database?.stop();
});

const input = paidStepInput({ companyId, workflowId });

const attempt = (number: number) => activityEnvironment({ attempt: number });

const prose = { content: 'I think the plan should be to grow.', promptTokens: 300, completionTokens: 10 };

describe('a step whose reply was unusable, retried after its attempt was lost', () => {
  it('records every paid call once: both unusable replies, the lost repair (at its maximum) and the answer', async () => {
    // Attempt 1: an unusable reply, then the repair request is under way when the attempt is lost.
    stub.queue(prose, { delayMs: 2_000, content: '{"type":"answer","text":"lost"}', promptTokens: 400 });
    const lost = attempt(1);
    const running = lost.run(activities.agentStep, input);
    await until('the second call', () => stub.requests.length === 2, { timeoutMs: 10_000, intervalMs: 20 });
    lost.cancel();
    await expect(running).rejects.toThrow();
    const open = await database.pool.query<{ reservation_key: string }>(
      'SELECT reservation_key FROM spend_reservations WHERE company_id = $1 AND settled_at IS NULL',
      [companyId],
    );
    // The repair request held a reservation of its own, still open: its call may have been billed.
    expect(open.rows.map((row) => row.reservation_key)).toEqual([`${workflowId}#1#attempt-1#repair`]);

    // Attempt 2 pays for an unusable reply again, and its repair succeeds.
    stub.queue(prose, { content: '{"type":"answer","text":"grow"}', promptTokens: 420, completionTokens: 12 });
    const result = (await attempt(2).run(activities.agentStep, input)) as AgentStepResult;
    expect(result).toMatchObject({ reused: false, action: { type: 'answer', text: 'grow' } });
    expect(stub.requests).toHaveLength(4);

    // The lost attempt's time runs out (simulated: its expiry moves into the past) and it is charged.
    await database.pool.query(
      `UPDATE spend_reservations SET expires_at = now() - interval '1 second' WHERE company_id = $1 AND settled_at IS NULL`,
      [companyId],
    );
    expect(await settleExpiredReservations(database.pool, companyId)).toBe(1);
    expect(await settleExpiredReservations(database.pool, companyId)).toBe(0);

    const { rows } = await database.pool.query<{ call_key: string; input_tokens: number; cost_usd: string }>(
      'SELECT call_key, input_tokens, cost_usd FROM ledger WHERE company_id = $1 ORDER BY id',
      [companyId],
    );
    const step = `${workflowId}#1`;
    expect(rows.map((row) => row.call_key)).toEqual([
      `${step}#unusable`,
      `${step}#unusable#attempt-2`,
      step,
      `${step}#attempt-1#repair#lost`,
    ]);
    expect(rows.map((row) => row.input_tokens)).toEqual([300, 300, 420, 0]);
    // The lost repair is charged its reservation: its prompt repeats the reply, so it holds more than a first call.
    expect(Number(rows[3]?.cost_usd)).toBeGreaterThan(Number(rows[2]?.cost_usd));
    const totals = await database.pool.query<{ calls: number; cost_usd: string }>(
      `SELECT calls, cost_usd FROM spend_totals WHERE company_id = $1 AND agent_id = ''`,
      [companyId],
    );
    expect(totals.rows[0]?.calls).toBe(4);
    expect(Number(totals.rows[0]?.cost_usd)).toBeCloseTo(
      rows.reduce((sum, row) => sum + Number(row.cost_usd), 0),
      9,
    );
    const stillOpen = await database.pool.query<{ open: number }>(
      'SELECT count(*)::int AS open FROM spend_reservations WHERE company_id = $1 AND settled_at IS NULL',
      [companyId],
    );
    expect(stillOpen.rows[0]?.open).toBe(0);
  });
});
