/**
 * Records the replay histories of direct goal admission (docs/faults-and-load-rounds.md, "Direct admission"):
 * `node test/replay/record-admission-histories.ts`. A company takes one goal the client started itself,
 * then two admissions that raced a pause and a resume (played with the raw client: a task started
 * unpaused reported to a paused company, which pauses it; a task started paused reported to a running
 * company, which resumes it). Saved are the company and the directly started task. Offline model (a
 * deterministic simulator). Re-record only for an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { admissionQuery, goalAdmittedSignal } from '../../workflows/contracts/company.ts';
import type { AgentTaskInput } from '../../workflows/contracts/task.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('admission');
const { client } = stack;
const companyId = 'replay-admission';

/** What the client does, with the `paused` it read possibly out of date. */
async function admitRaced(taskId: string, paused: boolean): Promise<void> {
  const company = client.temporal.workflow.getHandle(companyWorkflowId(companyId));
  const view = await company.query(admissionQuery);
  const input: AgentTaskInput = {
    companyId,
    company: view.company,
    taskId,
    parentId: null,
    title: `Raced goal ${taskId}`,
    description: `Raced goal ${taskId}`,
    acceptanceCriteria: '',
    assignee: 'boss',
    depth: 0,
    allowance: view.company.policies.maxTasksPerGoal - 1,
    chain: [],
    paused,
  };
  await client.temporal.workflow.start('agentTaskWorkflow', {
    workflowId: taskWorkflowId(companyId, taskId),
    taskQueue: view.taskQueue,
    args: [input],
  });
  await company.signal(goalAdmittedSignal, {
    task: {
      id: taskId,
      parentId: null,
      title: input.title,
      status: 'CREATED',
      assignee: 'boss',
      reviewer: null,
      costUsd: 0,
      ownCostUsd: 0,
      version: 0,
    },
    paused,
  });
}

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
    const direct = await client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask(companyId, direct.id, { pollIntervalMs: 200 });
    await client.pauseCompany(companyId);
    await admitRaced('g-paused-race', false);
    await client.resumeCompany(companyId);
    await admitRaced('g-resumed-race', true);
    for (const taskId of ['g-paused-race', 'g-resumed-race'])
      await client.waitForTask(companyId, taskId, { pollIntervalMs: 200 });
    await client.stopCompany(companyId);
  });
  await stack.save('admission-company', companyWorkflowId(companyId));
  await stack.save('admission-task', taskWorkflowId(companyId, 'g-notes'));
} finally {
  await stack.close();
}
