import type { ActivityOptions } from '@temporalio/workflow';
import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createConfigurationActivities } from '../activities/configuration.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { configureCompany } from '../src/domain/configuration.ts';
import { configVersionKey } from '../src/domain/search-attributes.ts';
import type { TaskConfiguration } from '../src/db/configuration-store.ts';
import type { AgentTaskInput } from './contracts/task.ts';

type ConfigurationActivities = ReturnType<typeof createConfigurationActivities>;

/** Timeouts and retries of a task's short bookkeeping activities (its configuration, its start). */
export const bookkeepingActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
};

const { resolveTaskConfiguration } = proxyActivities<ConfigurationActivities>(bookkeepingActivityOptions);

/** Versioning (docs/self-improvement.md): tasks run under a configuration version. */
export const configVersionsPatch = 'config-versions';

/**
 * Puts a task under its configuration version (docs/self-improvement.md): the version is decided once
 * per goal (a rollout's hash assignment, or the current version) and recorded; the task's company
 * snapshot then carries the version's per-role instructions, models and temperatures and its
 * policies. Changes `input.company` in place, so the task run that holds `input` sees it.
 */
export async function configureTask(input: AgentTaskInput): Promise<number> {
  return applyConfiguration(input, await resolveTaskConfiguration(taskConfigurationRequest(input)));
}

/** What the configuration version of a task is resolved from (also the start's, workflows/task-start.ts). */
export function taskConfigurationRequest(input: AgentTaskInput) {
  return {
    companyId: input.companyId,
    taskId: input.taskId,
    parentId: input.parentId,
    workflowId: workflowInfo().workflowId,
    title: input.title,
    description: input.description,
    assignee: input.assignee,
  };
}

/** Puts `input.company` under the resolved version and shows the version as a search attribute. */
export function applyConfiguration(input: AgentTaskInput, resolved: TaskConfiguration): number {
  input.company = configureCompany(input.company, resolved.configuration);
  upsertSearchAttributes([{ key: configVersionKey, value: String(resolved.version) }]);
  return resolved.version;
}
