import type { Client } from '@temporalio/client';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { companyIdKey } from '../../src/domain/search-attributes.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate } from '../../workflows/contracts/company.ts';
import { teamTemplate } from './templates.ts';

/** The agent the probe company has retired, and its successor. */
export const retiredAgent = 'gone';
export const successorAgent = 'worker';

/**
 * Starts a company with `scaling` whose headcount desk has already retired {@link retiredAgent} (the state a run
 * carries after a retirement; its headcount workflow counts as started, so none runs), continuing as new after
 * `historyLimit` events, on `taskQueue` (a worker must run).
 */
export async function startCompanyAfterRetirement(
  temporal: Client,
  options: { companyId: string; taskQueue: string; historyLimit: number },
): Promise<void> {
  const { companyId, taskQueue, historyLimit } = options;
  const template = CompanyTemplate.parse({
    ...teamTemplate(),
    scaling: [{ role: 'Operations Engineer', min: 1, max: 3 }],
  });
  const input: CompanyWorkflowInput = {
    company: snapshotFromTemplate(companyId, template),
    historyLimit,
    state: {
      status: 'RUNNING',
      nextTaskNumber: 1,
      tasks: [],
      pendingApprovals: [],
      generation: 0,
      droppedSpentUsd: 0,
      headcount: { started: true, retired: { [retiredAgent]: successorAgent }, told: [] },
    },
  };
  const handle = await temporal.workflow.start('companyWorkflow', {
    workflowId: companyWorkflowId(companyId),
    taskQueue,
    args: [input],
    workflowTaskTimeout: companyWorkflowTaskTimeout,
    typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
  });
  await handle.executeUpdate(readyUpdate);
}

/**
 * Stands in for task `taskId`'s workflow: a run on a task queue no worker polls, so it stays open and its history
 * keeps every signal sent to it.
 */
export async function startReceivingTask(temporal: Client, companyId: string, taskId: string): Promise<void> {
  await temporal.workflow.start('agentTaskWorkflow', {
    workflowId: taskWorkflowId(companyId, taskId),
    taskQueue: `unpolled-${companyId}`,
    args: [],
  });
}

/** A report of task `taskId`, working and naming the retired agent as its assignee (it started before it heard). */
export async function reportWorkingAsRetired(
  temporal: Client,
  companyId: string,
  taskId: string,
  version: number,
): Promise<void> {
  const task: TaskSummary = {
    id: taskId,
    parentId: null,
    title: `probe ${taskId}`,
    status: 'IN_PROGRESS',
    assignee: retiredAgent,
    reviewer: null,
    costUsd: 0,
    ownCostUsd: 0,
    version,
  };
  await temporal.workflow.getHandle(companyWorkflowId(companyId)).signal('taskUpdate', { task, pendingApproval: null });
}

/**
 * Task `taskId`'s first report ({@link reportWorkingAsRetired}), then reports the company ignores (malformed) until
 * its history reaches `historyLimit`: sent while no worker runs, they reach the company in one workflow task, which
 * tells the task of the retirement and is due to continue as new. Returns the history's length before.
 */
export async function reportPastTheLimit(
  temporal: Client,
  companyId: string,
  taskId: string,
  historyLimit: number,
): Promise<number> {
  const company = temporal.workflow.getHandle(companyWorkflowId(companyId));
  const { historyLength } = await company.describe();
  await reportWorkingAsRetired(temporal, companyId, taskId, 1);
  for (let filler = historyLength; filler < historyLimit; filler++) await company.signal('taskUpdate', { filler });
  return historyLength;
}
