/**
 * Records the replay history of a continued company run whose first workflow task found reports piled up
 * (docs/faults-and-load-rounds.md, "Twenty-second round"): `node test/replay/record-first-step-histories.ts`. A server with
 * the default minimal interval between runs (a cluster's; not the embedded stack's) defers a continued run's first
 * workflow task by up to a second; reports sent meanwhile wait for it. With patch
 * `company-continuation-skips-first-step` that pile is not taken as the history's growth, so a run whose first task
 * found between half its limit and its limit goes on instead of continuing at once. Saved is such a run: one that
 * completed more than one workflow task although its first found at least half its limit. Bursts are sent until one
 * run is like that (a run's first task is late by the server's timing, not the recorder's). Offline model (a
 * deterministic simulator); no model call here. Re-record only for an intended, versioned change.
 */
import { Client, Connection } from '@temporalio/client';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, taskUpdateSignal } from '../../workflows/contracts/company.ts';
import { runChain } from '../helpers/company-runs.ts';
import { serverDefaultIntervalConfig } from '../helpers/server-default-interval.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { startRecordingStack } from './recording-stack.ts';

// The embedded stack schedules a continued run's first task at once: no pile. A cluster's default defers it.
const stack = await startRecordingStack('first-step', { dynamicConfig: serverDefaultIntervalConfig });
const { client } = stack;
const companyId = 'replay-first-step';
const workflowId = companyWorkflowId(companyId);
const historyLimit = 100;
const senders = 3;

try {
  const company = snapshotFromTemplate(companyId, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  const handle = await client.temporal.workflow.start('companyWorkflow', {
    workflowId,
    taskQueue: 'record',
    args: [{ company, historyLimit } satisfies CompanyWorkflowInput],
  });
  const worker = await stack.worker();
  const wanted = await worker.runUntil(async () => {
    await handle.executeUpdate(readyUpdate);
    const connections = await Promise.all(
      Array.from({ length: senders }, () => Connection.connect({ address: stack.server.address })),
    );
    try {
      for (let burst = 1; burst <= 5; burst++) {
        await Promise.all(
          connections.map(async (connection, sender) => {
            const target = new Client({ connection }).workflow.getHandle(workflowId);
            for (let number = 1; number <= 60; number++) {
              const id = `b${burst}-${sender}-${number}`;
              const task = { id, parentId: null, title: `Burst report ${id}`, assignee: 'boss', reviewer: null };
              const cost = { costUsd: 0.001, ownCostUsd: 0.001 };
              await target.signal(taskUpdateSignal, {
                task: { ...task, ...cost, status: 'IN_PROGRESS', version: 2 },
                pendingApproval: null,
              });
              await target.signal(taskUpdateSignal, {
                task: { ...task, ...cost, status: 'COMPLETED', version: 4 },
                pendingApproval: null,
              });
              await new Promise((resolve) => setTimeout(resolve, 25));
            }
          }),
        );
        const runs = await runChain(client.temporal, workflowId, handle.firstExecutionRunId);
        const found = runs.find(
          (run) =>
            run.continuedAsNew &&
            run.firstTaskStart >= historyLimit / 2 &&
            run.firstTaskStart < historyLimit &&
            run.completedWorkflowTasks > 1,
        );
        process.stderr.write(
          `burst ${burst}: ${runs.length} runs, first tasks at ${runs.map((run) => run.firstTaskStart).join(', ')}\n`,
        );
        if (found) return found;
      }
      throw new Error('no continued run found half its limit or more waiting at its first workflow task');
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
      await client.stopCompany(companyId);
    }
  });
  await stack.save('first-step-company', workflowId, wanted.runId);
} finally {
  await stack.close();
}
