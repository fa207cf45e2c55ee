/**
 * Records the replay histories of autonomous headcount (docs/scaling.md, "Headcount"):
 * `node test/replay/record-headcount-histories.ts`. A company with `scaling` hires under a backlog of
 * tasks waiting for approval and retires after they end; saved are its headcount workflow, the company
 * (with the headcount desk) and one of its tasks (with the retirement handover installed). Offline
 * model (a deterministic simulator). Re-record only for an intended, versioned change.
 */
import { headcountWorkflowId } from '../../src/domain/headcount-loop.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

const stack = await startRecordingStack('headcount');
const { client } = stack;
const companyId = 'replay-headcount';
const role = 'Operations Engineer';

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const base = duoTemplate({ oversight: 'semi', policies: { headcountInterval: '1s' } });
    await client.startCompany({
      id: companyId,
      template: { ...base, scaling: [{ role, min: 1, max: 2, hireAbove: 1, retireBelow: 0.5, cooldown: '1s' }] },
    });
    const goals = [
      await client.submitGoal(companyId, 'Deploy service a'),
      await client.submitGoal(companyId, 'Deploy service b'),
    ];
    const staff = async () => (await client.status(companyId)).agents.filter((agent) => agent.role === role).length;
    await until('a hire', async () => (await staff()) === 2, 120_000);
    for (const goal of goals) {
      await until(
        `approval of ${goal.id}`,
        async () => (await client.listApprovals(companyId)).some((approval) => approval.taskId === goal.id),
        120_000,
      );
      await client.approve(companyId, goal.id);
    }
    for (const goal of goals) await client.waitForTask(companyId, goal.id, { pollIntervalMs: 200 });
    await until('a retirement', async () => (await staff()) === 1, 120_000);
    await client.stopCompany(companyId);
    await until(
      'the headcount workflow to end',
      async () => {
        const handle = stack.connection.workflowService;
        const { workflowExecutionInfo } = await handle.describeWorkflowExecution({
          namespace: 'default',
          execution: { workflowId: headcountWorkflowId(companyId) },
        });
        return workflowExecutionInfo?.closeTime != null;
      },
      120_000,
    );
  });
  await stack.save('scaling-headcount', headcountWorkflowId(companyId));
  await stack.save('scaling-headcount-company', companyWorkflowId(companyId));
  await stack.save('scaling-headcount-task', taskWorkflowId(companyId, 't1'));
} finally {
  await stack.close();
}
