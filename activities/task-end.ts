import type { Pool } from 'pg';
import { withTransaction } from '../src/db/pool.ts';
import type { TaskUpdate } from '../workflows/contracts/company.ts';
import { signalCompany } from './company-report.ts';
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

/** A task's ending in one local activity (docs/faults-and-load-rounds.md, "Seventh round: the task's end"). */
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
      await signalCompany(input.event.companyId, input.report, input.requestId);
    },
  };
}
