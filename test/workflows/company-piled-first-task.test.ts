import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, taskUpdateSignal, viewQuery } from '../../workflows/contracts/company.ts';
import { describeRuns, runChain } from '../helpers/company-runs.ts';
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

const historyLimit = 150;
/** Tasks that report while no worker runs; each sends IN_PROGRESS then COMPLETED: 80 of the 150 events. */
const taskCount = 40;

/**
 * A company run whose first workflow task finds reports piled up (patch `company-continuation-skips-first-step`,
 * docs/faults-and-load-rounds.md, "Twenty-second round" and "Twenty-third round"). On a cluster the server defers a continued
 * run's first task by up to a second and reports wait for it; the embedded stack no longer does, so the burst test
 * rarely builds such a pile. Here it is exact: the reports are sent while no worker polls, so all of them precede
 * the run's first workflow task, as after a worker's restart.
 */
describe('the company whose first workflow task finds reports piled up', () => {
  it('does not take the pile as growth: it goes on below its limit instead of continuing at once', async () => {
    const companyId = 'piled-first-task';
    const company = snapshotFromTemplate(companyId, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
    const handle = await env.client.temporal.workflow.start('companyWorkflow', {
      workflowId: companyWorkflowId(companyId),
      taskQueue: env.taskQueue,
      args: [{ company, historyLimit } satisfies CompanyWorkflowInput],
      workflowTaskTimeout: companyWorkflowTaskTimeout,
    });
    for (let index = 1; index <= taskCount; index++) {
      const task = {
        id: `t${index}`,
        parentId: null,
        title: `Piled report ${index}`,
        assignee: 'boss',
        reviewer: null,
      };
      for (const [status, version] of [
        ['IN_PROGRESS', 2],
        ['COMPLETED', 4],
      ] as const) {
        await handle.signal(taskUpdateSignal, {
          task: { ...task, status, version, costUsd: 0.001, ownCostUsd: 0.001 },
          pendingApproval: null,
        });
      }
    }
    await env.withWorker(async () => {
      await handle.executeUpdate(readyUpdate);
      // One more report after the first steps, so at least one more workflow task decides.
      await handle.signal(taskUpdateSignal, {
        task: {
          id: 'after',
          parentId: null,
          title: 'Late report',
          assignee: 'boss',
          reviewer: null,
          status: 'IN_PROGRESS',
          version: 2,
          costUsd: 0,
          ownCostUsd: 0,
        },
        pendingApproval: null,
      });
      await untilMatches(
        'the company to hold every report',
        () => handle.query(viewQuery),
        (view) => view.tasks.length === taskCount + 1,
        { timeoutMs: 60_000, intervalMs: 200, ignoreErrors: true },
      );
      const runs = await runChain(env.client.temporal, companyWorkflowId(companyId), handle.firstExecutionRunId);
      const summary = describeRuns(runs);
      // The pile was all there before the first workflow task: exact, since no worker polled while it arrived.
      expect(runs[0]?.firstTaskStart, summary).toBeGreaterThanOrEqual(2 * taskCount + 2);
      // Counted as growth, the pile (80 events) made the reserve half the limit and the run continued at once.
      expect(
        runs.map((run) => run.continuedAsNew),
        summary,
      ).toEqual([false]);
      await env.client.stopCompany(companyId);
    });
  }, 120_000);
});
