import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { agentIdKey, costUsdKey, taskStatusKey } from '../src/domain/search-attributes.ts';
import { isTerminal } from '../src/domain/task-state.ts';
import { reportHeld } from '../src/domain/task-reports.ts';
import type { PendingApproval } from '../src/domain/types.ts';
import { TaskEnd } from './task-end.ts';
import type { TaskRecord } from './task-record.ts';
import { CompanyReports } from './task-reporting.ts';
import { StartWrites } from './task-start.ts';

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * How a task tells of a status change (workflows/agent-task.ts): the projection write, the search attributes and
 * the company's report — or, for an ending, one local activity that writes and reports it (workflows/task-end.ts)
 * — leaving out what the task's start already wrote or told (workflows/task-start.ts).
 */
export class TaskReporter {
  /** The projection writes the start activity made. */
  readonly startWrites = new StartWrites();
  private readonly companyReports: CompanyReports;
  private readonly ending = new TaskEnd();
  private readonly record: TaskRecord;
  private readonly startsInOne: boolean;
  /** The task's writes still in flight, awaited before the run closes. */
  private readonly writes: Promise<void>[];
  private readonly pendingApproval: () => PendingApproval | null;

  constructor(options: {
    companyId: string;
    record: TaskRecord;
    startsInOne: boolean;
    writes: Promise<void>[];
    pendingApproval: () => PendingApproval | null;
  }) {
    this.companyReports = new CompanyReports(options.companyId, options.startsInOne);
    this.record = options.record;
    this.startsInOne = options.startsInOne;
    this.writes = options.writes;
    this.pendingApproval = options.pendingApproval;
  }

  /** Writes the projection and tells the company; returns the company report still in flight. */
  report(event: string, details?: Record<string, unknown>): Promise<void> {
    const { record } = this;
    record.version++;
    const written = this.startWrites.wrote(record.taskEvent(event, details));
    if (!written) record.version = this.startWrites.versionFrom(record.version);
    const summary = record.summary();
    // A held status (ASSIGNED) is followed by the next in the same workflow task, which sets them again.
    if (!(this.startsInOne && reportHeld(summary)))
      upsertSearchAttributes([
        { key: taskStatusKey, value: record.status },
        { key: agentIdKey, value: record.assignee },
        { key: costUsdKey, value: summary.costUsd },
      ]);
    const pendingApproval = this.pendingApproval();
    // An ending is written and reported in one local activity before the run closes (workflows/task-end.ts).
    if (isTerminal(record.status) && this.ending.takes())
      return this.ending.send(
        record.taskEvent(event, details),
        { task: summary, pendingApproval },
        this.companyReports.undelivered(),
      );
    // The projection write runs beside the next step; versions keep late writes from winning. The start told some.
    if (!written) this.writes.push(records.recordTaskEvent(record.taskEvent(event, details)));
    if (this.startWrites.toldOf(written, record.version)) return Promise.resolve();
    return this.companyReports.send(summary, pendingApproval);
  }
}
