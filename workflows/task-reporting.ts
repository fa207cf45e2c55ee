import { getExternalWorkflowHandle, log, patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { createCompanyReportActivities } from '../activities/company-report.ts';
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
 * Versioning (docs/faults-and-load-rounds.md, "Twenty-eighth round: task reports from activities"): a task's reports
 * between its start and its ending go as client signals from a local activity, as the start's and the ending's do,
 * instead of workflow signals. Asked at each report, so runs under way when it shipped take it from their next
 * report; reports already sent replay as they were sent.
 */
export const taskReportsFromActivitiesPatch = 'task-reports-from-activities';

/**
 * A local activity, not an activity: an activity's task is handed to matching by the same transfer queue that
 * delivers a workflow's signal, so it would wait there as the signal does. A local activity runs on this worker in
 * the workflow task that sends the report and its signal is written by the frontend. Its marker is recorded only
 * when that workflow task completes: a worker that dies first has it run again, with the same request id, which the
 * company's run drops (after a continue-as-new in between, the copy carries the version the company already holds,
 * so it changes nothing).
 */
const { reportToCompany } = proxyLocalActivities<ReturnType<typeof createCompanyReportActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * A task's reports to its company (docs/faults-and-load-rounds.md, "Fewer reports to the company"). The one
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
    const sent = this.deliver(task, pendingApproval).catch((error: unknown) => {
      // A stopped company no longer listens; the task's own state and the database still record it.
      log.warn('company did not take the task update', { error: String(error) });
    });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
    return sent;
  }

  /** Resolves when the report is in the company's history: the client's signal call, or the server's acknowledgement. */
  private deliver(task: TaskSummary, pendingApproval: PendingApproval | null): Promise<void> {
    const report = { task, pendingApproval };
    if (!patched(taskReportsFromActivitiesPatch))
      return getExternalWorkflowHandle(companyWorkflowId(this.companyId)).signal(taskUpdateSignal, report);
    const { workflowId, runId } = workflowInfo();
    // One id per report: the task's run and the version of the status it reports (a run reports each version once).
    const requestId = `task-report:${workflowId}:${runId}:${task.version}`;
    return reportToCompany({ companyId: this.companyId, report, requestId });
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
