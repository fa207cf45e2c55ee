/**
 * Records the replay history of a company ignoring reports of finished tasks it dropped at continue-as-new (patch
 * `company-ignores-dropped-tasks`, docs/faults-and-load-rounds.md, "Eighth round: reports of tasks the company no longer
 * keeps"): `node test/replay/record-dropped-task-histories.ts`. A company with a small history limit hears
 * synthetic COMPLETED reports of 220 tasks (as task workflows send them) and continues as new until it dropped the
 * first; then a repeated COMPLETED (with its cost) of t1 and a late IN_PROGRESS of t2 arrive, both ignored, and the
 * company is stopped. Saved is that last run, which holds the patch's marker. Re-record only for an intended,
 * versioned change.
 */
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, taskUpdateSignal, viewQuery } from '../../workflows/contracts/company.ts';
import { ignoreDroppedTasksPatch } from '../../workflows/dropped-tasks.ts';
import { markerTexts, runChain } from '../helpers/company-runs.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('dropped');
const { client } = stack;
const companyId = 'replay-dropped';
const workflowId = companyWorkflowId(companyId);

const report = (number: number, status: TaskSummary['status'], version: number): TaskSummary => ({
  id: `t${number}`,
  parentId: null,
  title: `Sort inbox batch ${number}`,
  status,
  assignee: 'boss',
  reviewer: null,
  costUsd: status === 'COMPLETED' ? number / 1000 : 0,
  ownCostUsd: status === 'COMPLETED' ? number / 1000 : 0,
  version,
});

try {
  const company = snapshotFromTemplate(companyId, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  const handle = await client.temporal.workflow.start('companyWorkflow', {
    workflowId,
    taskQueue: 'record',
    args: [{ company, historyLimit: 100 } satisfies CompanyWorkflowInput],
  });
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await handle.executeUpdate(readyUpdate);
    let next = 1;
    const tell = (task: TaskSummary) => handle.signal(taskUpdateSignal, { task, pendingApproval: null });
    const listed = async (id: string) => (await handle.query(viewQuery)).tasks.some((task) => task.id === id);
    for (; next <= 220; next++) await tell(report(next, 'COMPLETED', 4));
    process.stdout.write(`sent ${next - 1} endings\n`);
    // Continues as new at its limit: more endings until one of its runs dropped t1 and t2.
    while ((await listed('t1')) || (await listed('t2'))) {
      for (const end = next + 10; next < end; next++) await tell(report(next, 'COMPLETED', 4));
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.stdout.write(`sent ${next - 1} endings, t1 or t2 still listed\n`);
    }
    await tell(report(1, 'COMPLETED', 4));
    await tell(report(2, 'IN_PROGRESS', 2));
    const marker = next;
    await tell(report(marker, 'COMPLETED', 4));
    await until('the company took the reports', () => listed(`t${marker}`));
    if ((await listed('t1')) || (await listed('t2'))) throw new Error('a report of a dropped task was taken');
    await client.stopCompany(companyId);
  });
  const runs = await runChain(client.temporal, workflowId, handle.firstExecutionRunId);
  const last = runs.at(-1)!;
  const patches = await markerTexts(client.temporal, workflowId, last.runId);
  if (!patches.some((data) => data.includes(ignoreDroppedTasksPatch))) throw new Error('the last run took no patch');
  await stack.save('dropped-company', workflowId, last.runId);
} finally {
  await stack.close();
}
