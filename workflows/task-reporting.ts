import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import { companyWorkflowId } from '../src/domain/ids.ts';
import { reportHeld } from '../src/domain/task-reports.ts';
import type { PendingApproval, TaskSummary } from '../src/domain/types.ts';
import { taskUpdateSignal } from './contracts/company.ts';

/**
 * Versioning: a task holds back its ASSIGNED report (src/domain/task-reports.ts); runs that started before
 * sent every one, and replay sends those reports as they were sent.
 */
export const coalescedTaskReportsPatch = 'coalesced-task-reports';

/**
 * A task's reports to its company (docs/faults-and-load.md, "Fewer reports to the company"). The one
 * company workflow hears every task of the company: with hundreds in flight, a signal per status change
 * is most of its history.
 */
export class CompanyReports {
  private readonly companyId: string;
  /** A run started after this patch (workflows/task-start.ts) holds reports without asking. */
  private readonly startsInOne: boolean;
  /** Reports sent whose delivery the server has not confirmed yet. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(companyId: string, startsInOne: boolean) {
    this.companyId = companyId;
    this.startsInOne = startsInOne;
  }

  /** Sends the report unless it is held; returns it in flight (resolved when held). */
  send(task: TaskSummary, pendingApproval: PendingApproval | null): Promise<void> {
    if (reportHeld(task) && (this.startsInOne || patched(coalescedTaskReportsPatch))) return Promise.resolve();
    const sent = getExternalWorkflowHandle(companyWorkflowId(this.companyId))
      .signal(taskUpdateSignal, { task, pendingApproval })
      .catch((error: unknown) => {
        // A stopped company no longer listens; the task's own state and the database still record it.
        log.warn('company did not take the task update', { error: String(error) });
      });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
    return sent;
  }

  /**
   * Resolves when every report sent so far is in the company's history; undefined when none is outstanding.
   * A report is delivered by the server's transfer queue, which under load can take minutes (seen at 1,000
   * tasks: 4 min); an ending that overtook it reached a company that could drop the finished task at its next
   * continue-as-new, after which the late report brought the task back as open for good.
   */
  undelivered(): Promise<void> | undefined {
    if (this.inFlight.size === 0) return undefined;
    return Promise.all([...this.inFlight]).then(() => undefined);
  }
}
