/**
 * Fixtures the money tests share: a company row with a monthly ceiling, a paid agent step's input,
 * a mock activity environment, money already spent, and the reservations still open.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { recordLedgerRow } from '../../src/db/ledger.ts';
import type { ReservationRequest } from '../../src/db/spend-reservations.ts';
import { standaloneStepTask } from '../../src/domain/agent-action.ts';
import type { AgentStepInput } from '../../src/domain/agent-action.ts';
import { resolvePrice } from '../../src/llm/price-policy.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';

/** A company row with a monthly ceiling of `limitUsd` (and, given `status`, that status); an existing row gets both. */
export async function addCompany(pool: Pool, id: string, limitUsd: number, status?: string): Promise<void> {
  await pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd, status)
     VALUES ($1, $1, 'test', $2, $3, coalesce($4, 'RUNNING'))
     ON CONFLICT (id) DO UPDATE SET monthly_budget_usd = EXCLUDED.monthly_budget_usd,
       status = coalesce($4, companies.status)`,
    [id, JSON.stringify({ id, agents: [] }), limitUsd, status ?? null],
  );
}

/** A work step of the CEO on a paid model (gpt-4.1-mini unless said), on task t1. */
export function paidStepInput(options: {
  companyId: string;
  workflowId: string;
  step?: number;
  model?: string;
  title?: string;
  description?: string;
  maxOutputTokens?: number;
}): AgentStepInput {
  return {
    companyId: options.companyId,
    workflowId: options.workflowId,
    step: options.step ?? 1,
    mode: 'work',
    agent: {
      id: 'ceo',
      name: 'Ada',
      role: 'CEO',
      seniority: 'c_suite',
      department: 'executive',
      model: options.model ?? 'openai:gpt-4.1-mini',
    },
    task: standaloneStepTask({
      id: 't1',
      title: options.title ?? 'Write the plan',
      description: options.description ?? 'A plan of one line',
      acceptanceCriteria: '',
    }),
    transcript: [],
    maxOutputTokens: options.maxOutputTokens ?? 256,
  } as AgentStepInput;
}

/** A mock activity environment (attempt 1, a 60 s start-to-close timeout unless `info` says otherwise), logging nothing. */
export function activityEnvironment(
  info: Partial<ConstructorParameters<typeof MockActivityEnvironment>[0]> = {},
): MockActivityEnvironment {
  return new MockActivityEnvironment({ attempt: 1, startToCloseTimeoutMs: 60_000, ...info }, { logger: silentLogger });
}

/** Records `costUsd` already spent this month by the company's CEO (an offline ledger row under `callKey`). */
export async function recordSpent(
  pool: Pool,
  companyId: string,
  costUsd: number,
  callKey = `${companyId}#spent`,
  where: { taskId?: string; workflowId?: string; agentId?: string } = {},
): Promise<void> {
  await recordLedgerRow(pool, {
    callKey,
    companyId,
    taskId: where.taskId ?? 't1',
    workflowId: where.workflowId ?? 'w',
    agentId: where.agentId ?? 'ceo',
    model: 'offline',
    offline: true,
    inputTokens: 0,
    outputTokens: 0,
    costUsd,
    response: {},
  });
}

/** Reservations of the company not settled yet. */
export async function openReservations(pool: Pool, companyId: string): Promise<number> {
  const { rows } = await pool.query<{ open: number }>(
    'SELECT count(*)::int AS open FROM spend_reservations WHERE company_id = $1 AND settled_at IS NULL',
    [companyId],
  );
  return rows[0]?.open ?? 0;
}

/** The model the reservation tests price: gpt-4.1-mini's built-in $0.4 / $1.6 per million tokens. */
export const reservedModel = 'openai:gpt-4.1-mini';

/** A step's reservation of 1,000 tokens in and at most 1,000 out by the ceo of task t1 (`key` is the call's key). */
export function reservationRequest(
  companyId: string,
  key: string,
  overrides: Partial<ReservationRequest> = {},
): ReservationRequest {
  return {
    reservationKey: `${key}#attempt-1`,
    callKey: key,
    companyId,
    agentId: 'ceo',
    taskId: 't1',
    workflowId: `company:${companyId}:task:t1`,
    model: reservedModel,
    promptTokens: 1_000,
    maxOutputTokens: 1_000,
    expiresInMs: 360_000,
    priceOf: (companyPrices) => resolvePrice(reservedModel, companyPrices),
    ...overrides,
  };
}
