import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMonthStartMs } from '../../src/domain/budget-month.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startTimeSkippingSynthorgEnv, type TimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';
import { recordSpent } from './money-fixtures.ts';

/** Thirteen hours ahead of UTC in December: its month starts half a day before UTC's does. */
const timeZone = 'Pacific/Auckland';
const companyId = 'month-wake';
const hourMs = 60 * 60_000;
let env: TimeSkippingSynthorgEnv;

beforeAll(async () => {
  env = await startTimeSkippingSynthorgEnv();
}, 300_000);
afterAll(async () => env?.stop());

describe('a task parked at the budget ceiling, on the time-skipping server', () => {
  it("wakes at the start of the next month in the company's time zone, not before, and completes", async () => {
    await env.withWorker(async () => {
      const template = duoTemplate({ oversight: 'full', budgetUsd: 1 });
      template.company.timezone = timeZone;
      await env.client.startCompany({ id: companyId, template, consolidationSchedule: false });
      await until('the company row', async () => {
        const { rows } = await env.pool.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
        return rows.length > 0 ? true : undefined;
      });
      // This month's budget is spent before the goal arrives.
      await recordSpent(env.pool, companyId, 1, `${companyId}#earlier-work`, {
        taskId: 'earlier',
        workflowId: 'earlier',
        agentId: 'boss',
      });
      const root = await env.client.submitGoal(companyId, 'Write a one-page launch note');
      const workflowId = taskWorkflowId(companyId, root.id);
      const handle = env.environment.client.workflow.getHandle(workflowId);

      // Parked, with a timer to the month boundary (queries lock time: nothing skips while we look).
      await until('the goal to park on the budget', async () => {
        const task = (await env.client.status(companyId)).tasks.find((candidate) => candidate.id === root.id);
        return task?.status === 'PARKED_BUDGET' ? task : undefined;
      });
      const timer = await until('the month timer', async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const started = events.find((event) => event.timerStartedEventAttributes);
        return started ? started : undefined;
      });
      const parkedAtMs = Number(timer.eventTime?.seconds ?? 0) * 1_000;
      const boundaryMs = nextMonthStartMs(parkedAtMs, timeZone);
      expect(boundaryMs).not.toBe(nextMonthStartMs(parkedAtMs, 'UTC'));

      // An hour before the boundary it still waits.
      await env.environment.sleep(boundaryMs - parkedAtMs - hourMs);
      const before = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
      expect(before?.status).toBe('PARKED_BUDGET');

      // The database's month turns too (simulated: its clock is the real one): this month's spend becomes last month's.
      await env.pool.query(`UPDATE spend_totals SET month = (month - interval '1 month')::date WHERE company_id = $1`, [
        companyId,
      ]);
      // Waiting on the result lets the server skip to the timer; the task then runs to its end.
      await handle.result();
      const done = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
      expect(done?.status).toBe('COMPLETED');

      const events = (await handle.fetchHistory()).events ?? [];
      const fired = events.find((event) => event.timerFiredEventAttributes);
      const firedAtMs = Number(fired?.eventTime?.seconds ?? 0) * 1_000;
      // The timer fires at the boundary in Auckland plus the one-minute grace (event times have second precision).
      expect(Math.abs(firedAtMs - (boundaryMs + 60_000))).toBeLessThanOrEqual(2_000);
      const { rows } = await env.pool.query<{ calls: number }>(
        `SELECT count(*)::int AS calls FROM ledger WHERE company_id = $1 AND workflow_id = $2`,
        [companyId, workflowId],
      );
      expect(rows[0]?.calls).toBeGreaterThan(0);
    });
  }, 600_000);
});
