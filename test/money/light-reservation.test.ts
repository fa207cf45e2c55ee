/**
 * The lighter reservation (migration 024, docs/faults-and-load-rounds.md "Fifteenth round") keeps every guarantee of migration
 * 022's: on PGlite and on a real PostgreSQL, concurrent reservations never pass a ceiling that admits one, expired
 * holds are charged once, a template saved again (prices, an agent's limit, the time zone) is what the next
 * reservation reads — the trigger-kept columns follow every write of the template — and the monthly totals equal the
 * ledger.
 */
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordActivities } from '../../activities/records.ts';
import { companyMonth, recordLedgerRow } from '../../src/db/ledger.ts';
import { createPool } from '../../src/db/pool.ts';
import { reserveSpend, ReservationRefusedError, settleExpiredReservations } from '../../src/db/spend-reservations.ts';
import type { CompanySnapshot } from '../../src/domain/types.ts';
import {
  noRealPostgresReason,
  startTestDatabase,
  startTestRealPostgres,
  type TestDatabase,
} from '../helpers/database.ts';
import { openReservations, recordSpent, reservationRequest } from './money-fixtures.ts';

const real = await startTestRealPostgres();
const pglite = await startTestDatabase();
const model = 'openai:gpt-4.1-mini';
/** 1,000 tokens in and 1,000 out at gpt-4.1-mini's built-in $0.4/$1.6 per million. */
const perReservation = 0.002;
/** Connections of a pool that runs calls at once: the embedded PGlite accepts 16 in all (and runs one at a time). */
const connections = (label: string, wanted: number) => (label === 'PGlite' ? 4 : wanted);

afterAll(async () => {
  await real?.stop();
  await pglite.stop();
});

const request = reservationRequest;

function snapshot(id: string, limitUsd: number, fields: Partial<CompanySnapshot> = {}): CompanySnapshot {
  return {
    id,
    name: id,
    templateName: 'test',
    monthlyBudgetUsd: limitUsd,
    oversight: 'full',
    departments: [{ name: 'executive', head: 'ceo', budgetShare: 1 }],
    agents: [{ id: 'ceo', name: 'Ada', role: 'CEO', department: 'executive', seniority: 'c_suite', model }],
    policies: { reviewRequired: false, maxDecompositionDepth: 0, maxTasksPerGoal: 1 },
    ...fields,
  } as CompanySnapshot;
}

let events = 0;
/** Saves the company as the company workflow does (activities/records.ts saveCompany: insert, or update on conflict). */
async function saveCompany(pool: Pool, company: CompanySnapshot): Promise<void> {
  events += 1;
  await createRecordActivities({ pool }).saveCompany({
    company,
    status: 'RUNNING',
    eventKey: `${company.id}:saved:${events}`,
    event: 'company.saved',
    actor: 'test',
  });
}

/** The reservation's amount, or the refusal's message. */
async function attempt(pool: Pool, companyId: string, key: string): Promise<number | string> {
  try {
    return (await reserveSpend(pool, request(companyId, key))).amountUsd;
  } catch (error) {
    if (error instanceof ReservationRefusedError) return error.message;
    throw error;
  }
}

async function releaseAll(pool: Pool, companyId: string): Promise<void> {
  await pool.query(
    `UPDATE spend_reservations SET settled_at = now(), outcome = 'released' WHERE company_id = $1 AND settled_at IS NULL`,
    [companyId],
  );
}

/** The ledger's sums per scope ('' the company) against spend_totals of the company's current month. */
async function totalsAgainstLedger(pool: Pool, companyId: string) {
  const { rows } = await pool.query<{ agent_id: string; ledger: string; calls: number; totals: string | null }>(
    `WITH ledger_scopes AS (
       SELECT scope.agent_id, sum(cost_usd) AS cost_usd, count(*)::int AS calls
         FROM ledger CROSS JOIN LATERAL (VALUES (''), (ledger.agent_id)) AS scope (agent_id)
        WHERE company_id = $1 GROUP BY scope.agent_id)
     SELECT l.agent_id, l.cost_usd::text AS ledger, l.calls, t.cost_usd::text || '/' || t.calls AS totals
       FROM ledger_scopes l LEFT JOIN spend_totals t
         ON t.company_id = $1 AND t.agent_id = l.agent_id AND t.month = ${companyMonth('$1')}
      ORDER BY l.agent_id`,
    [companyId],
  );
  return rows;
}

function guarantees(label: string, database: () => TestDatabase) {
  it(`${label}: a template saved again is what the next reservation reads: its price, an agent's limit, its time zone`, async () => {
    const { pool } = database();
    const id = `saved-${label.toLowerCase()}`;
    await saveCompany(pool, snapshot(id, 10));
    expect(await attempt(pool, id, `${id}:1`)).toBe(perReservation);
    // The company's own price, set by saving the company again (insert on conflict update).
    await saveCompany(
      pool,
      snapshot(id, 10, { prices: { [model]: { inputPerMillion: 0.15, outputPerMillion: 0.6 } } }),
    );
    expect(await attempt(pool, id, `${id}:2`)).toBe(0.00075);
    await saveCompany(pool, snapshot(id, 10, { prices: { [model]: { free: true } } }));
    expect(await attempt(pool, id, `${id}:3`)).toBe(0);
    await saveCompany(pool, snapshot(id, 10));
    expect(await attempt(pool, id, `${id}:4`)).toBe(perReservation);
    await releaseAll(pool, id);

    // The org chart's limit of the agent: the first of two agents of one id, as migration 022 read it.
    const ceo = snapshot(id, 10).agents[0]!;
    await saveCompany(
      pool,
      snapshot(id, 10, {
        agents: [
          { ...ceo, budgetLimitUsd: perReservation / 2 },
          { ...ceo, budgetLimitUsd: 5 },
        ],
      }),
    );
    expect(await attempt(pool, id, `${id}:5`)).toMatch(/^agent budget exhausted/);
    // Any write of the template, even one statement of SQL, moves the columns with it.
    await pool.query(
      `UPDATE companies SET template = jsonb_set(template, '{agents,0,budgetLimitUsd}', '1') WHERE id = $1`,
      [id],
    );
    expect(await attempt(pool, id, `${id}:6`)).toBe(perReservation);
    await pool.query(`UPDATE companies SET template = template #- '{agents,0,budgetLimitUsd}' WHERE id = $1`, [id]);
    expect(await attempt(pool, id, `${id}:7`)).toBe(perReservation);
    await saveCompany(pool, snapshot(id, 10, { agents: [{ ...ceo, budgetLimitUsd: perReservation }] }));
    expect(await attempt(pool, id, `${id}:8`)).toMatch(/^agent budget exhausted/);
    await releaseAll(pool, id);

    // The time zone of the budget month: the reservation and the ledger read it from the saved template.
    await saveCompany(pool, snapshot(id, 10, { timezone: 'Pacific/Kiritimati' }));
    const zones = await pool.query<{ month: string; expected: string; column: string }>(
      `SELECT ${companyMonth('$1')}::text AS month,
              date_trunc('month', now() AT TIME ZONE 'Pacific/Kiritimati')::date::text AS expected,
              budget_timezone AS column
         FROM companies WHERE id = $1`,
      [id],
    );
    expect(zones.rows[0]).toEqual({
      month: zones.rows[0]?.expected,
      expected: zones.rows[0]?.expected,
      column: 'Pacific/Kiritimati',
    });
    await saveCompany(pool, snapshot(id, 10));
    const utc = await pool.query<{ column: string }>('SELECT budget_timezone AS column FROM companies WHERE id = $1', [
      id,
    ]);
    expect(utc.rows[0]?.column).toBe('UTC');
  });

  it(`${label}: expired holds are charged once, however many reservations come at once, and totals equal the ledger`, async () => {
    const { pool, url } = database();
    const id = `expired-${label.toLowerCase()}`;
    await saveCompany(pool, snapshot(id, 10));
    await recordSpent(pool, id, 0.004);
    for (const [index, agentId] of ['ceo', 'ceo', 'cto'].entries()) {
      await pool.query(
        `INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model,
                                         amount_usd, expires_at)
         VALUES ($1 || '#attempt-1', $1, $2, $3, 't0', 'w', $4, $5, now() - interval '1 second')`,
        [`${id}:lost-${index}`, id, agentId, model, 0.001 * (index + 1)],
      );
    }
    const concurrent = createPool(url, { max: connections(label, 20) });
    try {
      // The reservations alone charge them (each under the lock, the first to come finds them); a settlement outside a
      // step afterwards finds nothing left to charge.
      const held = await Promise.all(
        Array.from({ length: 20 }, (_, index) => reserveSpend(concurrent, request(id, `${id}:step-${index}`))),
      );
      expect(held).toHaveLength(20);
      expect(await settleExpiredReservations(concurrent, id)).toBe(0);
    } finally {
      await concurrent.end();
    }
    const lost = await pool.query<{ call_key: string; cost: string }>(
      `SELECT call_key, cost_usd::text AS cost FROM ledger WHERE company_id = $1 AND call_key LIKE '%#lost' ORDER BY call_key`,
      [id],
    );
    expect(lost.rows).toEqual([
      { call_key: `${id}:lost-0#attempt-1#lost`, cost: '0.001000' },
      { call_key: `${id}:lost-1#attempt-1#lost`, cost: '0.002000' },
      { call_key: `${id}:lost-2#attempt-1#lost`, cost: '0.003000' },
    ]);
    const outcomes = await pool.query<{ outcome: string }>(
      `SELECT outcome FROM spend_reservations WHERE company_id = $1 AND reservation_key LIKE '%:lost-%'`,
      [id],
    );
    expect(outcomes.rows.map((row) => row.outcome)).toEqual(['expired', 'expired', 'expired']);
    // Settle the steps' holds as their ledger rows do, then every scope's total is the ledger's sum.
    for (let index = 0; index < 20; index++) {
      await recordLedgerRow(pool, {
        callKey: `${id}:step-${index}`,
        reservationKey: `${id}:step-${index}#attempt-1`,
        companyId: id,
        taskId: 't1',
        workflowId: 'w',
        agentId: 'ceo',
        model,
        offline: false,
        inputTokens: 900,
        outputTokens: 700,
        costUsd: 0.00148,
        response: {},
      });
    }
    expect(await openReservations(pool, id)).toBe(0);
    const scopes = await totalsAgainstLedger(pool, id);
    expect(scopes.map((scope) => scope.agent_id)).toEqual(['', 'ceo', 'cto']);
    for (const scope of scopes) expect(scope.totals).toBe(`${scope.ledger}/${scope.calls}`);
    expect(scopes[0]?.ledger).toBe(`${(0.004 + 0.006 + 20 * 0.00148).toFixed(6)}`);
  });
}

function concurrency(label: string, database: () => TestDatabase) {
  it(`${label}: 30 concurrent reservations against a ceiling that admits one: exactly one is held`, async () => {
    const { pool, url } = database();
    for (const scope of ['company', 'agent'] as const) {
      const id = `one-${scope}-${label.toLowerCase()}`;
      const ceo = snapshot(id, 1).agents[0]!;
      await saveCompany(
        pool,
        scope === 'company'
          ? snapshot(id, perReservation * 2 - 0.000001)
          : snapshot(id, 10, { agents: [{ ...ceo, budgetLimitUsd: perReservation * 2 - 0.000001 }] }),
      );
      // Half the ceiling already spent: one more reservation fits, two do not.
      await recordSpent(pool, id, perReservation / 2);
      const concurrent = createPool(url, { max: connections(label, 30) });
      try {
        await Promise.all(Array.from({ length: connections(label, 30) }, () => concurrent.query('SELECT 1')));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 30 }, (_, index) => reserveSpend(concurrent, request(id, `${id}:${index}`))),
        );
        const refusals = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [(outcome.reason as Error).message.split(':')[0]] : [],
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(refusals).toEqual(Array.from({ length: 29 }, () => `${scope} budget exhausted`));
        expect(await openReservations(pool, id)).toBe(1);
      } finally {
        await concurrent.end();
      }
    }
  });
}

describe('the lighter reservation on PGlite', () => {
  guarantees('PGlite', () => pglite);
  concurrency('PGlite', () => pglite);
});

describe.skipIf(real === undefined)(
  `the lighter reservation on real PostgreSQL${real ? '' : ` (${noRealPostgresReason})`}`,
  () => {
    guarantees('PostgreSQL', () => real!);
    concurrency('PostgreSQL', () => real!);
  },
);
