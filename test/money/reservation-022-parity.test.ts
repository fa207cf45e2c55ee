/**
 * Migration 024's `reserve_spend` answers as migration 022's did, call by call, on PGlite and on a real PostgreSQL:
 * the same outcome, amount, price, refusal (scope, spent, held, limit) and the same ledger rows, totals and holds
 * afterwards. Migration 022's function runs beside it as `reserve_spend_022`
 * (bench/reservation/previous-step-statements.ts), on companies prepared alike.
 */
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  reserveSpendUnlessStored,
  ReservationRefusedError,
  type ReservationRequest,
} from '../../src/db/spend-reservations.ts';
import { resolvePrice, type PriceSettings } from '../../src/llm/price-policy.ts';
import { statementsBefore024 } from '../../bench/reservation/previous-step-statements.ts';
import {
  noRealPostgresReason,
  startTestDatabase,
  startTestRealPostgres,
  type TestDatabase,
} from '../helpers/database.ts';
import { addCompany, recordSpent } from './money-fixtures.ts';

const real = await startTestRealPostgres();
const pglite = await startTestDatabase();
const model = 'openai:gpt-4.1-mini';

afterAll(async () => {
  await real?.stop();
  await pglite.stop();
});

interface Scenario {
  name: string;
  limitUsd: number;
  /** The template's fields over `{ id, agents: [] }`; `template: null` leaves the fixture's. */
  template?: Record<string, unknown>;
  spentUsd?: number;
  heldUsd?: number;
  expiredUsd?: number;
  request?: Partial<ReservationRequest>;
  environmentPrices?: PriceSettings;
  storedAnswer?: boolean;
}

const ceoLimit = (limit: unknown) => ({ agents: [{ id: 'ceo', budgetLimitUsd: limit }] });
const scenarios: Scenario[] = [
  { name: 'room to spare', limitUsd: 1 },
  { name: 'one micro-dollar short', limitUsd: 0.002 - 0.000001 },
  { name: 'fits exactly', limitUsd: 0.002 },
  { name: 'spent reached the limit', limitUsd: 1, spentUsd: 1 },
  { name: 'held by calls in flight', limitUsd: 0.01, spentUsd: 0.004, heldUsd: 0.005 },
  { name: 'an expired hold is charged and fits', limitUsd: 0.01, expiredUsd: 0.005 },
  { name: 'an expired hold is charged and refuses', limitUsd: 0.01, spentUsd: 0.004, expiredUsd: 0.005 },
  { name: "the org chart's agent limit refuses", limitUsd: 1, template: ceoLimit(0.003), spentUsd: 0.0015 },
  { name: "the org chart's agent limit fits", limitUsd: 1, template: ceoLimit(0.0036), spentUsd: 0.0015 },
  { name: 'an agent limit of JSON null', limitUsd: 1, template: ceoLimit(null), request: { agentLimitUsd: 0.001 } },
  { name: 'an agent limit written as a string', limitUsd: 1, template: ceoLimit('0.001') },
  {
    name: 'two agents of one id: the first one',
    limitUsd: 1,
    template: {
      agents: [
        { id: 'ceo', budgetLimitUsd: 0.001 },
        { id: 'ceo', budgetLimitUsd: 5 },
      ],
    },
  },
  { name: 'another agent limited', limitUsd: 1, template: { agents: [{ id: 'cto', budgetLimitUsd: 0.0001 }] } },
  { name: "the task's agent limit", limitUsd: 1, spentUsd: 0.0015, request: { agentLimitUsd: 0.003 } },
  { name: 'the org chart wins', limitUsd: 1, template: ceoLimit(0.1), request: { agentLimitUsd: 0.001 } },
  { name: 'company refuses before agent', limitUsd: 0.001, request: { agentLimitUsd: 0.001 } },
  { name: "the company's agent scope ''", limitUsd: 0.01, spentUsd: 0.004, heldUsd: 0.005, request: { agentId: '' } },
  { name: 'no agents in the template', limitUsd: 1, template: { agents: undefined } },
  {
    name: "the company's price",
    limitUsd: 1,
    template: { prices: { [model]: { inputPerMillion: 0.15, outputPerMillion: 0.6 } } },
    request: { promptTokens: 1_234, maxOutputTokens: 777 },
  },
  { name: 'free in the template', limitUsd: 1, template: { prices: { [model]: { free: true } } } },
  { name: "another model's price only", limitUsd: 1, template: { prices: { 'x:other': { free: true } } } },
  {
    name: "the environment's price",
    limitUsd: 1,
    request: { model: 'openai-compatible:mystery' },
    environmentPrices: { 'openai-compatible:mystery': { inputPerMillion: 1.1, outputPerMillion: 3.3 } },
  },
  { name: 'unpriced', limitUsd: 1, request: { model: 'openai-compatible:mystery' } },
  { name: 'the month in the company time zone', limitUsd: 0.01, template: { timezone: 'Etc/GMT-14' }, spentUsd: 0.009 },
  { name: 'a stored answer at the ceiling', limitUsd: 0.001, spentUsd: 0.001, storedAnswer: true },
];

async function prepare(pool: Pool, companyId: string, scenario: Scenario): Promise<void> {
  await addCompany(pool, companyId, scenario.limitUsd);
  await pool.query('UPDATE companies SET template = $2 WHERE id = $1', [
    companyId,
    JSON.stringify({ id: companyId, agents: [], ...scenario.template }),
  ]);
  if (scenario.spentUsd) await recordSpent(pool, companyId, scenario.spentUsd);
  if (scenario.storedAnswer) {
    await recordSpent(pool, companyId, 0, `${companyId}:call`);
    await pool.query(`UPDATE ledger SET response = '{"kept":true}' WHERE call_key = $1`, [`${companyId}:call`]);
  }
  for (const [kind, usd, expiresInMs] of [
    ['held', scenario.heldUsd, 360_000],
    ['expired', scenario.expiredUsd, -1_000],
  ] as const) {
    if (!usd) continue;
    await pool.query(
      `INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id,
                                       model, amount_usd, expires_at)
         VALUES ($1 || '#attempt-1', $1, $2, 'ceo', 't0', 'w', $3, $4, now() + $5 * interval '1 millisecond')`,
      [`${companyId}:${kind}`, companyId, model, usd, expiresInMs],
    );
  }
}

async function decide(pool: Pool, companyId: string, scenario: Scenario) {
  const modelName = scenario.request?.model ?? model;
  try {
    return await reserveSpendUnlessStored(pool, {
      reservationKey: `${companyId}:call#attempt-1`,
      callKey: `${companyId}:call`,
      companyId,
      agentId: 'ceo',
      taskId: 't1',
      workflowId: `company:${companyId}:task:t1`,
      model: modelName,
      promptTokens: 1_000,
      maxOutputTokens: 1_000,
      expiresInMs: 360_000,
      priceOf: (companyPrices) => resolvePrice(modelName, companyPrices, scenario.environmentPrices),
      ...scenario.request,
    });
  } catch (error) {
    const refusal = error instanceof ReservationRefusedError ? error.refusal : undefined;
    return { error: (error as Error).name, message: (error as Error).message, refusal };
  }
}

/** The company's money afterwards, its id taken out of the keys. */
async function moneyOf(pool: Pool, companyId: string) {
  const { rows } = await pool.query(
    `SELECT (SELECT json_agg(json_build_object('key', replace(call_key, $1, ''), 'agent', agent_id, 'cost', cost_usd,
                                               'response', response) ORDER BY call_key)
               FROM ledger WHERE company_id = $1) AS ledger,
            (SELECT json_agg(json_build_object('agent', agent_id, 'month', month, 'cost', cost_usd, 'calls', calls)
                             ORDER BY agent_id, month)
               FROM spend_totals WHERE company_id = $1) AS totals,
            (SELECT json_agg(json_build_object('key', replace(reservation_key, $1, ''), 'amount', amount_usd,
                                               'outcome', outcome, 'settled', settled_at IS NOT NULL)
                             ORDER BY reservation_key)
               FROM spend_reservations WHERE company_id = $1) AS holds`,
    [companyId],
  );
  return JSON.parse(JSON.stringify(rows[0]).replaceAll(companyId, '<company>')) as unknown;
}

function parity(database: () => TestDatabase) {
  it.each(scenarios)('$name', async (scenario) => {
    const { pool } = database();
    const slug = scenario.name.replace(/[^a-z0-9]+/g, '-');
    const before = statementsBefore024(pool);
    // Company ids of one length: the ledger's JSON (the stored answer) does not differ by them.
    const [was, now] = [`022-${slug}`, `024-${slug}`];
    await prepare(pool, was, scenario);
    await prepare(pool, now, scenario);
    const answers = { was: await decide(before, was, scenario), now: await decide(pool, now, scenario) };
    expect(JSON.parse(JSON.stringify(answers.now).replaceAll(now, was))).toEqual(answers.was);
    expect(await moneyOf(pool, now)).toEqual(await moneyOf(pool, was));
  });

  it('prices 300 random token counts at fractional prices to the same micro-dollar', async () => {
    const { pool } = database();
    const prices = {
      [model]: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      'x:odd': { inputPerMillion: 2.5, outputPerMillion: 0.3 },
      'x:half': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
    };
    const before = statementsBefore024(pool);
    for (const companyId of ['round-022', 'round-024']) {
      await addCompany(pool, companyId, 1_000_000);
      await pool.query('UPDATE companies SET template = $2 WHERE id = $1', [
        companyId,
        JSON.stringify({ id: companyId, agents: [], prices }),
      ]);
    }
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (let index = 0; index < 300; index += 1) {
      const modelName = [model, 'x:odd', 'x:half'][index % 3]!;
      const scenario: Scenario = {
        name: 'rounding',
        limitUsd: 1_000_000,
        request: { model: modelName, promptTokens: next(200_000), maxOutputTokens: next(33_000) },
      };
      const keys = { callKey: `${index}`, reservationKey: `${index}#attempt-1` };
      const was = await decide(before, 'round-022', { ...scenario, request: { ...scenario.request, ...keys } });
      const now = await decide(pool, 'round-024', { ...scenario, request: { ...scenario.request, ...keys } });
      expect(now, JSON.stringify(scenario.request)).toEqual(was);
    }
  });
}

describe("migration 024's reservation answers as migration 022's, on PGlite", () => parity(() => pglite));

describe.skipIf(real === undefined)(
  `migration 024's reservation answers as migration 022's, on real PostgreSQL${real ? '' : ` (${noRealPostgresReason})`}`,
  () => parity(() => real!),
);
