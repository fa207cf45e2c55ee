import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { Pool } from 'pg';
import { withTransaction } from '../src/db/pool.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { TaskUpdate } from '../workflows/contracts/company.ts';
import { taskUpdateSignal } from '../workflows/contracts/company.ts';
import type { TaskEventInput } from './records.ts';
import { writeTaskEvent } from './records.ts';

export interface TaskEnding {
  /** The projection write of the task's ending, as `recordTaskEvent` makes it. */
  event: TaskEventInput;
  /**
   * The report to the company, as the task's signal carried it; absent, the ending is only written (an ending
   * that must wait for earlier reports to reach the company is written first, then told).
   */
  report?: TaskUpdate;
  /**
   * The signal's request id: the server keeps it with the company's run and drops a second signal that
   * carries it, so a retried ending is heard once (workflows/task-end.ts).
   */
  requestId: string;
}

/** A task's ending in one local activity (docs/faults-and-load.md, "Seventh round: the task's end"). */
export function createTaskEndActivities({ pool }: { pool: Pool }) {
  return {
    /**
     * Writes the ending to the projection, then tells the company. Safe to run twice: the row is written only
     * over an older version and its audit row once per workflow id + version; the signal carries a request id
     * derived from the task's run and version, which the company's run accepts once.
     */
    async endTask(input: TaskEnding): Promise<void> {
      await withTransaction(pool, (client) => writeTaskEvent(client, input.event));
      if (!input.report) return;
      const { client } = Context.current();
      try {
        await client.workflowService.signalWorkflowExecution({
          namespace: client.options.namespace,
          workflowExecution: { workflowId: companyWorkflowId(input.event.companyId) },
          signalName: taskUpdateSignal.name,
          input: { payloads: await encodeToPayloads(client.options.loadedDataConverter, input.report) },
          identity: client.options.identity,
          requestId: input.requestId,
        });
      } catch (error) {
        // A company that stopped no longer listens; the task's own state and the database still record the ending.
        if (!isNotFound(error)) throw error;
        log.warn('company did not take the task update', { error: String(error) });
      }
    },
  };
}

/** The raw service call rejects with the gRPC status NOT_FOUND (5) when no run of the company is open. */
function isNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 5;
}
