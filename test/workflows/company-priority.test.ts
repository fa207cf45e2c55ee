import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyPriority, companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, submitGoalUpdate, taskUpdateSignal } from '../../workflows/contracts/company.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { untilMatches } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** The Temporal task priority a workflow run is dispatched at (0: none set, the server's default). */
async function priorityOf(workflowId: string): Promise<number> {
  const description = await env.client.temporal.workflow.getHandle(workflowId).describe();
  return description.raw.workflowExecutionInfo?.priority?.priorityKey ?? 0;
}

describe('a company runs ahead of its tasks (src/client/company-run-limits.ts, companyPriority)', () => {
  it('starts the company at priority 1 and the goals it admits at the default, not inherited', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'prio', template: duoTemplate(), consolidationSchedule: false });
      expect(companyPriority.priorityKey).toBe(1);
      expect(await priorityOf(companyWorkflowId('prio'))).toBe(1);

      // A goal admitted through the company's update is its child: without an explicit priority it would
      // inherit the company's and take back the company's head start.
      const summary = await env.client.temporal.workflow
        .getHandle(companyWorkflowId('prio'))
        .executeUpdate(submitGoalUpdate, { args: [{ goal: 'Sort the inbox' }] });
      expect(await priorityOf(taskWorkflowId('prio', summary.id))).toBe(3);
      // A goal the client admits directly starts at the server's default (none set).
      const direct = await env.client.submitGoal('prio', 'File the receipts');
      expect([0, 3]).toContain(await priorityOf(taskWorkflowId('prio', direct.id)));
      await env.client.waitForTask('prio', summary.id);
      await env.client.stopCompany('prio');
    });
  });

  it('keeps its priority when it continues as new', { timeout: 180_000 }, async () => {
    await env.withWorker(async () => {
      const company = snapshotFromTemplate('prio-can', CompanyTemplate.parse(duoTemplate()));
      const handle = await env.client.temporal.workflow.start('companyWorkflow', {
        workflowId: companyWorkflowId('prio-can'),
        taskQueue: env.taskQueue,
        args: [{ company, historyLimit: 150 } satisfies CompanyWorkflowInput],
        workflowTaskTimeout: companyWorkflowTaskTimeout,
        priority: companyPriority,
      });
      await handle.executeUpdate(readyUpdate);
      const report = (id: string, status: TaskSummary['status'], version: number): TaskSummary => ({
        id,
        parentId: null,
        title: `Report ${id}`,
        status,
        assignee: 'boss',
        reviewer: null,
        costUsd: 0,
        ownCostUsd: 0,
        version,
      });
      for (let index = 1; index <= 80; index++) {
        await handle.signal(taskUpdateSignal, { task: report(`t${index}`, 'IN_PROGRESS', 2), pendingApproval: null });
        await handle.signal(taskUpdateSignal, { task: report(`t${index}`, 'COMPLETED', 4), pendingApproval: null });
      }
      const latest = env.client.temporal.workflow.getHandle(companyWorkflowId('prio-can'));
      const described = await untilMatches(
        'the company to continue as new',
        () => latest.describe(),
        (description) => description.runId !== handle.firstExecutionRunId && description.status.name === 'RUNNING',
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(described.raw.workflowExecutionInfo?.priority?.priorityKey).toBe(1);
      await env.client.stopCompany('prio-can');
    });
  });
});
