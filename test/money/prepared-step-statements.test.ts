/**
 * A step's two statements — the reservation (`reserve_spend`) and the ledger row — go as named prepared statements
 * (docs/faults-and-load-rounds.md, "Fourteenth round"): each connection parses and plans them once. The step's answers and
 * its money are the same as with them unnamed (SYNTHORG_DATABASE_PREPARED_STATEMENTS=false, a pooler in transaction
 * mode), on the embedded PGlite and on PostgreSQL.
 */
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCallActivities } from '../../activities/model-call.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createPool } from '../../src/db/pool.ts';
import { standaloneStepTask, type AgentStepInput, type AgentStepResult } from '../../src/domain/agent-action.ts';
import type { TranscriptEntry } from '../../src/domain/agent-action.ts';
import {
  noRealPostgresReason,
  startTestDatabase,
  startTestRealPostgres,
  type TestDatabase,
} from '../helpers/database.ts';
import { activityEnvironment, addCompany, openReservations } from './money-fixtures.ts';

const config = loadConfig({});
const steps = 4;

/** The offline worker's step `step` of a task of `steps` steps (recalls, then the answer). */
function stepInput(companyId: string, step: number, transcript: TranscriptEntry[]): AgentStepInput {
  return {
    companyId,
    workflowId: `company:${companyId}:task:t1`,
    step,
    mode: 'work',
    agent: { id: 'solo', name: 'Solo', role: 'Analyst', seniority: 'mid', department: 'work', model: 'offline' },
    task: standaloneStepTask({
      id: 't1',
      title: `Harbour pilots schedule [steps=${steps}]`,
      description: 'Plan the harbour pilots',
      acceptanceCriteria: '',
    }),
    transcript,
  } as AgentStepInput;
}

/**
 * A task's steps on one connection of a pool (named statements on or off); what they answered and paid, and the
 * statements that connection keeps prepared afterwards.
 */
async function runTask(url: string, companyId: string, preparedStatements: boolean) {
  const pool = createPool(url, { max: 1, preparedStatements });
  try {
    await addCompany(pool, companyId, 10);
    const activities = createModelCallActivities({ pool, config });
    const answers: AgentStepResult[] = [];
    let transcript: TranscriptEntry[] = [];
    let last = stepInput(companyId, 1, transcript);
    for (let step = 1; step <= steps; step++) {
      last = stepInput(companyId, step, transcript);
      const result = (await activityEnvironment().run(activities.agentStep, last)) as AgentStepResult;
      answers.push(result);
      if (result.action.type === 'recall')
        transcript = [...transcript, { kind: 'recall', text: result.observation ?? '' }];
    }
    // A retry of the last step after its row was written: the stored answer, nothing charged twice.
    const retried = (await activityEnvironment({ attempt: 2 }).run(activities.agentStep, last)) as AgentStepResult;
    return {
      answers,
      retriedReused: retried.reused,
      money: await money(pool, companyId),
      prepared: await preparedStatementTexts(pool),
    };
  } finally {
    await pool.end();
  }
}

async function money(pool: Pool, companyId: string) {
  const ledger = await pool.query<{ rows: number; cost: string }>(
    'SELECT count(*)::int AS rows, sum(cost_usd)::text AS cost FROM ledger WHERE company_id = $1',
    [companyId],
  );
  const totals = await pool.query<{ agent_id: string; cost: string; calls: number }>(
    'SELECT agent_id, cost_usd::text AS cost, calls FROM spend_totals WHERE company_id = $1 ORDER BY agent_id',
    [companyId],
  );
  return { ledger: ledger.rows[0], totals: totals.rows, open: await openReservations(pool, companyId) };
}

/** The statements the pool's one connection keeps prepared: the step's, by the table or function they name. */
async function preparedStatementTexts(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
  return rows
    .map(({ statement }) =>
      statement.includes('reserve_spend(') ? 'reserve_spend' : statement.includes('INSERT INTO ledger') ? 'ledger' : '',
    )
    .filter((name) => name !== '')
    .sort();
}

function suite(label: string, start: () => Promise<TestDatabase | undefined>) {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await start();
  });
  afterAll(async () => {
    await database?.stop();
  });

  it(`${label}: the reservation and the ledger row are prepared once per connection, and pay as unnamed ones do`, async () => {
    // Company ids of one length: the offline model prices a step's input by its length.
    const named = await runTask(database!.url, `named-${label}`, true);
    const unnamed = await runTask(database!.url, `plain-${label}`, false);
    expect(named.prepared).toEqual(['ledger', 'reserve_spend']);
    expect(unnamed.prepared).toEqual([]);
    expect(named.answers).toEqual(unnamed.answers);
    expect(named.answers.at(-1)?.action.type).toBe('answer');
    expect([named.retriedReused, unnamed.retriedReused]).toEqual([true, true]);
    expect(named.money).toEqual(unnamed.money);
    expect(named.money.ledger?.rows).toBe(steps);
    expect(named.money.totals.map((row) => row.calls)).toEqual([steps, steps]);
    expect(named.money.open).toBe(0);
  });
}

describe('prepared step statements', () => {
  suite('PGlite', startTestDatabase);
});

const realPostgres = await startTestRealPostgres();
describe.skipIf(!realPostgres)(
  `prepared step statements on real PostgreSQL${realPostgres ? '' : ` (${noRealPostgresReason})`}`,
  () => {
    suite('PostgreSQL', async () => realPostgres);
  },
);
