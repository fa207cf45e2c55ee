/**
 * Fewer reports to the company (docs/faults-and-load.md): a task tells its company only the status
 * changes the company acts on, and the company's views still say the right thing. Real dev server,
 * real worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import type { TaskView } from '../../src/client/types.ts';
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

/** The statuses the task wrote to the projection and those it reported to its company, in order. */
async function reportsOf(
  companyId: string,
  taskId: string,
): Promise<{ changes: string[]; reports: string[]; marker: boolean }> {
  const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
  const events = (await handle.fetchHistory()).events ?? [];
  // The server lists the patches a run took as the search attribute TemporalChangeVersion.
  const { searchAttributes } = await handle.describe();
  const payload = (payloads: { data?: Uint8Array | null }[] | null | undefined) =>
    JSON.parse(Buffer.from(payloads?.[0]?.data ?? new Uint8Array()).toString('utf8')) as {
      task: { status: string };
      events?: { task: { status: string } }[];
    };
  const statusOf = (payloads: Parameters<typeof payload>[0]) => payload(payloads).task.status;
  return {
    // The task's start (workflows/task-start.ts) writes its first changes in one activity.
    changes: events
      .map((event) => event.activityTaskScheduledEventAttributes)
      .flatMap((scheduled) => {
        const name = scheduled?.activityType?.name;
        if (name === 'beginTask') return (payload(scheduled?.input?.payloads).events ?? []).map((e) => e.task.status);
        return name === 'recordTaskEvent' ? [statusOf(scheduled?.input?.payloads)] : [];
      }),
    reports: events
      .map((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes)
      .filter((signal) => signal !== null && signal !== undefined)
      .map((signal) => statusOf(signal.input?.payloads)),
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
