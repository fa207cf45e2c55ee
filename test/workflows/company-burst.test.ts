import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { addUsd } from '../../src/domain/budget.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
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

/** The company's history limit in this test: low, so a burst of a few hundred reports crosses it several times. */
const historyLimit = 150;
/** Tasks that report; each sends IN_PROGRESS then COMPLETED, as a task of the load run does. */
const taskCount = 180;
/** Finished tasks a company keeps in its state across continue-as-new (workflows/company.ts). */
const keptFinishedTasks = 200;
/** Separate client connections, as separate task workflows' workers are. */
const senders = 6;
/** Reports each sender has in flight at once. */
const inFlight = 2;
/**
 * A pause after each report, per sender in flight: a burst of a few hundred reports a second at most. Faster
 * than that (the 360 unpaced reports arrived in about a second, 650 a second) more than 100 signals
 * arrive during almost any workflow task and the server fails it (FORCE_CLOSE_COMMAND), whatever the company does.
 */
const pauseMs = 15;
const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));

function report(id: string, status: TaskSummary['status'], version: number, costUsd: number): TaskSummary {
  return {
    id,
    parentId: null,
    title: `Sort inbox batch ${id}`,
    status,
    assignee: 'boss',
    reviewer: null,
    costUsd,
    ownCostUsd: costUsd,
    version,
  };
}

describe('the company under a burst of task reports (docs/faults-and-load.md, "Sixth round")', () => {
  it(
    'continues as new near its limit while hundreds of reports arrive from concurrent clients, and loses none',
    { timeout: 300_000 },
    async () => {
      await env.withWorker(async () => {
        const company = snapshotFromTemplate('report-burst', CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
        const handle = await env.client.temporal.workflow.start('companyWorkflow', {
          workflowId: companyWorkflowId('report-burst'),
          taskQueue: env.taskQueue,
          args: [{ company, historyLimit } satisfies CompanyWorkflowInput],
          workflowTaskTimeout: companyWorkflowTaskTimeout,
        });
        await handle.executeUpdate(readyUpdate);

        const ids = Array.from({ length: taskCount }, (_, index) => `t${index + 1}`);
        const costOf = (index: number) => (index + 1) / 1000;
        const connections = await Promise.all(
          Array.from({ length: senders }, () => Connection.connect({ address: env.temporalAddress })),
        );
        const burstStart = Date.now();
        try {
          await Promise.all(
            connections.map(async (connection, sender) => {
              const company = new Client({ connection }).workflow.getHandle(companyWorkflowId('report-burst'));
              const mine = ids.map((id, index) => ({ id, index })).filter(({ index }) => index % senders === sender);
              const queue = [...mine];
              await Promise.all(
                Array.from({ length: inFlight }, async () => {
                  for (let next = queue.shift(); next; next = queue.shift()) {
                    const { id, index } = next;
                    await company.signal(taskUpdateSignal, {
                      task: report(id, 'IN_PROGRESS', 2, 0),
                      pendingApproval: null,
                    });
                    await pause();
                    await company.signal(taskUpdateSignal, {
                      task: report(id, 'COMPLETED', 4, costOf(index)),
                      pendingApproval: null,
                    });
                    await pause();
                  }
                }),
              );
            }),
          );
          process.stderr.write(`company-burst: ${taskCount * 2} reports sent in ${Date.now() - burstStart} ms\n`);
        } finally {
          await Promise.all(connections.map((connection) => connection.close()));
        }

        // The company answers a query once the burst is over, and has taken every report: its spending
        // counts every task's cost once (including the finished tasks it no longer keeps in its state, over
        // 200), and every task it keeps is completed with its own cost.
        const totalUsd = addUsd(...ids.map((_, index) => costOf(index)));
        const view = await untilMatches(
          'the company view to count every report',
          () => handle.query(viewQuery),
          (read) => read.spentUsd === totalUsd && read.tasks.every((task) => task.status === 'COMPLETED'),
          { timeoutMs: 120_000, intervalMs: 500, ignoreErrors: true },
        );
        expect(view.tasks.length).toBeGreaterThanOrEqual(Math.min(taskCount, keptFinishedTasks));
        expect(new Set(view.tasks.map((task) => task.id)).size).toBe(view.tasks.length);
        for (const task of view.tasks) expect(task.ownCostUsd).toBe(costOf(ids.indexOf(task.id)));
        const runs = await runChain(env.client.temporal, companyWorkflowId('report-burst'), handle.firstExecutionRunId);
        const summary = describeRuns(runs);
        process.stderr.write(`company-burst: history limit ${historyLimit}\n${summary}\n`);
        expect(
          runs.reduce((sum, run) => sum + run.signals, 0),
          summary,
        ).toBe(taskCount * 2);
        // It continued as new during the burst, each run near its limit: a run holds what arrived while
        // its continue-as-new was in flight, not the rest of the burst. (Before: 1.25–1.6 times the limit.)
        expect(runs.length, summary).toBeGreaterThanOrEqual(3);
        // No run completed a workflow task past its limit without continuing: the decision is never late.
        for (const run of runs.filter((each) => each.continuedAsNew)) {
          expect(
            run.completedTaskStarts.slice(0, -1).filter((start) => start >= historyLimit),
            summary,
          ).toEqual([]);
        }
        // The size bound holds for a run whose worker took its first workflow task before the limit: one CI run
        // under a paired file took a new run's first task only after 228 reports had arrived (event 231), and
        // continued in that same task; what arrives before the worker looks is not the company's to bound.
        // A continued run's first task can come late with reports piled up (a server with the default minimal interval
        // between runs defers it up to a second; the embedded stack's does not, docs/faults-and-load-rounds.md "Twenty-third
        // round"; company-piled-first-task.test.ts builds the pile exactly): no run continued in its first workflow
        // task unless that task found it at its limit.
        for (const run of runs.filter((each) => each.continuedAsNew && each.firstTaskStart < historyLimit)) {
          expect(run.completedWorkflowTasks, summary).toBeGreaterThan(1);
        }
        const watched = runs.filter((run) => run.firstTaskStart < historyLimit);
        expect(watched.length, summary).toBeGreaterThanOrEqual(2);
        for (const run of watched) expect(run.events, summary).toBeLessThanOrEqual(historyLimit * 1.25);
        // The spending attribute is upserted at most once per workflow task, however many tasks ended in it
        // (three more are set when each run starts: the company's id, and the SDK's change-version attribute for each
        // of the run's two patches); before, once per ended task.
        for (const run of runs) expect(run.upserts, summary).toBeLessThanOrEqual(run.completedWorkflowTasks + 3);
        await env.client.stopCompany('report-burst');
      });
    },
  );
});
