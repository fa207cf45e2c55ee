import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { SentTaskReport } from '../src/domain/task-reports.ts';
import { reportNeeded, sentTaskReport } from '../src/domain/task-reports.ts';
import type { PendingApproval, TaskSummary } from '../src/domain/types.ts';
import { taskUpdateSignal } from './contracts/company.ts';

/**
 * Versioning: a task tells its company only the status changes the company acts on (src/domain/task-reports.ts);
 * runs that started before told it every one, and replay sends those reports as they were sent.
 */
export const coalescedTaskReportsPatch = 'coalesced-task-reports';

/** A working task's report goes at least this often, so the company view's status and spending refresh. */
const refreshMs = 60_000;

/**
 * A task's reports to its company (docs/faults-and-load.md, "Fewer reports to the company"). The one
 * company workflow hears every task of the company; with hundreds in flight, a signal per status change
 * was most of its history and kept its worker from answering queries.
 */
export class CompanyReports {
  private readonly companyId: string;
  private last: SentTaskReport | undefined;

  constructor(companyId: string) {
    this.companyId = companyId;
  }

  /** Sends the report when the company needs it; returns it in flight (resolved when it waits for a later one). */
  send(task: TaskSummary, pendingApproval: PendingApproval | null): Promise<void> {
    const now = Date.now();
    if (!reportNeeded(this.last, task, pendingApproval, now, refreshMs) && patched(coalescedTaskReportsPatch)) {
      return Promise.resolve();
    }
    this.last = sentTaskReport(task, pendingApproval, now);
    return getExternalWorkflowHandle(companyWorkflowId(this.companyId))
      .signal(taskUpdateSignal, { task, pendingApproval })
      .catch((error: unknown) => {
        // A stopped company no longer listens; the task's own state and the database still record it.
        log.warn('company did not take the task update', { error: String(error) });
      });
  }
}
