/**
 * Fewer reports to the company (docs/faults-and-load-rounds.md): a task tells its company only the status
 * changes the company acts on, and the company's views still say the right thing. Real dev server,
 * real worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import type { TaskView } from '../../src/client/types.ts';
import { reportsHeardByCompany } from '../helpers/company-reports.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** The statuses the task wrote to the projection and those its company heard from it, in order. */
async function reportsOf(
  companyId: string,
  taskId: string,
): Promise<{ changes: string[]; reports: string[]; marker: boolean }> {
  const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
  // The server lists the patches a run took as the search attribute TemporalChangeVersion.
  const { searchAttributes } = await handle.describe();
  // Every projection write (the start's, the reports', the ending's local activity) leaves one audit row per version.
  const { rows } = await env.pool.query<{ status: string }>(
    `SELECT details->>'status' AS status FROM audit_log WHERE company_id = $1 AND task_id = $2
      ORDER BY split_part(event_key, '#event-', 2)::int`,
    [companyId, taskId],
  );
  const heard = await reportsHeardByCompany(env.client.temporal, companyId, taskId);
  return {
    changes: rows.map((row) => row.status),
    // What the company heard from the task (a versioned report; a waiting client's repair carries none).
    reports: heard.flatMap((task) => (task.version !== undefined ? [task.status] : [])),
    // A run on the one-activity start (workflows/task-start.ts) takes the patch without a marker of its own.
    marker: ((searchAttributes['TemporalChangeVersion'] ?? []) as unknown[]).includes('task-start-in-one'),
  };
}

async function ledgerUsd(companyId: string): Promise<number> {
  const { rows } = await env.pool.query<{ usd: number }>(
    'SELECT coalesce(sum(cost_usd), 0)::float8 AS usd FROM ledger WHERE company_id = $1',
    [companyId],
  );
  return rows[0]?.usd ?? 0;
}

describe('a task reports to its company what the company acts on', () => {
  it('holds ASSIGNED, and the company view still ends with the task’s own state and spending', async () => {
    await env.withWorker(async () => {
      const companyId = 'reports-few';
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
      const submitted = await env.client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
      const done = await env.client.waitForTask(companyId, submitted.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');

      const { changes, reports, marker } = await reportsOf(companyId, submitted.id);
      expect(marker).toBe(true);
      // The offline duo delegates (boss → worker) and is reviewed: every change but the two ASSIGNED goes.
      expect(changes).toEqual(['ASSIGNED', 'IN_PROGRESS', 'ASSIGNED', 'IN_PROGRESS', 'IN_REVIEW', 'COMPLETED']);
      expect(reports).toEqual(changes.filter((status) => status !== 'ASSIGNED'));

      const own: TaskView = await env.client.task(companyId, submitted.id);
      const company = await env.client.status(companyId);
      const listed = company.tasks.find((task) => task.id === submitted.id);
      expect(listed).toMatchObject({ status: 'COMPLETED', assignee: own.assignee, reviewer: own.reviewer });
      expect(listed?.reviewer).not.toBeNull();
      expect(company.budget.spentUsd).toBeCloseTo(await ledgerUsd(companyId), 9);
    });
  });

  it('reports an approval asked and answered: the company view waits with it, then ends without it', async () => {
    await env.withWorker(async () => {
      const companyId = 'reports-approval';
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'semi' }) });
      const root = await env.client.submitGoal(companyId, 'Deploy the new pricing page', { goalId: 'deploy' });
      const seen: string[] = [];
      const done = await env.client.waitForTask(companyId, root.id, {
        pollIntervalMs: 200,
        onApproval: async (approval) => {
          const listed = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
          seen.push(`${listed?.status}:${approval.action}`);
          await env.client.approve(companyId, approval.taskId, 'looks safe');
        },
      });
      expect(done.status).toBe('COMPLETED');
      expect(seen).toEqual(['AWAITING_APPROVAL:deploy']);
      expect(await env.client.listApprovals(companyId)).toEqual([]);
      const listed = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
      expect(listed?.status).toBe('COMPLETED');
    });
  });
});
