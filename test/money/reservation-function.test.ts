/**
 * The reservation in one round trip (`reserve_spend`, migration 022) on a real PostgreSQL, where
 * concurrent connections really run at once: no overspend under concurrency, and the same decisions
 * as the six-statement transaction it replaced (bench/reservation/previous-reservation.ts), there and on PGlite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Pool } from 'pg';
import { createPool } from '../../src/db/pool.ts';
import {
  reserveSpend,
  reserveSpendUnlessStored,
  ReservationRefusedError,
  type ReservationRequest,
} from '../../src/db/spend-reservations.ts';
import { resolvePrice, type PriceSettings } from '../../src/llm/price-policy.ts';
import { reserveSpendInTransaction } from '../../bench/reservation/previous-reservation.ts';
import {
  noRealPostgresReason,
  startTestDatabase,
  startTestRealPostgres,
  type TestDatabase,
} from '../helpers/database.ts';
import { addCompany, recordSpent, reservationRequest } from './money-fixtures.ts';

const database = await startTestRealPostgres();
const pglite = await startTestDatabase();
const model = 'openai:gpt-4.1-mini';

afterAll(async () => {
  await database?.stop();
  await pglite.stop();
});

const request = reservationRequest;

/** $0.002 at gpt-4.1-mini's $0.4/$1.6 per million: 1,000 tokens in and 1,000 out. */
const perReservation = 0.002;

async function openHeld(pool: Pool, companyId: string, agentId?: string): Promise<{ count: number; usd: number }> {
  const { rows } = await pool.query<{ count: number; usd: string | null }>(
    `SELECT count(*)::int AS count, sum(amount_usd) AS usd FROM spend_reservations
      WHERE company_id = $1 AND settled_at IS NULL AND ($2::text IS NULL OR agent_id = $2)`,
    [companyId, agentId ?? null],
  );
  return { count: rows[0]?.count ?? 0, usd: Number(rows[0]?.usd ?? 0) };
}

describe.skipIf(database === undefined)(
  `the reservation in one statement, on real PostgreSQL${database ? '' : ` (${noRealPostgresReason})`}`,
  () => {
    const db = database as TestDatabase;

    it('60 concurrent reservations against a ceiling that fits 7: exactly 7 are held, never more than the ceiling', async () => {
      const companyId = 'many-at-once';
      await addCompany(db.pool, companyId, perReservation * 7 + 0.0005);
      // Enough connections that the 60 calls really run at the same time.
      const pool = createPool(db.url, { max: 60 });
      try {
        await Promise.all(Array.from({ length: 60 }, () => pool.query('SELECT 1')));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 60 }, (_, index) => reserveSpend(pool, request(companyId, `call-${index}`))),
        );
        const held = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
        const refused = outcomes.filter(
          (outcome) =>
            outcome.status === 'rejected' &&
            outcome.reason instanceof ReservationRefusedError &&
            outcome.reason.refusal.kind === 'over-budget',
        ).length;
        const open = await openHeld(db.pool, companyId);
        console.log(`60 concurrent reservations, ceiling fits 7: ${held} held, $${open.usd.toFixed(6)} reserved`);
        expect(open.usd).toBeLessThanOrEqual(perReservation * 7 + 0.0005);
        expect(held).toBe(7);
        expect(open.count).toBe(7);
        expect(refused).toBe(53);
      } finally {
        await pool.end();
      }
    });

    it("40 concurrent reservations of one agent against its own limit that fits 3 (the company's fits all): 3 held", async () => {
      const companyId = 'agent-at-once';
      await addCompany(db.pool, companyId, 10);
      await db.pool.query('UPDATE companies SET template = $2 WHERE id = $1', [
        companyId,
        JSON.stringify({ id: companyId, agents: [{ id: 'ceo', budgetLimitUsd: perReservation * 3 }] }),
      ]);
      const pool = createPool(db.url, { max: 40 });
      try {
        const outcomes = await Promise.allSettled([
          ...Array.from({ length: 40 }, (_, index) => reserveSpend(pool, request(companyId, `ceo-${index}`))),
          // Another agent of the same company is not held back by the CEO's limit.
          ...Array.from({ length: 5 }, (_, index) =>
            reserveSpend(pool, request(companyId, `cto-${index}`, { agentId: 'cto' })),
          ),
        ]);
        const refusals = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' && outcome.reason instanceof ReservationRefusedError
            ? [outcome.reason.message]
            : [],
        );
        expect(await openHeld(db.pool, companyId, 'ceo')).toEqual({ count: 3, usd: perReservation * 3 });
        expect((await openHeld(db.pool, companyId, 'cto')).count).toBe(5);
        expect(refusals).toHaveLength(37);
        expect(refusals.every((message) => message.startsWith('agent budget exhausted'))).toBe(true);
      } finally {
        await pool.end();
      }
    });
  },
);

/** The decisions, on either database: PGlite runs the same function through its one shared session. */
function sameDecisions(db: TestDatabase): void {
  it("a step's first reservation returns its stored answer when the ledger has it, reserving (and refusing) nothing", async () => {
    const companyId = 'stored-answer';
    // At its ceiling: a new reservation would be refused, a recorded answer is still reused.
    await addCompany(db.pool, companyId, 0.001);
    await recordSpent(db.pool, companyId, 0.001, `${companyId}:step-1`);
    await db.pool.query(
      `UPDATE ledger SET response = '{"action":{"type":"answer","text":"kept"}}' WHERE call_key = $1`,
      [`${companyId}:step-1`],
    );
    const again = await reserveSpendUnlessStored(db.pool, request(companyId, `${companyId}:step-1`));
    expect(again).toEqual({ kind: 'stored', response: { action: { type: 'answer', text: 'kept' } } });
    expect((await openHeld(db.pool, companyId)).count).toBe(0);
    // A call not in the ledger is reserved (here: refused at the ceiling), and so is any call of reserveSpend.
    await expect(reserveSpendUnlessStored(db.pool, request(companyId, `${companyId}:step-2`))).rejects.toThrow(
      /^company budget exhausted/,
    );
    await addCompany(db.pool, companyId, 1);
    const held = await reserveSpend(db.pool, request(companyId, `${companyId}:step-1`));
    expect(held.amountUsd).toBe(perReservation);
    expect((await openHeld(db.pool, companyId)).count).toBe(1);
  });

  describe('decides as the six-statement transaction did', () => {
    type Scenario = {
      name: string;
      limitUsd: number;
      template?: Record<string, unknown>;
      spentUsd?: number;
      /** Spent in the previous budget month: not counted. */
      spentLastMonthUsd?: number;
      heldUsd?: number;
      expiredUsd?: number;
      request?: Partial<ReservationRequest>;
      environmentPrices?: PriceSettings;
      missingCompany?: boolean;
    };
    const scenarios: Scenario[] = [
      { name: 'room to spare', limitUsd: 1 },
      { name: 'fits exactly', limitUsd: perReservation },
      { name: 'one micro-dollar short', limitUsd: perReservation - 0.000001 },
      { name: 'spent reached the limit', limitUsd: 1, spentUsd: 1 },
      { name: 'held by calls in flight', limitUsd: 0.01, spentUsd: 0.004, heldUsd: 0.005 },
      { name: 'spent last month does not count', limitUsd: 0.01, spentLastMonthUsd: 0.5 },
      { name: 'an expired hold is charged, and still fits', limitUsd: 0.01, expiredUsd: 0.005 },
      { name: 'an expired hold charged as spent refuses', limitUsd: 0.01, spentUsd: 0.004, expiredUsd: 0.005 },
      {
        name: "the org chart's agent limit",
        limitUsd: 1,
        template: { agents: [{ id: 'ceo', budgetLimitUsd: 0.003 }] },
        spentUsd: 0.0015,
      },
      { name: "the task's agent limit", limitUsd: 1, spentUsd: 0.0015, request: { agentLimitUsd: 0.003 } },
      {
        name: 'the org chart wins over the task',
        limitUsd: 1,
        template: { agents: [{ id: 'ceo', budgetLimitUsd: 0.1 }] },
        spentUsd: 0.0015,
        request: { agentLimitUsd: 0.003 },
      },
      { name: 'company refuses before agent', limitUsd: 0.001, request: { agentLimitUsd: 0.001 } },
      {
        name: "the company's price",
        limitUsd: 1,
        template: { prices: { [model]: { inputPerMillion: 0.15, outputPerMillion: 0.6 } } },
        request: { promptTokens: 1_234, maxOutputTokens: 777 },
      },
      { name: 'free in the template', limitUsd: 1, template: { prices: { [model]: { free: true } } } },
      {
        name: "the environment's price for an unlisted model",
        limitUsd: 1,
        request: { model: 'openai-compatible:mystery' },
        environmentPrices: { 'openai-compatible:mystery': { inputPerMillion: 1.1, outputPerMillion: 3.3 } },
      },
      { name: 'unpriced', limitUsd: 1, request: { model: 'openai-compatible:mystery' } },
      { name: 'unknown company', limitUsd: 1, missingCompany: true },
      {
        name: 'month in the company time zone',
        limitUsd: 0.01,
        template: { timezone: 'Pacific/Kiritimati' },
        spentUsd: 0.009,
      },
    ];

    async function prepare(companyId: string, scenario: Scenario): Promise<void> {
      if (scenario.missingCompany) return;
      await addCompany(db.pool, companyId, scenario.limitUsd);
      await db.pool.query('UPDATE companies SET template = $2 WHERE id = $1', [
        companyId,
        JSON.stringify({ id: companyId, agents: [], ...scenario.template }),
      ]);
      if (scenario.spentUsd) await recordSpent(db.pool, companyId, scenario.spentUsd);
      if (scenario.spentLastMonthUsd) {
        await db.pool.query(
          `INSERT INTO spend_totals (company_id, agent_id, month, cost_usd, calls)
             SELECT $1, scope, (date_trunc('month', now()) - interval '1 month')::date, $2, 1
               FROM unnest(ARRAY['', 'ceo']) AS scope`,
          [companyId, scenario.spentLastMonthUsd],
        );
      }
      for (const [kind, usd, expiresInMs] of [
        ['held', scenario.heldUsd, 360_000],
        ['expired', scenario.expiredUsd, -1_000],
      ] as const) {
        if (!usd) continue;
        await db.pool.query(
          `INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id,
                                             model, amount_usd, expires_at)
             VALUES ($1 || '#attempt-1', $1, $2, 'ceo', 't0', 'w', $3, $4, now() + $5 * interval '1 millisecond')`,
          [`${companyId}:${kind}`, companyId, model, usd, expiresInMs],
        );
      }
    }

    async function decide(reserve: typeof reserveSpend, companyId: string, scenario: Scenario) {
      await prepare(companyId, scenario);
      const modelName = scenario.request?.model ?? model;
      try {
        const held = await reserve(
          db.pool,
          request(companyId, `${companyId}:call`, {
            priceOf: (companyPrices) => resolvePrice(modelName, companyPrices, scenario.environmentPrices),
            ...scenario.request,
          }),
        );
        return { held: { amountUsd: held.amountUsd, price: { ...held.price } } };
      } catch (error) {
        const refusal = error instanceof ReservationRefusedError ? error.refusal : undefined;
        return { error: (error as Error).name, message: (error as Error).message, refusal };
      }
    }

    async function ledgerState(companyId: string) {
      const { rows } = await db.pool.query<{ keys: string[] | null; costs: string[] | null; totals: string | null }>(
        `SELECT (SELECT array_agg(replace(call_key, $1, '') ORDER BY call_key) FROM ledger WHERE company_id = $1) AS keys,
                  (SELECT array_agg(cost_usd::text ORDER BY call_key) FROM ledger WHERE company_id = $1) AS costs,
                  (SELECT string_agg(agent_id || '=' || cost_usd || '/' || calls, ',' ORDER BY agent_id)
                     FROM spend_totals WHERE company_id = $1) AS totals`,
        [companyId],
      );
      const held = await db.pool.query<{ amounts: string | null }>(
        `SELECT string_agg(amount_usd::text || ':' || coalesce(outcome, 'open'), ',' ORDER BY amount_usd, outcome)
             AS amounts FROM spend_reservations WHERE company_id = $1`,
        [companyId],
      );
      return { ...rows[0], held: held.rows[0]?.amounts };
    }

    it.each(scenarios)('$name', async (scenario) => {
      const slug = scenario.name.replace(/[^a-z]+/g, '-');
      const before = await decide(reserveSpendInTransaction, `before-${slug}`, scenario);
      const now = await decide(reserveSpend, `now-${slug}`, scenario);
      expect(now).toEqual(before);
      const [stateBefore, stateNow] = [await ledgerState(`before-${slug}`), await ledgerState(`now-${slug}`)];
      const refusedAfterCharging = scenario.expiredUsd !== undefined && 'error' in now;
      if (refusedAfterCharging) {
        // The one difference: a refusal no longer rolls back the charge of expired holds (it stays made).
        expect(stateNow.keys).toContain(':expired#attempt-1#lost');
        expect(stateBefore.keys ?? []).not.toContain(':expired#attempt-1#lost');
      } else {
        expect(stateNow).toEqual(stateBefore);
      }
    });

    it('prices 300 random token counts at fractional prices to the same micro-dollar', async () => {
      const companyId = 'rounding';
      // Halves (x:half) are where rounding rules differ: Math.round takes 2.5 to 3, round-half-even to 2.
      const prices = {
        [model]: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
        'x:odd': { inputPerMillion: 2.5, outputPerMillion: 0.3 },
        'x:half': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
      };
      await addCompany(db.pool, companyId, 1_000_000);
      await db.pool.query('UPDATE companies SET template = $2 WHERE id = $1', [
        companyId,
        JSON.stringify({ id: companyId, agents: [], prices }),
      ]);
      let seed = 42;
      const next = (below: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % below;
      };
      for (let index = 0; index < 300; index += 1) {
        const modelName = [model, 'x:odd', 'x:half'][index % 3]!;
        const tokens = { promptTokens: next(200_000), maxOutputTokens: next(33_000) };
        const priceOf = (companyPrices: PriceSettings | undefined) => resolvePrice(modelName, companyPrices);
        const overrides = { ...tokens, model: modelName, priceOf };
        const before = await reserveSpendInTransaction(db.pool, request(companyId, `b${index}`, overrides));
        const now = await reserveSpend(db.pool, request(companyId, `n${index}`, overrides));
        expect(now.amountUsd, JSON.stringify(tokens)).toBe(before.amountUsd);
      }
      const { rows } = await db.pool.query<{ differing: number }>(
        `SELECT count(*)::int AS differing FROM spend_reservations b JOIN spend_reservations n
              ON n.reservation_key = 'n' || substr(b.reservation_key, 2)
           WHERE b.company_id = $1 AND b.reservation_key LIKE 'b%' AND b.amount_usd <> n.amount_usd`,
        [companyId],
      );
      expect(rows[0]?.differing).toBe(0);
    });
  });
}

describe.skipIf(database === undefined)(
  `the same decisions as the transaction, on real PostgreSQL${database ? '' : ` (${noRealPostgresReason})`}`,
  () => sameDecisions(database as TestDatabase),
);

describe('the same decisions as the transaction, on PGlite', () => sameDecisions(pglite));
