import type { Client } from '@temporalio/client';
import { taskWorkflowId } from '../domain/ids.ts';
import type { WaitOptions } from './types.ts';

/**
 * Whether a wait can sleep on the task workflow's own result instead of polling the company: nobody
 * asked to hear progress, approvals or a missing worker along the way (scripts, `bench trunk`). A poll
 * is a query the company's worker answers, and the company view grows with its tasks: with many waits
 * at once those queries cost the worker more than the tasks' own steps (docs/faults-and-load.md).
 */
export function waitsQuietly(options: WaitOptions): boolean {
  return !options.onProgress && !options.onApproval && !options.onNoWorker;
}

/**
 * Returns once the task's workflow has closed, by the server's long poll on its result (no worker is
 * asked). However it closed: the caller's next look at the company, and its check of closed tasks,
 * say how it ended. A task the company has no workflow for returns at once, for the same look to report.
 */
export async function taskWorkflowClosed(temporal: Client, companyId: string, taskId: string): Promise<void> {
  await temporal.workflow
    .getHandle(taskWorkflowId(companyId, taskId))
    .result()
    .catch(() => undefined);
}
