/**
 * Records the replay history of a company admitting goals again after it dropped their tasks (patch
 * `goal-admitted-ignores-dropped-tasks`, and the batch signal `goalsAdmitted`; docs/faults-and-load-rounds.md, "Ninth
 * round: admission in one signal per burst"): `node test/replay/record-admission-dropped-histories.ts`. A company
 * with a small history limit hears synthetic COMPLETED reports of 220 tasks and continues as new until it dropped
 * the first two; it is paused; then t1 is admitted again (`goalAdmitted`, ignored: the marker) and t2 with a new
 * goal in one `goalsAdmitted` (t2 ignored, the new goal listed and caught up on the pause: a pause signal to a task
 * that does not run, which fails and is logged). Saved is that last run. Re-record only for an intended, versioned
 * change.
 */
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import {
  goalAdmittedSignal,
  goalsAdmittedSignal,
  readyUpdate,
  taskUpdateSignal,
  viewQuery,
} from '../../workflows/contracts/company.ts';
import { goalAdmittedIgnoresDroppedPatch } from '../../workflows/goal-admission.ts';
import { markerTexts, runChain } from '../helpers/company-runs.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('admission-dropped');
const { client } = stack;
const companyId = 'replay-admission-dropped';
const workflowId = companyWorkflowId(companyId);

const summary = (id: string, status: TaskSummary['status'], version: number): TaskSummary => ({
  id,
  parentId: null,
  title: `Sort inbox batch ${id}`,
  status,
  assignee: 'boss',
  reviewer: null,
  costUsd: 0,
  ownCostUsd: 0,
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
    const end = (number: number) =>
      handle.signal(taskUpdateSignal, { task: summary(`t${number}`, 'COMPLETED', 4), pendingApproval: null });
    const listed = async (id: string) => (await handle.query(viewQuery)).tasks.some((task) => task.id === id);
    for (; next <= 220; next++) await end(next);
    while ((await listed('t1')) || (await listed('t2'))) {
      for (const last = next + 10; next < last; next++) await end(next);
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.stdout.write(`sent ${next - 1} endings, t1 or t2 still listed\n`);
    }
    await client.pauseCompany(companyId);
    await handle.signal(goalAdmittedSignal, { task: summary('t1', 'CREATED', 0), paused: false });
    await handle.signal(goalsAdmittedSignal, {
      admitted: [
        { task: summary('t2', 'CREATED', 0), paused: false },
        { task: summary('g-new', 'CREATED', 0), paused: false },
      ],
    });
    await until('the company took the admissions', () => listed('g-new'));
    if ((await listed('t1')) || (await listed('t2'))) throw new Error('an admission of a dropped task was taken');
    await client.stopCompany(companyId);
  });
  const runs = await runChain(client.temporal, workflowId, handle.firstExecutionRunId);
  const last = runs.at(-1)!;
  const patches = await markerTexts(client.temporal, workflowId, last.runId);
  if (!patches.some((data) => data.includes(goalAdmittedIgnoresDroppedPatch))) throw new Error('no patch marker');
  await stack.save('admission-dropped-company', workflowId, last.runId);
} finally {
  await stack.close();
}
