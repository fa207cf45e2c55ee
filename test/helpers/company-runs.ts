import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

/** One run of a workflow as its history tells it. */
export interface RunSummary {
  runId: string;
  events: number;
  /** Bytes of the encoded history (the carried state is in its first event). */
  bytes: number;
  signals: number;
  /** Search-attribute upserts (the company's spending) and workflow tasks completed. */
  upserts: number;
  completedWorkflowTasks: number;
  /** Workflow tasks the server failed, by cause (e.g. UNHANDLED_COMMAND, FORCE_CLOSE_COMMAND). */
  failedWorkflowTasks: Record<string, number>;
  /** The longest a workflow task of this run ran, started → completed or failed (ms). */
  longestWorkflowTaskMs: number;
  /** The longest a workflow task of this run waited to be picked up, scheduled → started (ms). */
  longestScheduleToStartMs: number;
  /** The most events a workflow task found that the previous one had not seen (a burst arriving). */
  largestStep: number;
  /** The history's length when the run's first workflow task started (its started event's id). */
  firstTaskStart: number;
  /** The history's length when each completed workflow task started, in order (what `historyLength` read). */
  completedTaskStarts: number[];
  continuedAsNew: boolean;
}

const { EventType, WorkflowTaskFailedCause } = proto.temporal.api.enums.v1;

function millis(time: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/**
 * Every run of a workflow from `firstRunId` on, following continue-as-new (docs/faults-and-load-rounds.md,
 * "Sixth round"): what each run's history holds, so a test or a bench can say how far a run went past its
 * limit and how many of its workflow tasks the server refused.
 */
export async function runChain(client: Client, workflowId: string, firstRunId: string): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const failedWorkflowTasks: Record<string, number> = {};
    const started = new Map<number, number>();
    const scheduled = new Map<number, number>();
    let longestWorkflowTaskMs = 0;
    let longestScheduleToStartMs = 0;
    let largestStep = 0;
    let previousStart = 0;
    let firstTaskStart = 0;
    const completedTaskStarts: number[] = [];
    for (const event of events) {
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
        scheduled.set(Number(event.eventId), millis(event.eventTime));
      }
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        started.set(Number(event.eventId), millis(event.eventTime));
        const from = scheduled.get(Number(event.workflowTaskStartedEventAttributes?.scheduledEventId));
        if (from !== undefined)
          longestScheduleToStartMs = Math.max(longestScheduleToStartMs, millis(event.eventTime) - from);
        largestStep = Math.max(largestStep, Number(event.eventId) - previousStart);
        firstTaskStart ||= Number(event.eventId);
        previousStart = Number(event.eventId);
      }
      const ended = event.workflowTaskCompletedEventAttributes ?? event.workflowTaskFailedEventAttributes;
      if (ended) {
        const from = started.get(Number(ended.startedEventId));
        if (from !== undefined) longestWorkflowTaskMs = Math.max(longestWorkflowTaskMs, millis(event.eventTime) - from);
      }
      if (event.workflowTaskCompletedEventAttributes)
        completedTaskStarts.push(Number(event.workflowTaskCompletedEventAttributes.startedEventId));
      const failed = event.workflowTaskFailedEventAttributes;
      if (failed) {
        const cause = (WorkflowTaskFailedCause[failed.cause ?? 0] ?? String(failed.cause)).replace(
          'WORKFLOW_TASK_FAILED_CAUSE_',
          '',
        );
        failedWorkflowTasks[cause] = (failedWorkflowTasks[cause] ?? 0) + 1;
      }
    }
    const next: string | undefined =
      events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({
      runId,
      events: events.length,
      bytes: proto.temporal.api.history.v1.History.encode(history).finish().length,
      signals: events.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).length,
      upserts: events.filter((event) => event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .length,
      completedWorkflowTasks: events.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .length,
      failedWorkflowTasks,
      longestWorkflowTaskMs,
      longestScheduleToStartMs,
      largestStep,
      firstTaskStart,
      completedTaskStarts,
      continuedAsNew: next !== undefined,
    });
    runId = next;
  }
  return runs;
}

/** One line per run: events, signals, failed workflow tasks, the longest workflow task. */
export function describeRuns(runs: RunSummary[]): string {
  return runs
    .map((run, index) => {
      const failed = Object.entries(run.failedWorkflowTasks)
        .map(([cause, count]) => `${cause} ${count}`)
        .join(', ');
      return `run ${index + 1}: ${run.events} events (${run.signals} signals, ${run.upserts} upserts, ${run.completedWorkflowTasks} workflow tasks completed, ${(run.bytes / 1024).toFixed(0)} KiB), failed workflow tasks: ${failed || 'none'}, longest workflow task ${run.longestWorkflowTaskMs} ms, longest wait for one ${run.longestScheduleToStartMs} ms, largest step ${run.largestStep} events, first workflow task at event ${run.firstTaskStart}${run.continuedAsNew ? ', continued as new' : ''}`;
    })
    .join('\n');
}

/** The text of every marker's payloads in a run's history: a patch marker holds the patch id it recorded. */
export async function markerTexts(client: Client, workflowId: string, runId: string): Promise<string[]> {
  const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (events ?? []).flatMap((event) =>
    Object.values(event.markerRecordedEventAttributes?.details ?? {}).flatMap((details) =>
      (details.payloads ?? []).map((payload) => Buffer.from(payload.data ?? []).toString('utf8')),
    ),
  );
}
