/**
 * Records the replay histories of the company under a burst of reports (docs/faults-and-load-rounds.md, "Sixth
 * round: the company under a burst of reports"): `node test/replay/record-burst-histories.ts`. A company
 * with a small history limit takes one goal (direct admission, offline boss and worker), then a burst of
 * task reports from concurrent clients; it continues as new ahead of its limit and upserts its spending
 * once per workflow task (patch `company-continues-under-burst`). Saved are its first run (the goal, continued as
 * new as the burst began), its second (reports only) and its last (stopped). Offline model (a deterministic simulator). Re-record only for an
 * intended, versioned change.
 */
import { Client, Connection } from '@temporalio/client';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, taskUpdateSignal } from '../../workflows/contracts/company.ts';
import { runChain } from '../helpers/company-runs.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('burst');
const { client } = stack;
const companyId = 'replay-burst';
const workflowId = companyWorkflowId(companyId);

try {
  const company = snapshotFromTemplate(companyId, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  const handle = await client.temporal.workflow.start('companyWorkflow', {
    workflowId,
    taskQueue: 'record',
    args: [{ company, historyLimit: 60 } satisfies CompanyWorkflowInput],
  });
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await handle.executeUpdate(readyUpdate);
    const notes = await client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask(companyId, notes.id, { pollIntervalMs: 200 });
    const connections = await Promise.all([1, 2, 3].map(() => Connection.connect({ address: stack.server.address })));
    try {
      await Promise.all(
        connections.map(async (connection, sender) => {
          const target = new Client({ connection }).workflow.getHandle(workflowId);
          for (let number = 1; number <= 30; number++) {
            const id = `b${sender}-${number}`;
            const task = {
              id,
              parentId: null,
              title: `Burst report ${id}`,
              assignee: 'boss',
              reviewer: null,
              costUsd: 0.001,
              ownCostUsd: 0.001,
            };
            await target.signal(taskUpdateSignal, {
              task: { ...task, status: 'IN_PROGRESS', version: 2 },
              pendingApproval: null,
            });
            await target.signal(taskUpdateSignal, {
              task: { ...task, status: 'COMPLETED', version: 4 },
              pendingApproval: null,
            });
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }),
      );
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }
    await client.stopCompany(companyId);
  });
  const runs = await runChain(client.temporal, workflowId, handle.firstExecutionRunId);
  if (runs.length < 3) throw new Error(`the company continued as new too few times (${runs.length} runs)`);
  await stack.save('burst-company-continued', workflowId, runs[0]!.runId);
  await stack.save('burst-company-during-burst', workflowId, runs[1]!.runId);
  await stack.save('burst-company-stopped', workflowId, runs.at(-1)!.runId);
} finally {
  await stack.close();
}
