import type { Pool } from 'pg';
import { resolveTaskConfigurationIn } from '../src/db/configuration-store.ts';
import type { TaskConfiguration, TaskConfigurationInput } from '../src/db/configuration-store.ts';
import { withTransaction } from '../src/db/pool.ts';
import type { ChannelMessage } from '../src/federation/channels.ts';
import { recentReceived } from './channels.ts';
import { permanentOnBadInput } from './configuration.ts';
import type { TaskUpdate } from '../workflows/contracts/company.ts';
import { signalCompany } from './company-report.ts';
import type { TaskEventInput } from './records.ts';
import { writeTaskEvent } from './records.ts';

export interface TaskBeginning extends TaskConfigurationInput {
  /** How many of the company's latest channel messages to read (0: none; subtasks get their parent's). */
  inboxLimit: number;
  /** The task's first status changes (ASSIGNED, IN_PROGRESS), as its own reports would write them. */
  events: TaskEventInput[];
  /**
   * The task's first report to the company (its IN_PROGRESS), sent once the rows are written, when the start runs
   * as a local activity (workflows/task-start-local.ts); the task then does not signal it itself.
   */
  report?: { update: TaskUpdate; requestId: string };
}

export interface TaskBegun {
  configuration: TaskConfiguration;
  inbox: ChannelMessage[];
}

/** The start of a task in one activity (docs/faults-and-load-rounds.md, "Sixth round: the task's start"). */
export function createTaskStartActivities({ pool }: { pool: Pool }) {
  return {
    /**
     * What a task needs before its first step, and its first projection rows: the configuration version
     * (decided once per goal), the channel inbox, the status changes. Safe to run twice: the version is
     * stored once per goal and read back, the inbox is a read, and a status row is written only over an
     * older version and its audit row once per workflow id + version; the report carries a request id the
     * company's run accepts once.
     */
    async beginTask(input: TaskBeginning): Promise<TaskBegun> {
      const { inboxLimit, events, report, ...task } = input;
      const [configuration, inbox] = await Promise.all([
        permanentOnBadInput(() =>
          withTransaction(pool, async (client) => {
            const resolved = await resolveTaskConfigurationIn(client, task);
            for (const event of events) await writeTaskEvent(client, event);
            return resolved;
          }),
        ),
        inboxLimit > 0 ? recentReceived(pool, { companyId: task.companyId, limit: inboxLimit }) : [],
      ]);
      // After the rows: a company that lists the task can read them.
      if (report) await signalCompany(task.companyId, report.update, report.requestId);
      return { configuration, inbox };
    },
  };
}
